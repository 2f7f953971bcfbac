#!/usr/bin/env bash
# Every test: the Swift Testing suites (unit, golden, command line), then the end-to-end
# tests against the real daemon, a real systemd 252 and real files (needs root).
set -euo pipefail
cd "$(dirname "$0")/.."
swift test
# The independent check: every accepted submission, of the examples and of a generated
# corpus, against Microsoft's OpenAPI document of the api-version its path names.
python3 Tests/SubmissionSchema/run.py --bin "$(swift build --show-bin-path)/supportgate"
# A short bounded fuzz pass over the parser and the decide step (see Scripts/fuzz.sh).
Scripts/fuzz.sh --seconds 60
if [ "$(id -u)" -ne 0 ]; then
    echo "end-to-end tests skipped: they need root (namespaces, users, sysctl)" >&2
    exit 0
fi
Tests/EndToEnd/run.sh
