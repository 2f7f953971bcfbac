#!/usr/bin/env python3
"""A hostile submitter: drops drafts into incoming/, keeps an O_PATH descriptor on each,
and reopens the newest ones for writing through /proc/self/fd/N in a tight loop, so an
open lands now and then between the gate's F_SETLEASE and F_UNLCK (the lease breaks and
the kernel signals the gate). Usage: reopen-loop.py SPOOL PREFIX SECONDS EXAMPLE
Prints "dropped N reopened M after-claim K"."""
import json, os, sys, time

spool, prefix, seconds, example = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
base = json.load(open(example))
incoming = os.path.join(spool, "incoming")
deadline = time.monotonic() + seconds
recent, dropped, reopened, after_claim = [], 0, 0, 0
while time.monotonic() < deadline:
    draft = dict(base, draftId=f"{prefix}-{dropped:06d}")
    hidden = os.path.join(incoming, f".{prefix}-{dropped:06d}.json")
    with open(hidden, "w") as out:
        json.dump(draft, out)
    os.chmod(hidden, 0o644)
    path_fd = os.open(hidden, os.O_PATH)
    os.rename(hidden, os.path.join(incoming, f"{prefix}-{dropped:06d}.json"))
    dropped += 1
    recent.append(path_fd)
    if len(recent) > 6:
        os.close(recent.pop(0))
    # Spin on the newest drafts for ~30 ms: the gate claims and probes them meanwhile.
    spin_until = time.monotonic() + 0.03
    while time.monotonic() < spin_until:
        for fd in recent:
            try:
                os.close(os.open(f"/proc/self/fd/{fd}", os.O_WRONLY))
                reopened += 1
                if "/processing/" in os.readlink(f"/proc/self/fd/{fd}"):
                    after_claim += 1
            except OSError:
                pass
print(f"dropped {dropped} reopened {reopened} after-claim {after_claim}")
