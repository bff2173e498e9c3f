# Raw NBD over a socket, for the negative tests that send what libnbd never
# would (unknown commands, truncated payloads, disconnects mid-request).
import socket
import struct

IHAVEOPT = 0x49484156454F5054
REQUEST_MAGIC = 0x25609513
SIMPLE_MAGIC = 0x67446698
STRUCTURED_MAGIC = 0x668E33EF
OPT_GO, OPT_STRUCTURED_REPLY = 7, 8
REP_ACK, REP_INFO = 1, 3
CMD_READ, CMD_WRITE = 0, 1
EINVAL, EPERM, ENOSPC = 22, 1, 28


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError("server closed the connection")
        buf += chunk
    return buf


def option(s, opt, data=b""):
    s.sendall(struct.pack(">QII", IHAVEOPT, opt, len(data)) + data)
    replies = []
    while True:
        magic, o, rep, length = struct.unpack(">QIII", recv_exact(s, 20))
        assert o == opt, (o, opt)
        payload = recv_exact(s, length)
        replies.append((rep, payload))
        if rep != REP_INFO:
            return replies


def connect(path, export="", structured=False):
    """Connects and negotiates; returns the socket in transmission phase."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(30)
    s.connect(path)
    hello = recv_exact(s, 18)
    assert hello[:8] == b"NBDMAGIC", hello
    s.sendall(struct.pack(">I", 3))     # fixed newstyle, no zeroes
    if structured:
        assert option(s, OPT_STRUCTURED_REPLY)[-1][0] == REP_ACK
    name = export.encode()
    rep = option(s, OPT_GO, struct.pack(">I", len(name)) + name + struct.pack(">H", 0))
    assert rep[-1][0] == REP_ACK, rep
    return s


def request(s, cmd, offset=0, length=0, flags=0, cookie=1, payload=b""):
    s.sendall(struct.pack(">IHHQQI", REQUEST_MAGIC, flags, cmd, cookie, offset, length) + payload)


def reply(s):
    """One reply: (cookie, error, message or data)."""
    magic = struct.unpack(">I", recv_exact(s, 4))[0]
    if magic == SIMPLE_MAGIC:
        error, cookie = struct.unpack(">IQ", recv_exact(s, 12))
        return cookie, error, b""
    assert magic == STRUCTURED_MAGIC, hex(magic)
    flags, typ, cookie, length = struct.unpack(">HHQI", recv_exact(s, 16))
    body = recv_exact(s, length)
    if typ & 0x8000:
        error, mlen = struct.unpack(">IH", body[:6])
        return cookie, error, body[6:6 + mlen]
    return cookie, 0, body
