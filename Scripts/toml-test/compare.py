#!/usr/bin/env python3
"""Scores a decoder's JSON lines (DocumentDecoder.swift, TOMLKitDecoder.swift) against
toml-test's expected JSON: valid/ cases must decode to equal tagged values, invalid/ cases
must be refused. Usage: compare.py CORPUS_TESTS_DIR DECODER_OUTPUT [--list-failures]"""
import datetime, json, math, re, sys


def norm_datetime(kind, text):
    text = text.upper().replace(" ", "T")
    m = re.match(r"^(\d{4}-\d{2}-\d{2})?T?(\d{2}:\d{2}(?::\d{2})?)?(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$", text)
    if not m:
        return (kind, text)
    date, time, frac, offset = m.groups()
    if time and len(time) == 5:
        time += ":00"
    frac = (frac or "").rstrip("0")[:6]  # microseconds are enough to compare
    if offset and kind == "datetime":
        stamp = datetime.datetime.fromisoformat(f"{date}T{time}{'.' + frac.ljust(6, '0') if frac else ''}{'+00:00' if offset == 'Z' else offset}")
        return (kind, stamp.astimezone(datetime.timezone.utc).isoformat())
    return (kind, date, time, frac)


def norm(value):
    if isinstance(value, list):
        return [norm(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"type", "value"} and isinstance(value["value"], str):
            kind, text = value["type"], value["value"]
            if kind == "integer":
                return (kind, int(text))
            if kind == "float":
                number = float(text.replace("_", ""))
                return (kind, "nan") if math.isnan(number) else (kind, number)
            if kind in ("datetime", "datetime-local", "date-local", "time-local"):
                return norm_datetime(kind, text)
            return (kind, text)
        return {k: norm(v) for k, v in value.items()}
    return value


def main():
    tests, output = sys.argv[1], sys.argv[2]
    show = "--list-failures" in sys.argv
    counts = {"valid": [0, 0], "invalid": [0, 0]}
    failures = []
    crashes = 0
    for line in open(output, encoding="utf-8"):
        row = json.loads(line)
        path = row["file"]
        rel = path[len(tests):].lstrip("/")
        group = rel.split("/")[0]
        if group == "valid":
            expected = json.load(open(path[:-5] + ".json", encoding="utf-8"))
            ok = row["ok"] and norm(row["value"]) == norm(expected)
        else:
            # A crash is no refusal: a gate whose parser aborts on a bad file is down.
            ok = not row["ok"] and not row.get("crashed")
        crashes += bool(row.get("crashed"))
        counts[group][0 if ok else 1] += 1
        if not ok:
            failures.append(f"{rel}: {row.get('message', 'decoded differently') if group == 'valid' or row.get('crashed') else 'accepted'}")
    for group, (passed, failed) in counts.items():
        print(f"{group}: {passed} passed, {failed} failed")
    print(f"crashed: {crashes}")
    total_passed = sum(c[0] for c in counts.values())
    total_failed = sum(c[1] for c in counts.values())
    if show:
        print("\n".join(failures))
    print(f"{total_passed} passed, {total_failed} failed")


main()
