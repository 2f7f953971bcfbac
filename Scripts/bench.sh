#!/usr/bin/env bash
# One command for the benchmark: builds supportgate-bench in release, generates the
# 100k-customer directory and its drafts if they are missing, runs the benchmark and
# prints the markdown report on stdout (progress goes to stderr).
#
#   Scripts/bench.sh                       # everything at the defaults
#   Scripts/bench.sh --decisions 500000    # extra arguments go to supportgate-bench
#   REGENERATE=1 Scripts/bench.sh          # rewrite the directory and drafts first
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scratch=".build-bench"
directory="bench-out/directory-100k.json"
drafts="bench-out/drafts.json"

echo "bench.sh: building supportgate-bench (release)" >&2
swift build -c release --scratch-path "$scratch" --product supportgate-bench >&2
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/supportgate-bench"

source Scripts/bench-inputs.sh
bench_inputs "$directory" "$drafts"

"$bin" report --config Config/supportgate.toml --directory "$directory" --drafts "$drafts" "$@"
