/*
 * pshpack8.h - packs the structures that follow to 8-byte alignment until
 * poppack.h.  No include guard: it pushes once per inclusion.
 */
#pragma pack(push, 8)
