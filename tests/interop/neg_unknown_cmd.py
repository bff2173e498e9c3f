# An unknown command and unknown flags get EINVAL (with a message when
# structured replies are on); the session goes on.
import os
import sys

sys.path.insert(0, os.environ["INTEROP_DIR"])
import rawnbd

for structured in (False, True):
    s = rawnbd.connect(os.environ["SOCKET"], structured=structured)
    rawnbd.request(s, 99, 0, 512, cookie=1)
    cookie, err, msg = rawnbd.reply(s)
    assert (cookie, err) == (1, rawnbd.EINVAL), (cookie, err)
    assert not structured or b"not known" in msg, msg
    rawnbd.request(s, rawnbd.CMD_READ, 0, 512, flags=0x40, cookie=2)
    assert rawnbd.reply(s)[:2] == (2, rawnbd.EINVAL)
    rawnbd.request(s, rawnbd.CMD_READ, 0, 512, cookie=3)
    cookie, err, data = rawnbd.reply(s)
    assert (cookie, err) == (3, 0)
    if not structured:
        data = rawnbd.recv_exact(s, 512)
    s.close()
h.pread(512, 0)
print("neg_unknown_cmd: ok")
