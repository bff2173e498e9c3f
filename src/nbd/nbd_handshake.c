/* The fixed newstyle handshake: greeting, client flags, then option haggling
 * (EXPORT_NAME, ABORT, LIST, STARTTLS refused, INFO, GO, STRUCTURED_REPLY,
 * LIST/SET_META_CONTEXT with base:allocation). Each option is handled whole once
 * its data is in the staging buffer; over-long ones are skipped and refused with
 * NBD_REP_ERR_TOO_BIG, malformed ones get NBD_REP_ERR_INVALID and a message. */
#include "nbd/nbd_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define META_ID_BASE_ALLOCATION 1u

void nbd_handshake_begin(struct nbd_conn *c)
{
    struct nbd_greeting g = {
        .magic = nbd_be64(NBD_MAGIC), .ihaveopt = nbd_be64(NBD_IHAVEOPT),
        .flags = nbd_be16(NBD_FLAG_FIXED_NEWSTYLE | NBD_FLAG_NO_ZEROES),
    };

    c->phase = NBD_PHASE_FLAGS;
    nbd_conn_hs_put(c, &g, sizeof(g));
}

static const char *opt_name(uint32_t opt)
{
    static const char *const names[] = {
        [NBD_OPT_EXPORT_NAME] = "NBD_OPT_EXPORT_NAME", [NBD_OPT_ABORT] = "NBD_OPT_ABORT",
        [NBD_OPT_LIST] = "NBD_OPT_LIST", [NBD_OPT_STARTTLS] = "NBD_OPT_STARTTLS",
        [NBD_OPT_INFO] = "NBD_OPT_INFO", [NBD_OPT_GO] = "NBD_OPT_GO",
        [NBD_OPT_STRUCTURED_REPLY] = "NBD_OPT_STRUCTURED_REPLY",
        [NBD_OPT_LIST_META_CONTEXT] = "NBD_OPT_LIST_META_CONTEXT",
        [NBD_OPT_SET_META_CONTEXT] = "NBD_OPT_SET_META_CONTEXT",
        [NBD_OPT_EXTENDED_HEADERS] = "NBD_OPT_EXTENDED_HEADERS",
    };

    return opt < sizeof(names) / sizeof(names[0]) && names[opt] ? names[opt] : "option";
}

/* ---- replies ---- */

static void opt_reply2(struct nbd_conn *c, uint32_t opt, uint32_t type, const void *a, size_t alen,
                       const void *b, size_t blen)
{
    struct nbd_option_reply h = {
        .magic = nbd_be64(NBD_REP_MAGIC), .option = nbd_be32(opt), .reply = nbd_be32(type),
        .length = nbd_be32((uint32_t)(alen + blen)),
    };

    if (nbd_conn_hs_put(c, &h, sizeof(h)) && nbd_conn_hs_put(c, a, alen))
        nbd_conn_hs_put(c, b, blen);
}

static void opt_reply(struct nbd_conn *c, uint32_t opt, uint32_t type, const void *data, size_t len)
{
    opt_reply2(c, opt, type, data, len, NULL, 0);
}

/* An error reply with its message; client mistakes (guest) are logged as such. */
static void opt_error(struct nbd_conn *c, uint32_t opt, uint32_t type, bool guest, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void opt_error(struct nbd_conn *c, uint32_t opt, uint32_t type, bool guest, const char *fmt, ...)
{
    char text[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof(text))
        n = sizeof(text) - 1;
    if (guest)
        nbd_conn_guest_error(c, "%s: %s", opt_name(opt), text);
    else
        nbd_conn_debug(c, "%s: %s", opt_name(opt), text);
    opt_reply(c, opt, type, text, (size_t)n);
}

/* ---- the export a client picks ---- */

static uint16_t transmission_flags(const struct nbd_conn *c, const struct nbd_srv_export *x)
{
    uint32_t caps = x->e.caps, f = NBD_FLAG_HAS_FLAGS;
    bool ro = caps & NBD_EXPORT_READ_ONLY;

    f |= ro ? NBD_FLAG_READ_ONLY : 0;
    f |= (caps & NBD_EXPORT_CAN_FLUSH) ? NBD_FLAG_SEND_FLUSH : 0;
    f |= (caps & NBD_EXPORT_CAN_FUA) && !ro ? NBD_FLAG_SEND_FUA : 0;
    f |= (caps & NBD_EXPORT_CAN_TRIM) && !ro ? NBD_FLAG_SEND_TRIM : 0;
    f |= (caps & NBD_EXPORT_CAN_ZERO) && !ro ? NBD_FLAG_SEND_WRITE_ZEROES | NBD_FLAG_SEND_FAST_ZERO : 0;
    f |= c->structured ? NBD_FLAG_SEND_DF : 0;
    f |= (caps & NBD_EXPORT_CAN_MULTI_CONN) ? NBD_FLAG_CAN_MULTI_CONN : 0;
    f |= (caps & NBD_EXPORT_CAN_CACHE) ? NBD_FLAG_SEND_CACHE : 0;
    f |= (caps & NBD_EXPORT_ROTATIONAL) ? NBD_FLAG_ROTATIONAL : 0;
    return (uint16_t)f;
}

static void opt_export_name(struct nbd_conn *c, const uint8_t *data, uint32_t len)
{
    static const uint8_t zeroes[124];
    const struct nbd_srv_export *x = len <= NBD_MAX_STRING ? nbd_export_find(c->srv, (const char *)data, len) : NULL;
    struct nbd_export_name_reply rep;

    if (!x) {
        nbd_conn_guest_error(c, "NBD_OPT_EXPORT_NAME: no export named '%.*s'; hanging up (the "
                             "option cannot fail otherwise)", (int)(len > 256 ? 256 : len), data);
        nbd_conn_hangup(c);
        return;
    }
    c->eflags = transmission_flags(c, x);
    if (nbd_conn_enter_transmission(c, x) < 0) {
        nbd_conn_close(c, "cannot enter transmission (export withdrawn, or out of memory)");
        return;
    }
    rep = (struct nbd_export_name_reply){ nbd_be64(x->e.size), nbd_be16(c->eflags) };
    if (nbd_conn_hs_put(c, &rep, sizeof(rep)) && !c->no_zeroes)
        nbd_conn_hs_put(c, zeroes, sizeof(zeroes));
}

static void list_one(void *arg, const struct nbd_srv_export *x)
{
    struct nbd_conn *c = arg;
    uint8_t head[4 + NBD_MAX_STRING];
    uint32_t be = nbd_be32((uint32_t)x->name_len);

    memcpy(head, &be, 4);
    memcpy(head + 4, x->e.name, x->name_len);
    opt_reply2(c, NBD_OPT_LIST, NBD_REP_SERVER, head, 4 + x->name_len, x->e.description ? x->e.description : "",
               x->desc_len);
}

static void opt_list(struct nbd_conn *c, uint32_t len)
{
    if (len) {
        opt_error(c, NBD_OPT_LIST, NBD_REP_ERR_INVALID, true, "takes no data, got %u bytes", len);
        return;
    }
    nbd_export_each(c->srv, list_one, c);
    opt_reply(c, NBD_OPT_LIST, NBD_REP_ACK, NULL, 0);
}

/* ---- INFO and GO ---- */

#define WANT_NAME (1u << 0)
#define WANT_DESCRIPTION (1u << 1)

static void info_reply(struct nbd_conn *c, uint32_t opt, const struct nbd_srv_export *x, uint16_t eflags,
                       unsigned want)
{
    struct nbd_info_export ie = { nbd_be16(NBD_INFO_EXPORT), nbd_be64(x->e.size), nbd_be16(eflags) };
    struct nbd_info_block_size bs = {
        nbd_be16(NBD_INFO_BLOCK_SIZE), nbd_be32(x->e.block_min), nbd_be32(x->e.block_pref),
        nbd_be32(x->e.block_max),
    };
    uint16_t type;

    opt_reply(c, opt, NBD_REP_INFO, &ie, sizeof(ie));
    opt_reply(c, opt, NBD_REP_INFO, &bs, sizeof(bs));
    if (want & WANT_NAME) {
        type = nbd_be16(NBD_INFO_NAME);
        opt_reply2(c, opt, NBD_REP_INFO, &type, 2, x->e.name, x->name_len);
    }
    if ((want & WANT_DESCRIPTION) && x->e.description) {
        type = nbd_be16(NBD_INFO_DESCRIPTION);
        opt_reply2(c, opt, NBD_REP_INFO, &type, 2, x->e.description, x->desc_len);
    }
}

/* Name and wanted information of an INFO/GO request; false if malformed. */
static bool info_parse(const uint8_t *d, uint32_t len, uint32_t *nlen, unsigned *want)
{
    uint32_t nreq;

    if (len < 6 || (*nlen = nbd_get32(d)) > len - 6 || *nlen > NBD_MAX_STRING)
        return false;
    nreq = nbd_get16(d + 4 + *nlen);
    if (len != 6 + *nlen + 2 * nreq)
        return false;
    *want = 0;
    for (uint32_t i = 0; i < nreq; i++) {
        uint16_t t = nbd_get16(d + 6 + *nlen + 2 * i);

        *want |= t == NBD_INFO_NAME ? WANT_NAME : t == NBD_INFO_DESCRIPTION ? WANT_DESCRIPTION : 0;
    }
    return true;
}

static void opt_info_go(struct nbd_conn *c, uint32_t opt, const uint8_t *d, uint32_t len)
{
    const struct nbd_srv_export *x;
    uint32_t nlen = 0;
    unsigned want = 0;
    uint16_t eflags;

    if (!info_parse(d, len, &nlen, &want)) {
        opt_error(c, opt, NBD_REP_ERR_INVALID, true, "malformed request (%u bytes of data)", len);
        return;
    }
    x = nbd_export_find(c->srv, (const char *)d + 4, nlen);
    if (!x) {
        opt_error(c, opt, NBD_REP_ERR_UNKNOWN, true, "no export named '%.*s' (NBD_OPT_LIST shows "
                  "what exists)", (int)(nlen > 200 ? 200 : nlen), d + 4);
        return;
    }
    eflags = transmission_flags(c, x);
    info_reply(c, opt, x, eflags, want);
    if (opt == NBD_OPT_GO) {
        c->eflags = eflags;
        if (nbd_conn_enter_transmission(c, x) == -ENOENT) {
            opt_error(c, opt, NBD_REP_ERR_UNKNOWN, false, "export '%s' was just withdrawn", x->e.name);
            return;
        } else if (c->phase != NBD_PHASE_TRANSMIT) {
            opt_error(c, opt, NBD_REP_ERR_SHUTDOWN, false, "the server is out of memory");
            return;
        }
    }
    opt_reply(c, opt, NBD_REP_ACK, NULL, 0);
}

/* ---- metadata contexts ---- */

struct meta_query {
    const uint8_t *name;
    uint32_t name_len, nqueries;
    bool base;                  /* base:allocation matched */
};

static bool query_is(const uint8_t *q, uint32_t len, const char *s)
{
    return len == strlen(s) && !memcmp(q, s, len);
}

/* Checks the layout and matches the queries; false if malformed. */
static bool meta_parse(const uint8_t *d, uint32_t len, bool list, struct meta_query *m)
{
    uint64_t p;

    if (len < 8 || (m->name_len = nbd_get32(d)) > len - 8 || m->name_len > NBD_MAX_STRING)
        return false;
    m->name = d + 4;
    m->nqueries = nbd_get32(d + 4 + m->name_len);
    m->base = list && m->nqueries == 0;
    p = 8 + (uint64_t)m->name_len;
    for (uint32_t i = 0; i < m->nqueries; i++) {
        uint32_t qlen;

        if (p + 4 > len || (qlen = nbd_get32(d + p)) > len - p - 4 ||
            qlen > NBD_MAX_STRING)
            return false;
        if (query_is(d + p + 4, qlen, NBD_CONTEXT_BASE_ALLOCATION) || (list && query_is(d + p + 4, qlen, "base:")))
            m->base = true;
        p += 4 + qlen;
    }
    return p == len;
}

static void opt_meta(struct nbd_conn *c, uint32_t opt, const uint8_t *d, uint32_t len)
{
    bool list = opt == NBD_OPT_LIST_META_CONTEXT;
    struct meta_query m;
    const struct nbd_srv_export *x;
    uint32_t id;

    if (!list)
        c->meta_exp = NULL;     /* a SET replaces the selection, even when it fails */
    if (!c->structured) {
        opt_error(c, opt, NBD_REP_ERR_INVALID, true, "negotiate NBD_OPT_STRUCTURED_REPLY first");
        return;
    }
    if (!meta_parse(d, len, list, &m)) {
        opt_error(c, opt, NBD_REP_ERR_INVALID, true, "malformed request (%u bytes of data)", len);
        return;
    }
    x = nbd_export_find(c->srv, (const char *)m.name, m.name_len);
    if (!x) {
        opt_error(c, opt, NBD_REP_ERR_UNKNOWN, true, "no export named '%.*s'",
                  (int)(m.name_len > 200 ? 200 : m.name_len), m.name);
        return;
    }
    if (m.base) {
        id = nbd_be32(list ? 0 : META_ID_BASE_ALLOCATION);
        opt_reply2(c, opt, NBD_REP_META_CONTEXT, &id, 4, NBD_CONTEXT_BASE_ALLOCATION,
                   strlen(NBD_CONTEXT_BASE_ALLOCATION));
        if (!list)
            c->meta_exp = x;
    }
    opt_reply(c, opt, NBD_REP_ACK, NULL, 0);
}

/* ---- dispatch ---- */

static void opt_no_data(struct nbd_conn *c, uint32_t opt, uint32_t len)
{
    if (len) {
        opt_error(c, opt, NBD_REP_ERR_INVALID, true, "takes no data, got %u bytes", len);
    } else if (opt == NBD_OPT_STARTTLS) {
        opt_error(c, opt, NBD_REP_ERR_POLICY, false, "TLS is not supported by this server yet; "
                  "connect without TLS");
    } else if (opt == NBD_OPT_STRUCTURED_REPLY) {
        c->structured = true;
        opt_reply(c, opt, NBD_REP_ACK, NULL, 0);
    }
}

static void option_handle(struct nbd_conn *c, uint32_t opt, const uint8_t *data, uint32_t len)
{
    switch (opt) {
    case NBD_OPT_EXPORT_NAME:
        opt_export_name(c, data, len);
        break;
    case NBD_OPT_ABORT:         /* data, if any, is ignored as the protocol asks */
        opt_reply(c, opt, NBD_REP_ACK, NULL, 0);
        c->closing_after_flush = true;
        break;
    case NBD_OPT_LIST:
        opt_list(c, len);
        break;
    case NBD_OPT_STARTTLS:
    case NBD_OPT_STRUCTURED_REPLY:
        opt_no_data(c, opt, len);
        break;
    case NBD_OPT_INFO:
    case NBD_OPT_GO:
        opt_info_go(c, opt, data, len);
        break;
    case NBD_OPT_LIST_META_CONTEXT:
    case NBD_OPT_SET_META_CONTEXT:
        opt_meta(c, opt, data, len);
        break;
    default:
        opt_error(c, opt, NBD_REP_ERR_UNSUP, false, "option %u is not supported", opt);
        break;
    }
}

/* ---- the state machine ---- */

static uint32_t in_avail(const struct nbd_conn *c)
{
    return c->in_end - c->in_start;
}

static bool step_flags(struct nbd_conn *c)
{
    uint32_t flags;

    if (in_avail(c) < 4)
        return false;
    memcpy(&flags, c->in + c->in_start, 4);
    c->in_start += 4;
    flags = nbd_be32(flags);
    if (flags & ~(NBD_FLAG_C_FIXED_NEWSTYLE | NBD_FLAG_C_NO_ZEROES)) {
        nbd_conn_guest_error(c, "unknown client flags 0x%x; hanging up", flags);
        nbd_conn_hangup(c);
        return false;
    }
    c->no_zeroes = flags & NBD_FLAG_C_NO_ZEROES;
    c->phase = NBD_PHASE_OPTIONS;
    return true;
}

static bool step_skip(struct nbd_conn *c)
{
    uint32_t n = in_avail(c) < c->skip_left ? in_avail(c) : (uint32_t)c->skip_left;

    c->in_start += n;
    c->skip_left -= n;
    if (c->skip_left == 0)
        opt_error(c, c->skip_option, NBD_REP_ERR_TOO_BIG, true, "option data over the %u-byte limit",
                  NBD_OPTION_MAX);
    return n > 0 || c->skip_left == 0;
}

/* A header that cannot be answered ends the connection; false then. */
static bool option_header_ok(struct nbd_conn *c, const struct nbd_option *h)
{
    if (nbd_be64(h->magic) != NBD_IHAVEOPT) {
        nbd_conn_guest_error(c, "bad option magic 0x%016llx; hanging up",
                             (unsigned long long)nbd_be64(h->magic));
    } else if (++c->n_options > NBD_OPTIONS_MAX) {
        nbd_conn_guest_error(c, "over %u options without choosing an export; hanging up",
                             NBD_OPTIONS_MAX);
    } else if (nbd_be32(h->option) == NBD_OPT_EXPORT_NAME && nbd_be32(h->length) > NBD_MAX_STRING) {
        nbd_conn_guest_error(c, "NBD_OPT_EXPORT_NAME of %u bytes; hanging up", nbd_be32(h->length));
    } else {
        return true;
    }
    nbd_conn_hangup(c);
    return false;
}

bool nbd_handshake_step(struct nbd_conn *c)
{
    struct nbd_option h;
    uint32_t len, opt;

    if (c->hs_len > NBD_HS_OUT_MAX / 2) {   /* the client is not reading our replies */
        c->stalled = true;
        return false;
    }
    if (c->phase == NBD_PHASE_FLAGS)
        return step_flags(c);
    if (c->skip_left)
        return step_skip(c);
    if (in_avail(c) < sizeof(h))
        return false;
    memcpy(&h, c->in + c->in_start, sizeof(h));
    if (!option_header_ok(c, &h))
        return false;
    opt = nbd_be32(h.option);
    len = nbd_be32(h.length);
    if (len > NBD_OPTION_MAX) {
        c->in_start += sizeof(h);
        c->skip_left = len;
        c->skip_option = opt;
        return true;
    }
    if (in_avail(c) < sizeof(h) + len)
        return false;
    c->in_start += sizeof(h) + len;
    option_handle(c, opt, c->in + c->in_start - len, len);
    return !c->dead && !c->closing_after_flush;
}
