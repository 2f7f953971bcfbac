#!/usr/bin/env python3
"""Input files for Scripts/bench-daemon.sh (not meant to be run on its own).

    bench-daemon-tools.py stage DRAFTS_JSON FOLDER COUNT PREFIX [--compact] [--workers N]
    bench-daemon-tools.py ledger-inputs DIRECTORY_JSON DIRECTORY_OUT DRAFTS_OUT REPOSITORY

Writes COUNT draft files into FOLDER, drawn in turn from the realistic drafts of
bench-out/drafts.json (Scripts/generate-directory.py): each gets a unique draftId
"<PREFIX>-<seq>-<tag>" and is named "<draftId>.json", where tag is the decision its
scenario is meant to get (a accept, r reject, q reject while reading: the original is
quarantined) — spool-floor routes its results by that tag, the daemon ignores it.
Each file is owned by the uid the scenario drops it as (the daemon decides the
submitter from the file owner). The text keeps the generator's formatting (indented,
~2.3 KB), or with --compact is re-serialised on one line (~1.5 KB, for the
1,000,000-file backlog). Prints the number of files and their mean size.
"""
import json
import os
import sys
from multiprocessing import Process

PLACEHOLDER = "@@DRAFT-ID@@"


def templates(drafts_path, compact):
    corpus = json.load(open(drafts_path, encoding="utf-8"))["drafts"]
    out = []
    for entry in corpus:
        draft = json.loads(entry["text"])
        draft["draftId"] = PLACEHOLDER
        if compact:
            text = json.dumps(draft, ensure_ascii=False, separators=(",", ":")) + "\n"
        else:
            text = json.dumps(draft, indent=2, ensure_ascii=False) + "\n"
        head, tail = text.encode("utf-8").split(PLACEHOLDER.encode())
        tag = "q" if entry["scenario"] == "schema-invalid" else ("a" if entry["expect"] == "accept" else "r")
        out.append((head, tail, tag, int(entry["uid"])))
    return out


def write_range(folder, prefix, start, stop, parts):
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    for number in range(start, stop):
        head, tail, tag, uid = parts[number % len(parts)]
        draft_id = f"{prefix}-{number:07d}-{tag}"
        handle = os.open(f"{draft_id}.json", flags, 0o644, dir_fd=descriptor)
        os.write(handle, head + draft_id.encode() + tail)
        os.fchown(handle, uid, uid)
        os.close(handle)
    os.close(descriptor)


def stage(arguments):
    compact = "--compact" in arguments
    workers = 1
    if "--workers" in arguments:
        workers = int(arguments[arguments.index("--workers") + 1])
    drafts_path, folder, count, prefix = arguments[0], arguments[1], int(arguments[2]), arguments[3]
    os.makedirs(folder, exist_ok=True)
    parts = templates(drafts_path, compact)
    if workers <= 1:
        write_range(folder, prefix, 0, count, parts)
    else:
        step = (count + workers - 1) // workers
        processes = [Process(target=write_range, args=(folder, prefix, i * step, min(count, (i + 1) * step), parts))
                     for i in range(workers)]
        for process in processes:
            process.start()
        for process in processes:
            process.join()
            if process.exitcode != 0:
                sys.exit(f"stage: a worker failed ({process.exitcode})")
    sizes = [len(parts[n % len(parts)][0]) + len(parts[n % len(parts)][1]) + len(prefix) + 10 for n in range(min(count, len(parts)))]
    print(f"{count} {sum(sizes) / max(1, len(sizes)):.0f}")


def ledger_inputs(arguments):
    """The ledger phase's inputs: the benchmark directory with Contoso's premier
    entitlement given an allowance it cannot run out of in a run, and a corpus that
    alternates an own-tenant technical request under it (uses an incident) and an
    own-tenant billing request (uses none), both dropped as Contoso's submitter 1001."""
    directory_in, directory_out, drafts_out, repository = arguments
    directory = json.load(open(directory_in, encoding="utf-8"))
    found = False
    for partner in directory["partners"]:
        for entitlement in partner.get("entitlements", []):
            if entitlement["id"] == "contoso-premier-2026":
                entitlement["incidents"] = 10_000_000
                found = True
    if not found:
        sys.exit("ledger-inputs: contoso-premier-2026 is not in the directory")
    json.dump(directory, open(directory_out, "w", encoding="utf-8"))
    examples = os.path.join(repository, "Config/examples")
    drafts = []
    for name in ("azure-technical-own-premier", "azure-billing-own"):
        text = open(os.path.join(examples, f"{name}.draft.json"), encoding="utf-8").read()
        drafts.append({"text": text, "scenario": name, "expect": "accept", "uid": 1001})
    json.dump({"drafts": drafts}, open(drafts_out, "w", encoding="utf-8"))


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "stage":
        stage(sys.argv[2:])
    elif len(sys.argv) == 6 and sys.argv[1] == "ledger-inputs":
        ledger_inputs(sys.argv[2:])
    else:
        sys.exit(__doc__)
