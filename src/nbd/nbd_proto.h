/* The NBD wire format: magics, flags, option, command and reply codes, and the
 * fixed-size messages, as the NBD protocol document (doc/proto.md of
 * NetworkBlockDevice/nbd) defines them. All fields travel big-endian.
 * Left out: oldstyle negotiation, extended headers (64-bit lengths), resize. */
#ifndef USTOR_NBD_NBD_PROTO_H
#define USTOR_NBD_NBD_PROTO_H

#include <stddef.h>
#include <stdint.h>

/* ---- handshake ---- */
#define NBD_MAGIC               0x4e42444d41474943ull   /* "NBDMAGIC" */
#define NBD_IHAVEOPT            0x49484156454f5054ull   /* "IHAVEOPT": newstyle, and every option */
#define NBD_REP_MAGIC           0x0003e889045565a9ull   /* before every option reply */

/* Handshake flags (server, 16 bits) and client flags (32 bits). */
#define NBD_FLAG_FIXED_NEWSTYLE (1u << 0)
#define NBD_FLAG_NO_ZEROES      (1u << 1)
#define NBD_FLAG_C_FIXED_NEWSTYLE NBD_FLAG_FIXED_NEWSTYLE
#define NBD_FLAG_C_NO_ZEROES    NBD_FLAG_NO_ZEROES

/* Options. */
#define NBD_OPT_EXPORT_NAME        1u
#define NBD_OPT_ABORT              2u
#define NBD_OPT_LIST               3u
#define NBD_OPT_STARTTLS           5u
#define NBD_OPT_INFO               6u
#define NBD_OPT_GO                 7u
#define NBD_OPT_STRUCTURED_REPLY   8u
#define NBD_OPT_LIST_META_CONTEXT  9u
#define NBD_OPT_SET_META_CONTEXT  10u
#define NBD_OPT_EXTENDED_HEADERS  11u

/* Option replies; errors have bit 31 set. */
#define NBD_REP_ACK             1u
#define NBD_REP_SERVER          2u
#define NBD_REP_INFO            3u
#define NBD_REP_META_CONTEXT    4u
#define NBD_REP_ERR(n)          ((1u << 31) | (n))
#define NBD_REP_ERR_UNSUP       NBD_REP_ERR(1)
#define NBD_REP_ERR_POLICY      NBD_REP_ERR(2)
#define NBD_REP_ERR_INVALID     NBD_REP_ERR(3)
#define NBD_REP_ERR_PLATFORM    NBD_REP_ERR(4)
#define NBD_REP_ERR_TLS_REQD    NBD_REP_ERR(5)
#define NBD_REP_ERR_UNKNOWN     NBD_REP_ERR(6)
#define NBD_REP_ERR_SHUTDOWN    NBD_REP_ERR(7)
#define NBD_REP_ERR_BLOCK_SIZE_REQD NBD_REP_ERR(8)
#define NBD_REP_ERR_TOO_BIG     NBD_REP_ERR(9)

/* NBD_REP_INFO types. */
#define NBD_INFO_EXPORT         0u
#define NBD_INFO_NAME           1u
#define NBD_INFO_DESCRIPTION    2u
#define NBD_INFO_BLOCK_SIZE     3u

/* Transmission flags (16 bits). */
#define NBD_FLAG_HAS_FLAGS          (1u << 0)
#define NBD_FLAG_READ_ONLY          (1u << 1)
#define NBD_FLAG_SEND_FLUSH         (1u << 2)
#define NBD_FLAG_SEND_FUA           (1u << 3)
#define NBD_FLAG_ROTATIONAL         (1u << 4)
#define NBD_FLAG_SEND_TRIM          (1u << 5)
#define NBD_FLAG_SEND_WRITE_ZEROES  (1u << 6)
#define NBD_FLAG_SEND_DF            (1u << 7)
#define NBD_FLAG_CAN_MULTI_CONN     (1u << 8)
#define NBD_FLAG_SEND_CACHE         (1u << 10)
#define NBD_FLAG_SEND_FAST_ZERO     (1u << 11)

/* The one metadata context we know. */
#define NBD_CONTEXT_BASE_ALLOCATION "base:allocation"
#define NBD_STATE_HOLE          (1u << 0)
#define NBD_STATE_ZERO          (1u << 1)

/* Strings (names, queries, messages) may not be longer than this. */
#define NBD_MAX_STRING          4096u

/* ---- transmission ---- */
#define NBD_REQUEST_MAGIC           0x25609513u
#define NBD_SIMPLE_REPLY_MAGIC      0x67446698u
#define NBD_STRUCTURED_REPLY_MAGIC  0x668e33efu

#define NBD_CMD_READ            0u
#define NBD_CMD_WRITE           1u
#define NBD_CMD_DISC            2u
#define NBD_CMD_FLUSH           3u
#define NBD_CMD_TRIM            4u
#define NBD_CMD_CACHE           5u
#define NBD_CMD_WRITE_ZEROES    6u
#define NBD_CMD_BLOCK_STATUS    7u
#define NBD_CMD_COUNT           8u

#define NBD_CMD_FLAG_FUA        (1u << 0)
#define NBD_CMD_FLAG_NO_HOLE    (1u << 1)
#define NBD_CMD_FLAG_DF         (1u << 2)
#define NBD_CMD_FLAG_REQ_ONE    (1u << 3)
#define NBD_CMD_FLAG_FAST_ZERO  (1u << 4)

#define NBD_REPLY_FLAG_DONE         (1u << 0)
#define NBD_REPLY_TYPE_NONE         0u
#define NBD_REPLY_TYPE_OFFSET_DATA  1u
#define NBD_REPLY_TYPE_OFFSET_HOLE  2u
#define NBD_REPLY_TYPE_BLOCK_STATUS 5u
#define NBD_REPLY_TYPE_ERROR        ((1u << 15) + 1)
#define NBD_REPLY_TYPE_ERROR_OFFSET ((1u << 15) + 2)

/* Error values on the wire (not the host's errno numbering by contract). */
#define NBD_EPERM       1u
#define NBD_EIO         5u
#define NBD_ENOMEM     12u
#define NBD_EINVAL     22u
#define NBD_ENOSPC     28u
#define NBD_EOVERFLOW  75u
#define NBD_ENOTSUP    95u
#define NBD_ESHUTDOWN 108u

/* ---- fixed-size messages ---- */

/* Server greeting of the newstyle handshake. */
struct nbd_greeting {
    uint64_t magic;             /* NBD_MAGIC */
    uint64_t ihaveopt;          /* NBD_IHAVEOPT */
    uint16_t flags;             /* handshake flags */
} __attribute__((packed));

/* Header of every option the client sends; length bytes of data follow. */
struct nbd_option {
    uint64_t magic;             /* NBD_IHAVEOPT */
    uint32_t option;            /* NBD_OPT_* */
    uint32_t length;            /* bytes of option data that follow */
} __attribute__((packed));

/* Header of every option reply; length bytes of data follow. */
struct nbd_option_reply {
    uint64_t magic;             /* NBD_REP_MAGIC */
    uint32_t option;            /* the option this answers */
    uint32_t reply;             /* NBD_REP_* */
    uint32_t length;            /* bytes of reply data that follow */
} __attribute__((packed));

/* What NBD_OPT_EXPORT_NAME gets back (then 124 zero bytes unless NO_ZEROES). */
struct nbd_export_name_reply {
    uint64_t size;              /* export size in bytes */
    uint16_t eflags;            /* transmission flags */
} __attribute__((packed));

/* NBD_REP_INFO payload for NBD_INFO_EXPORT. */
struct nbd_info_export {
    uint16_t info;              /* NBD_INFO_EXPORT */
    uint64_t size;
    uint16_t eflags;
} __attribute__((packed));

/* NBD_REP_INFO payload for NBD_INFO_BLOCK_SIZE. */
struct nbd_info_block_size {
    uint16_t info;              /* NBD_INFO_BLOCK_SIZE */
    uint32_t minimum;           /* power of 2, <= 64 KiB */
    uint32_t preferred;         /* power of 2, >= max(minimum, 512) */
    uint32_t maximum;           /* largest payload accepted */
} __attribute__((packed));

/* A transmission request; WRITE has length bytes of payload after it. */
struct nbd_request {
    uint32_t magic;             /* NBD_REQUEST_MAGIC */
    uint16_t flags;             /* NBD_CMD_FLAG_* */
    uint16_t type;              /* NBD_CMD_* */
    uint64_t cookie;            /* opaque, echoed in the reply ("handle") */
    uint64_t offset;
    uint32_t length;
} __attribute__((packed));

/* The reply when structured replies are off (and allowed for payload-less ones). */
struct nbd_simple_reply {
    uint32_t magic;             /* NBD_SIMPLE_REPLY_MAGIC */
    uint32_t error;             /* NBD_E*, 0 on success */
    uint64_t cookie;
} __attribute__((packed));

/* One structured reply chunk header; length bytes of payload follow. */
struct nbd_structured_reply {
    uint32_t magic;             /* NBD_STRUCTURED_REPLY_MAGIC */
    uint16_t flags;             /* NBD_REPLY_FLAG_* */
    uint16_t type;              /* NBD_REPLY_TYPE_* */
    uint64_t cookie;
    uint32_t length;            /* payload bytes */
} __attribute__((packed));

/* Payload of NBD_REPLY_TYPE_ERROR: then message_length bytes of text. */
struct nbd_reply_error {
    uint32_t error;             /* NBD_E*, non-zero */
    uint16_t message_length;
} __attribute__((packed));

/* One descriptor of NBD_REPLY_TYPE_BLOCK_STATUS (after a 32-bit context id). */
struct nbd_block_descriptor {
    uint32_t length;            /* non-zero */
    uint32_t status;            /* NBD_STATE_* for base:allocation */
} __attribute__((packed));

_Static_assert(sizeof(struct nbd_greeting) == 18, "greeting is 18 bytes");
_Static_assert(sizeof(struct nbd_option) == 16, "option header is 16 bytes");
_Static_assert(sizeof(struct nbd_option_reply) == 20, "option reply header is 20 bytes");
_Static_assert(sizeof(struct nbd_export_name_reply) == 10, "export name reply is 10 bytes");
_Static_assert(sizeof(struct nbd_info_export) == 12, "NBD_INFO_EXPORT is 12 bytes");
_Static_assert(sizeof(struct nbd_info_block_size) == 14, "NBD_INFO_BLOCK_SIZE is 14 bytes");
_Static_assert(sizeof(struct nbd_request) == 28, "request is 28 bytes");
_Static_assert(offsetof(struct nbd_request, cookie) == 8, "request cookie at 8");
_Static_assert(offsetof(struct nbd_request, offset) == 16, "request offset at 16");
_Static_assert(offsetof(struct nbd_request, length) == 24, "request length at 24");
_Static_assert(sizeof(struct nbd_simple_reply) == 16, "simple reply is 16 bytes");
_Static_assert(sizeof(struct nbd_structured_reply) == 20, "structured chunk header is 20 bytes");
_Static_assert(offsetof(struct nbd_structured_reply, length) == 16, "chunk length at 16");
_Static_assert(sizeof(struct nbd_reply_error) == 6, "error chunk payload head is 6 bytes");
_Static_assert(sizeof(struct nbd_block_descriptor) == 8, "block descriptor is 8 bytes");

#endif
