# Requests longer than the 32 MiB maximum payload: refused with EINVAL, the
# write payload skipped, the connection carries on; raw requests with lengths
# near 4 GiB allocate nothing and are refused too.
import errno
import os
import sys

import nbd

sys.path.insert(0, os.environ["INTEROP_DIR"])
import rawnbd

assert h.get_block_size(nbd.SIZE_MAXIMUM) == 32 << 20
h.set_strict_mode(0)
for fn, args in ((h.pread, (40 << 20, 0)), (h.pwrite, (b"z" * (40 << 20), 0))):
    try:
        fn(*args)
        raise AssertionError("over-long %s succeeded" % fn.__name__)
    except nbd.Error as e:
        assert e.errnum == errno.EINVAL, e
h.pwrite(b"ok" * 256, 0)
assert h.pread(512, 0) == b"ok" * 256

s = rawnbd.connect(os.environ["SOCKET"], structured=True)
rawnbd.request(s, rawnbd.CMD_READ, 0, 0xFFFFFFF0, cookie=7)
cookie, err, msg = rawnbd.reply(s)
assert cookie == 7 and err == rawnbd.EINVAL and msg, (cookie, err, msg)
print("server said:", msg.decode())
rawnbd.request(s, rawnbd.CMD_READ, 0, 512, cookie=8)
assert rawnbd.reply(s)[:2] == (8, 0)
s.close()
print("neg_overlong: ok")
