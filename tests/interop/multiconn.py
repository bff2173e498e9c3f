# CAN_MULTI_CONN holds: a write on one connection, flushed on a second, is
# read back on a third; all three see the same flags and size.
import os

import nbd

uri = os.environ["URI"]
hs = []
for i in range(3):
    c = nbd.NBD()
    c.connect_uri(uri)
    assert c.can_multi_conn() and c.can_flush() and c.can_fua()
    hs.append(c)
for round in range(50):
    data = bytes([(round * 7 + i) & 0xFF for i in range(4096)])
    off = (round % 16) * 65536
    hs[0].pwrite(data, off)
    hs[1].flush()
    assert hs[2].pread(4096, off) == data, round
    hs[2].pwrite(data[::-1], off, nbd.CMD_FLAG_FUA)
    assert hs[0].pread(4096, off) == data[::-1], round
for c in hs:
    c.shutdown()
print("multiconn: ok")
