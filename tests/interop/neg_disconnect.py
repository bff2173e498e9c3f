# Clients that vanish: in the middle of a write payload, with requests in
# flight and replies unread, and in the middle of the handshake. The server
# stays up and serves the next client correctly.
import os
import socket
import struct
import sys

sys.path.insert(0, os.environ["INTEROP_DIR"])
import rawnbd

path = os.environ["SOCKET"]

s = rawnbd.connect(path)
rawnbd.request(s, rawnbd.CMD_WRITE, 0, 1 << 20, cookie=1, payload=b"\xee" * 1000)
s.close()

s = rawnbd.connect(path, structured=True)
for i in range(200):
    rawnbd.request(s, rawnbd.CMD_READ, (i % 64) * 65536, 65536, cookie=i)
s.shutdown(socket.SHUT_RDWR)
s.close()

s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(path)
rawnbd.recv_exact(s, 18)
s.sendall(struct.pack(">I", 3) + struct.pack(">QII", rawnbd.IHAVEOPT, 7, 100) + b"half")
s.close()

h.pwrite(b"\x5a" * 4096, 0)              # the first client's partial write is gone or whole
assert h.pread(4096, 0) == b"\x5a" * 4096
print("neg_disconnect: ok")
