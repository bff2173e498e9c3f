# Writes, trims and zeroes to a read-only export fail with EPERM; reads and
# flushes work. h is connected to the read-only export.
import errno
import nbd

assert h.is_read_only()
assert not h.can_trim() and not h.can_zero()
h.set_strict_mode(0)
for fn, args in ((h.pwrite, (b"w" * 4096, 0)), (h.trim, (4096, 0)), (h.zero, (4096, 0))):
    try:
        fn(*args)
        raise AssertionError("%s on a read-only export succeeded" % fn.__name__)
    except nbd.Error as e:
        assert e.errnum == errno.EPERM, (fn.__name__, e)
assert h.pread(4096, 0) == bytes(4096)
h.flush()
print("neg_readonly: ok")
