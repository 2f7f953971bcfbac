#!/usr/bin/env bash
# Every test: the Swift Testing suites (unit, golden, command line, the PostgreSQL ledger
# against a real server), then the end-to-end
# tests against the real daemon, a real systemd 252 and real files (needs root).
set -euo pipefail
cd "$(dirname "$0")/.."
# A throwaway PostgreSQL (Debian's server, Tests/Postgres/cluster.sh) for the tests of the
# PostgreSQL ledger; stopped and removed however this script ends.
pgdir=$(mktemp -d -u /tmp/supportgate-pg.XXXXXX)
trap 'Tests/Postgres/cluster.sh stop "$pgdir"' EXIT
SUPPORTGATE_TEST_POSTGRES_URL=$(Tests/Postgres/cluster.sh start "$pgdir")
export SUPPORTGATE_TEST_POSTGRES_URL
# No raw file or descriptor call outside Sources/SystemCalls (instant, so first).
Scripts/check-system-calls.sh
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
