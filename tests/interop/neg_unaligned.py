# Misaligned requests on an export with 512-byte blocks: EINVAL, no corruption.
import errno
import nbd

assert h.get_block_size(nbd.SIZE_MINIMUM) == 512
h.set_strict_mode(0)
h.pwrite(b"\xaa" * 1024, 0)


def expect_einval(fn, *args):
    try:
        fn(*args)
    except nbd.Error as e:
        assert e.errnum == errno.EINVAL, (fn.__name__, e)
        return
    raise AssertionError("%s%r succeeded" % (fn.__name__, args[1:]))


expect_einval(h.pread, 512, 100)
expect_einval(h.pread, 100, 0)
expect_einval(h.pwrite, b"\x55" * 100, 0)
expect_einval(h.pwrite, b"\x55" * 512, 256)
expect_einval(h.zero, 100, 512)
expect_einval(h.trim, 512, 1)
assert h.pread(1024, 0) == b"\xaa" * 1024            # nothing was half written
print("neg_unaligned: ok")
