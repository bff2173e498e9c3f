/*
 * poppack.h - restores the structure packing that the matching pshpackN.h
 * saved.  No include guard: it pops once per inclusion.
 */
#pragma pack(pop)
