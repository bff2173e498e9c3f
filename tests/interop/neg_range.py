# Out-of-range requests: EINVAL for reads, ENOSPC for writes and zeroes; the
# connection carries on. h is connected to a 64 MiB export.
import errno
import nbd

size = h.get_size()
h.set_strict_mode(0)            # let libnbd send what it would refuse itself


def expect(err, fn, *args):
    try:
        fn(*args)
    except nbd.Error as e:
        assert e.errnum == err, (fn.__name__, args[1:], e.errnum, e)
        return
    raise AssertionError("%s%r succeeded" % (fn.__name__, args[1:]))


expect(errno.EINVAL, h.pread, 4096, size - 100)
expect(errno.EINVAL, h.pread, 512, size)
expect(errno.ENOSPC, h.pwrite, b"x" * 512, size)
expect(errno.ENOSPC, h.pwrite, b"x" * 4096, size - 512)
expect(errno.ENOSPC, h.zero, 1024, size - 512)
expect(errno.EINVAL, h.trim, 4096, size + 4096)
expect(errno.EINVAL, h.cache, 4096, (1 << 63) + 4096)
assert h.pread(512, size - 512) == bytes(512)       # still usable
print("neg_range: ok")
