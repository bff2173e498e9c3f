/*
 * pshpack4.h - packs the structures that follow to 4-byte alignment until
 * poppack.h.  No include guard: it pushes once per inclusion.
 */
#pragma pack(push, 4)
