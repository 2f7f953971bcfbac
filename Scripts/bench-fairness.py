#!/usr/bin/env python3
"""Fairness of the daemon's intake (issue 10), run by Scripts/bench-fairness.sh:
one uid drops FLOOD drafts at once; another uid drops SINGLES single drafts, one per
second, while the flood is worked off. Reports the single drafts' drop-to-result
latency against the floor: the same single drafts dropped to the same gate when
nothing else is waiting, in the same run. Needs root (it drops as two uids).

    bench-fairness.py GATE WORK [--flood N] [--singles N]

Prints a markdown table on stdout; progress on stderr.
"""
import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
FLOOD_UID = 1001    # Contoso's submitter in Config/directory.json
SINGLE_UID = 1003   # Fabrikam's
CONTOSO = "c0a70500-0000-4000-8000-000000000001"


def say(message):
    print(f"bench-fairness: {message}", file=sys.stderr, flush=True)


def draft_bytes(draft_id):
    draft = json.loads((ROOT / "Config/examples/azure-billing-own.draft.json").read_text())
    draft["draftId"] = draft_id
    return json.dumps(draft).encode()


def make_spool(work):
    spool = work / "spool"
    if work.exists():
        shutil.rmtree(work)
    for folder in ["staging", "incoming", "processing", "accepted", "rejected", "quarantine", "archive"]:
        (spool / folder).mkdir(parents=True)
    config = (ROOT / "Config/supportgate.toml").read_text()
    config = config.replace('path = "/var/lib/supportgate/ledger.sqlite"', f'path = "{work}/ledger.sqlite"')
    config = config.replace('root = "/var/spool/supportgate"', f'root = "{spool}"' + (f"\nbatchSize = {os.environ['BATCH']}" if os.environ.get("BATCH") else ""))
    config = config.replace('directory = "directory.json"', f'directory = "{ROOT / "Config/directory.json"}"')
    # Fairness, not the caps, is measured here: the flood must be decided, not refused.
    config = config.replace("maxQueuedPerSubmitter = 10_000", "maxQueuedPerSubmitter = 10_000_000")
    config = config.replace("maxQueuedBytesPerSubmitter = 1_073_741_824", "maxQueuedBytesPerSubmitter = 1_099_511_627_776")
    (work / "supportgate.toml").write_text(config)
    return spool


def stage(spool, name, data, uid):
    path = spool / "staging" / name
    with open(path, "wb") as handle:
        handle.write(data)
    os.chown(path, uid, uid)
    return path


def has_result(spool, draft_id):
    # Results sit on shelves (docs/spool.md): the flood's on Contoso's; the singles, Contoso
    # drafts dropped by Fabrikam's uid, are refused onto rejected/uid-<uid>/.
    if any((spool / folder / CONTOSO / f"{draft_id}.json").exists() for folder in ("accepted", "rejected")):
        return True
    return any((spool / "rejected" / f"uid-{SINGLE_UID}").glob(f"{draft_id}.unauthorized-*.json"))


def drop_single(spool, draft_id, timeout=30.0):
    """Renames one staged draft into incoming/ and returns the seconds until its result appears."""
    name = f"{draft_id}.json"
    stage(spool, name, draft_bytes(draft_id), SINGLE_UID)
    start = time.monotonic()
    os.rename(spool / "staging" / name, spool / "incoming" / name)
    while not has_result(spool, draft_id):
        if time.monotonic() - start > timeout:
            return None
        time.sleep(0.002)
    return time.monotonic() - start


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(fraction * len(ordered) + 0.5)) - 1))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("gate")
    parser.add_argument("work", type=pathlib.Path)
    parser.add_argument("--flood", type=int, default=100_000)
    parser.add_argument("--singles", type=int, default=20)
    arguments = parser.parse_args()
    spool = make_spool(arguments.work)
    log = open(arguments.work / "daemon.log", "w")
    daemon = subprocess.Popen([arguments.gate, "daemon", "--config", str(arguments.work / "supportgate.toml"), "--log", "stderr"],
                              stdout=subprocess.DEVNULL, stderr=log)
    try:
        time.sleep(1.0)
        say(f"floor: {arguments.singles} single drafts, one per second, nothing else waiting")
        floor = []
        for index in range(arguments.singles):
            floor.append(drop_single(spool, f"floor-{index:03d}"))
            time.sleep(max(0.0, 1.0 - floor[-1]) if floor[-1] is not None else 0)
        say(f"staging {arguments.flood} drafts of uid {FLOOD_UID}")
        for index in range(arguments.flood):
            stage(spool, f"flood-{index:07d}.json", draft_bytes(f"flood-{index:07d}"), FLOOD_UID)
        # Written and flushed before the clock starts, as drafts a tool wrote earlier: the
        # drop itself is a rename, as in Scripts/bench-daemon.sh.
        os.sync()
        say("dropping the flood, then the single drafts one per second")
        flood_start = time.monotonic()
        for index in range(arguments.flood):
            name = f"flood-{index:07d}.json"
            os.rename(spool / "staging" / name, spool / "incoming" / name)
        singles = []
        for index in range(arguments.singles):
            began = time.monotonic()
            singles.append(drop_single(spool, f"single-{index:03d}"))
            time.sleep(max(0.0, 1.0 - (time.monotonic() - began)))
        backlog_left = len(os.listdir(spool / "incoming"))
        while len(os.listdir(spool / "incoming")) > 0 or len(os.listdir(spool / "processing")) > 0:
            time.sleep(0.2)
        flood_seconds = time.monotonic() - flood_start
    finally:
        daemon.terminate()
        daemon.wait()
    missing = sum(1 for value in singles + floor if value is None)
    singles_ms = [value * 1000 for value in singles if value is not None]
    floor_ms = [value * 1000 for value in floor if value is not None]
    p99 = percentile(singles_ms, 0.99) if singles_ms else float("inf")
    print("| measure | single drafts during the flood | floor: the same, nothing else waiting |")
    print("|---|---:|---:|")
    for label, fraction in (("p50", 0.5), ("p99", 0.99)):
        print(f"| drop → result {label} | {percentile(singles_ms, fraction):.1f} ms | {percentile(floor_ms, fraction):.1f} ms |")
    print(f"| drop → result max | {max(singles_ms):.1f} ms | {max(floor_ms):.1f} ms |")
    print(f"| each single draft | {', '.join(f'{value:.0f}' for value in singles_ms)} ms | |")
    print(f"| flood | {arguments.flood:,} drafts of uid {FLOOD_UID} in {flood_seconds:.1f} s "
          f"({arguments.flood / flood_seconds:,.0f}/s); {backlog_left:,} still waiting when the last single draft was decided | |")
    print()
    verdict = "PASS" if p99 <= 100 and missing == 0 else "FAIL"
    print(f"Target: single drafts' p99 ≤ 100 ms while another uid's {arguments.flood:,} drafts wait: "
          f"**{p99:.1f} ms, {verdict}**{'' if missing == 0 else f' ({missing} drafts got no result within 30 s)'}.")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
