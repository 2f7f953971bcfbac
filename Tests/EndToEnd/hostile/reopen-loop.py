#!/usr/bin/env python3
"""A hostile submitter: drops a draft every 40 ms into incoming/, keeps an O_PATH descriptor
on each, and reopens every one the gate has not yet archived for writing through
/proc/self/fd/N in a tight loop, so an open lands now and then between the gate's
F_SETLEASE and F_UNLCK (the lease breaks and the kernel signals the gate), however long
the gate takes to reach a draft. Usage: reopen-loop.py SPOOL PREFIX SECONDS EXAMPLE
Prints "dropped N reopened M after-claim K"."""
import json, os, sys, time

spool, prefix, seconds, example = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
base = json.load(open(example))
incoming = os.path.join(spool, "incoming")
deadline = time.monotonic() + seconds
live, dropped, reopened, after_claim, turns = [], 0, 0, 0, 0
next_drop = time.monotonic()
while time.monotonic() < deadline:
    if time.monotonic() >= next_drop and len(live) < 64:
        draft = dict(base, draftId=f"{prefix}-{dropped:06d}")
        hidden = os.path.join(incoming, f".{prefix}-{dropped:06d}.json")
        with open(hidden, "w") as out:
            json.dump(draft, out)
        os.chmod(hidden, 0o644)
        live.append([os.open(hidden, os.O_PATH), False])
        os.rename(hidden, os.path.join(incoming, f"{prefix}-{dropped:06d}.json"))
        dropped += 1
        next_drop = time.monotonic() + 0.04
    for entry in live:
        try:
            os.close(os.open(f"/proc/self/fd/{entry[0]}", os.O_WRONLY))
            reopened += 1
            if entry[1]:
                after_claim += 1
        except OSError:
            pass
    turns += 1
    if turns % 20 == 0:
        # Where each draft is now: claimed (processing/), or done (archive/, or unlinked).
        keep = []
        for entry in live:
            where = os.readlink(f"/proc/self/fd/{entry[0]}")
            if "/processing/" in where:
                entry[1] = True
            if "/incoming/" in where or "/processing/" in where:
                keep.append(entry)
            else:
                os.close(entry[0])
        live = keep
print(f"dropped {dropped} reopened {reopened} after-claim {after_claim}")
