#!/usr/bin/env bash
# Rewrites Config/examples/*.expected.json from the current engine, at the
# instant the golden tests use. Review the diff before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product supportgate
bin="$(swift build --show-bin-path)/supportgate"
for draft in Config/examples/*.draft.json; do
    expected="${draft%.draft.json}.expected.json"
    "$bin" check --config Config/supportgate.toml --at 2026-11-24T18:00:00Z --format pretty "$draft" > "$expected" || true
done
echo "updated $(ls Config/examples/*.expected.json | wc -l) expected results"
