#!/usr/bin/env python3
"""A hostile submitter after the decision: drops a draft keeping an O_PATH descriptor on
it, waits until the gate has taken it out of incoming/ and processing/ (archived), then
for SECONDS reopens it for writing through /proc/self/fd/N, rewrites it, grows it to
52 MB and chmods it (a fresh change time). Usage: tamper.py SPOOL NAME CONTENT-FILE SECONDS
Prints "archived-as <link> attack-start <epoch> attacks <n> size <bytes>"."""
import os, sys, time

spool, name, content, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
incoming = os.path.join(spool, "incoming")
hidden = os.path.join(incoming, "." + name)
with open(hidden, "wb") as out:
    out.write(open(content, "rb").read())
os.chmod(hidden, 0o644)
fd = os.open(hidden, os.O_PATH)
os.rename(hidden, os.path.join(incoming, name))
link = f"/proc/self/fd/{fd}"
deadline = time.monotonic() + 20
while time.monotonic() < deadline:
    where = os.readlink(link)
    if "/incoming/" not in where and "/processing/" not in where:
        break
    time.sleep(0.02)
start = time.time()
attacks, size = 0, 0
garbage = b"X" * 65536
end = time.monotonic() + seconds
while time.monotonic() < end:
    try:
        w = os.open(link, os.O_WRONLY)
        os.pwrite(w, garbage, 0)
        os.ftruncate(w, 52 * 1024 * 1024)
        size = os.fstat(w).st_size
        os.close(w)
        os.chmod(link, 0o666 if attacks % 2 else 0o644)
        attacks += 1
    except OSError as error:
        print(f"attack failed: {error}", file=sys.stderr)
    time.sleep(0.05)
print(f"archived-as {os.readlink(link).replace(' ', '_')} attack-start {int(start)} attacks {attacks} size {size}")
