/*
 * pshpack1.h - packs the structures that follow to 1-byte alignment until
 * poppack.h.  No include guard: it pushes once per inclusion.
 */
#pragma pack(push, 1)
