#!/usr/bin/env python3
"""A hostile submitter: drops a draft every 40 ms into incoming/, keeps an O_PATH descriptor
on it, and until the next drop reopens its two newest drafts for writing through
/proc/self/fd/N, a few microseconds apart (random gaps, so that the file is mostly closed
and the gate's read lease is granted), so that now and then an open lands between the
gate's F_SETLEASE and F_UNLCK: the lease breaks and the kernel signals the gate. The gate
claims and probes a draft within milliseconds of its drop, so those are the drafts it is
probing. Usage: reopen-loop.py SPOOL PREFIX SECONDS EXAMPLE
Prints "dropped N reopened M after-claim K" (K: reopens seen with the draft in processing/)."""
import json, os, random, sys, time

spool, prefix, seconds, example = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
base = json.load(open(example))
incoming = os.path.join(spool, "incoming")
clock = time.perf_counter
deadline = clock() + seconds
recent, dropped, reopened, after_claim = [], 0, 0, 0
while clock() < deadline:
    draft = dict(base, draftId=f"{prefix}-{dropped:06d}")
    hidden = os.path.join(incoming, f".{prefix}-{dropped:06d}.json")
    with open(hidden, "w") as out:
        json.dump(draft, out)
    os.chmod(hidden, 0o644)
    recent.append(os.open(hidden, os.O_PATH))
    os.rename(hidden, os.path.join(incoming, f"{prefix}-{dropped:06d}.json"))
    dropped += 1
    if len(recent) > 2:
        os.close(recent.pop(0))
    next_drop = clock() + 0.04
    spins = 0
    while clock() < next_drop:
        for fd in recent:
            try:
                os.close(os.open(f"/proc/self/fd/{fd}", os.O_WRONLY))
                reopened += 1
            except OSError:
                pass
        gap = clock() + random.uniform(5e-6, 40e-6)
        while clock() < gap:
            pass
        spins += 1
        if spins % 64 == 0 and "/processing/" in os.readlink(f"/proc/self/fd/{recent[-1]}"):
            after_claim += 64
print(f"dropped {dropped} reopened {reopened} after-claim {after_claim}")
