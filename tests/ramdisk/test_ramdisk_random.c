/*
 * Random CDBs against the ramdisk miniport (a fixed seed, so every run is the same):
 * each of the miniport's operation codes and some it does not know, with random
 * fields biased towards the edges (small LBAs, lengths around the limits, random
 * flag bits), random buffer sizes and directions, and random parameter lists. Each
 * request must complete with a coherent outcome: GOOD with no more data than the
 * buffer, or CHECK CONDITION with well-formed fixed sense data, or one of the SRB
 * statuses the miniport documents. Under ASan this also proves no CDB makes it read
 * or write outside its buffers.
 */
#include <string.h>

#include "rd_test.h"

#define ROUNDS 20000

static uint32_t rng = 12345;

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static const uint8_t opcodes[] = {
    0x00, 0x03, 0x08, 0x0A, 0x12, 0x1A, 0x1B, 0x25, 0x28, 0x2A, 0x2F, 0x35, 0x41, 0x42, 0x5A,
    0x88, 0x8A, 0x8F, 0x91, 0x93, 0x9E, 0xA0, 0xA8, 0xAA, 0xAF, 0x15, 0x55, 0x04, 0xC5, 0xFF,
};

static uint8_t cdb_size(uint8_t op)
{
    if (op < 0x20)
        return 6;
    if (op < 0x60)
        return 10;
    if (op >= 0x80 && op < 0xA0)
        return 16;
    return 12;
}

/* A value near the interesting edges of a field. */
static uint32_t edgy(void)
{
    switch (next() % 6) {
    case 0: return 0;
    case 1: return next() % 4;
    case 2: return next() % 300;
    case 3: return 2040 + next() % 20;
    case 4: return 0xFFFFFFFFu - next() % 3;
    default: return next();
    }
}

static void random_cdb(uint8_t *cdb, uint8_t *length)
{
    uint8_t op = opcodes[next() % sizeof opcodes];
    *length = cdb_size(op);
    for (int i = 0; i < 16; i++)
        cdb[i] = (next() % 4) ? 0 : (uint8_t)next();
    cdb[0] = op;
    if (next() % 2)
        cdb[*length - 1] = 0;             /* mostly a clean control byte */
    if (*length >= 10)
        put_be32(cdb + 2, edgy() % 4096);
    if (*length == 16 && next() % 2) {
        put_be64(cdb + 2, edgy());
        put_be32(cdb + 10, edgy());
    }
    if (op == 0x9E)
        cdb[1] = (next() % 3) ? (uint8_t)(0x10 + next() % 3) : (uint8_t)next();
    if (next() % 8 == 0)
        *length = (uint8_t)(6 + next() % 11);
}

static void random_parameters(uint8_t *buf, uint32_t len)
{
    for (uint32_t i = 0; i < len && i < 4096; i++)
        buf[i] = (next() % 3) ? 0 : (uint8_t)next();
    if (len >= 8 && next() % 2) {        /* a plausible UNMAP list header */
        uint16_t n = (uint16_t)(next() % 6);
        buf[0] = 0;
        buf[1] = (uint8_t)(6 + 16 * n);
        buf[2] = 0;
        buf[3] = (uint8_t)(16 * n);
    }
}

static unsigned outcomes[256];

static void check_outcome(const struct rdt_result *r, uint32_t len, const uint8_t *cdb)
{
    outcomes[r->srb_status]++;
    CHECK(r->transferred <= len, "CDB %02x moved %u bytes of a %u-byte buffer", cdb[0],
          r->transferred, len);
    switch (r->srb_status) {
    case RDT_SRB_SUCCESS:
        CHECK(r->rc == 0 && r->scsi_status == 0, "CDB %02x: GOOD with rc %d", cdb[0], r->rc);
        return;
    case RDT_SRB_ERROR:
        CHECK(r->scsi_status == RDT_CHECK_CONDITION && r->sense_valid == 18 &&
              (r->sense[0] & 0x7F) == 0x70 && r->sense[7] == 10 && r->transferred == 0,
              "CDB %02x: malformed CHECK CONDITION", cdb[0]);
        uint8_t key = r->sense[2] & 0xF;
        CHECK(key == KEY_ILLEGAL || key == KEY_PROTECT || key == KEY_MISCOMPARE,
              "CDB %02x: sense key %x", cdb[0], key);
        return;
    case RDT_SRB_DATA_OVERRUN:
    case RDT_SRB_INVALID_REQUEST:
        return;
    default:
        CHECK(0, "CDB %02x: SRB status 0x%02x", cdb[0], r->srb_status);
    }
}

int main(void)
{
    struct rdt t;
    rdt_open(&t, "disk0=ram:1M;disk1=ram:1M,ro,bs=4096");
    struct ustor_lun *luns[2] = {t.lun, rdt_lun(&t, 1)};
    for (int round = 0; round < ROUNDS; round++) {
        uint8_t cdb[16], length;
        random_cdb(cdb, &length);
        uint32_t len = next() % 3 ? next() % 9000 : next() % (1u << 20);
        int dir = (int)(next() % 3);
        if (dir == USTOR_DATA_OUT)
            random_parameters(t.buf, len);
        struct rdt_result r = rdt_exec(luns[next() % 2], cdb, length, dir, len ? t.buf : NULL, len);
        check_outcome(&r, len, cdb);
    }
    rdt_close(&t);
    printf("GOOD %u, CHECK CONDITION %u, DATA_OVERRUN %u, INVALID_REQUEST %u\n",
           outcomes[RDT_SRB_SUCCESS], outcomes[RDT_SRB_ERROR], outcomes[RDT_SRB_DATA_OVERRUN],
           outcomes[RDT_SRB_INVALID_REQUEST]);
    CHECK(outcomes[RDT_SRB_SUCCESS] > ROUNDS / 20 && outcomes[RDT_SRB_ERROR] > ROUNDS / 4 &&
          outcomes[RDT_SRB_DATA_OVERRUN] && outcomes[RDT_SRB_INVALID_REQUEST],
          "the random CDBs should reach every kind of outcome");
    printf("ok\n");
    return 0;
}
