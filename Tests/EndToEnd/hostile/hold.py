#!/usr/bin/env python3
"""A hostile submitter that parks drafts in the gate: creates COUNT drafts in incoming/,
maps each shared and writable, and closes its descriptor, so the file is still open for
writing (by the mapping alone) while no descriptor is left. Then EXTRA more the same way.
Holds every mapping until STOPFILE exists. Usage: hold.py SPOOL COUNT EXTRA STOPFILE
Prints "held COUNT+EXTRA in S s" once all are in place."""
import ctypes, mmap, os, sys, time

spool, count, extra, stopfile = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
incoming = os.path.join(spool, "incoming")
body = b'{"apiVersion": "supportgate/v1", "draftId": "held"}'
# libc's mmap, not Python's: mmap.mmap keeps a dup of the descriptor, and the point is
# that none is left (nor would 40,000 fit under the descriptor limit).
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
maps = []
started = time.monotonic()
for prefix, n in (("held", count), ("overflow", extra)):
    for i in range(n):
        fd = os.open(os.path.join(incoming, f"{prefix}-{i:06d}.json"), os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, body)
        address = libc.mmap(None, len(body), mmap.PROT_READ | mmap.PROT_WRITE, mmap.MAP_SHARED, fd, 0)
        if address in (None, ctypes.c_void_p(-1).value):
            raise OSError(ctypes.get_errno(), "mmap failed")
        maps.append(address)
        os.close(fd)
    if prefix == "held":
        # The extra ones come once the gate has claimed the first (gone from incoming/):
        # with those held, they are the overflow.
        ready = time.monotonic()
        for i in range(n):
            while os.path.exists(os.path.join(incoming, f"held-{i:06d}.json")):
                time.sleep(0.1)
        print(f"claimed {n} after {time.monotonic() - ready:.1f} s", flush=True)
print(f"held {len(maps)} in {time.monotonic() - started:.1f} s", flush=True)
while not os.path.exists(stopfile):
    time.sleep(0.2)
