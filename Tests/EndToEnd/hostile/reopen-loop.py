#!/usr/bin/env python3
"""A hostile submitter: drops a draft every 40 ms into incoming/, keeps an O_PATH descriptor
on each, and once the gate has claimed one (it is in processing/) reopens it for writing
through /proc/self/fd/N in a tight loop for 2 s, so an open lands now and then between the
gate's F_SETLEASE and F_UNLCK (the lease breaks and the kernel signals the gate). After
2 s it lets the draft be, so that it is decided. Usage:
reopen-loop.py SPOOL PREFIX SECONDS EXAMPLE
Prints "dropped N reopened M after-claim K"."""
import json, os, sys, time

spool, prefix, seconds, example = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
base = json.load(open(example))
incoming = os.path.join(spool, "incoming")
deadline = time.monotonic() + seconds
waiting, attacked = [], []  # descriptors: not yet claimed; claimed (with when to stop)
dropped, reopened, after_claim, turns = 0, 0, 0, 0
next_drop = time.monotonic()
while time.monotonic() < deadline:
    now = time.monotonic()
    if now >= next_drop and len(waiting) < 64:
        draft = dict(base, draftId=f"{prefix}-{dropped:06d}")
        hidden = os.path.join(incoming, f".{prefix}-{dropped:06d}.json")
        with open(hidden, "w") as out:
            json.dump(draft, out)
        os.chmod(hidden, 0o644)
        waiting.append(os.open(hidden, os.O_PATH))
        os.rename(hidden, os.path.join(incoming, f"{prefix}-{dropped:06d}.json"))
        dropped += 1
        next_drop = now + 0.04
    for fd, _ in attacked:
        try:
            os.close(os.open(f"/proc/self/fd/{fd}", os.O_WRONLY))
            reopened += 1
            after_claim += 1
        except OSError:
            pass
    turns += 1
    if turns % 10 == 0:
        still = []
        for fd in waiting:
            where = os.readlink(f"/proc/self/fd/{fd}")
            if "/incoming/" in where:
                still.append(fd)
            elif "/processing/" in where:
                attacked.append((fd, now + 2.0))
            else:
                os.close(fd)
        waiting = still
        keep = []
        for fd, until in attacked:
            if now < until:
                keep.append((fd, until))
            else:
                os.close(fd)
        attacked = keep
print(f"dropped {dropped} reopened {reopened} after-claim {after_claim}")
