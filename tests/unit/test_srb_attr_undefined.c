/* The VirtIO library's linux/types.h does "#define __attribute__(x)" before a miniport
 * includes storport.h/srb.h: the SRB layouts must come out the same (the headers' own
 * static asserts fail the build otherwise) and srbhelper must still find the address. */
#define __attribute__(x)
#include <srb.h>
#include <srbhelper.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
    union {
        STORAGE_REQUEST_BLOCK srb;
        UCHAR bytes[sizeof(STORAGE_REQUEST_BLOCK) + sizeof(STOR_ADDR_BTL8)];
    } u;
    PSTOR_ADDR_BTL8 btl = (PSTOR_ADDR_BTL8)(u.bytes + sizeof(STORAGE_REQUEST_BLOCK));
    UCHAR path = 0, target = 0, lun = 0;
    int failures = 0;

    memset(&u, 0, sizeof(u));
    u.srb.Function = SRB_FUNCTION_STORAGE_REQUEST_BLOCK;
    u.srb.SrbLength = sizeof(u);
    u.srb.AddressOffset = sizeof(STORAGE_REQUEST_BLOCK);
    btl->Type = STOR_ADDRESS_TYPE_BTL8, btl->Path = 4, btl->Target = 2, btl->Lun = 1;
    SrbGetPathTargetLun(&u.srb, &path, &target, &lun);
    if (path != 4 || target != 2 || lun != 1 || _Alignof(STOR_ADDR_BTL8) != 8) {
        fprintf(stderr, "address read as %u/%u/%u\n", path, target, lun);
        failures++;
    }
    if (sizeof(SCSI_REQUEST_BLOCK) != 0x58 || _Alignof(STORAGE_REQUEST_BLOCK) != 8) {
        fprintf(stderr, "SRB size or alignment changed\n");
        failures++;
    }
    return failures ? 1 : 0;
}
