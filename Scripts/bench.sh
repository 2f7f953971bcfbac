#!/usr/bin/env bash
# One command for the benchmark: builds supportgate-bench in release, generates the
# directories and their drafts if they are missing (100,000 customers and 5,000 partners;
# 1,000,000 customers and 50,000 partners, issue 13's distributor), runs the benchmark on
# each and prints the markdown reports on stdout (progress goes to stderr).
#
#   Scripts/bench.sh                       # both sizes, at the defaults
#   SIZES=100k Scripts/bench.sh            # one size (100k or 1m)
#   Scripts/bench.sh --decisions 500000    # extra arguments go to supportgate-bench
#   REGENERATE=1 Scripts/bench.sh          # rewrite the 100k directory and drafts first
#   RELOAD=0 Scripts/bench.sh              # skip the reload pause (the daemon on the 1M directory
#                                          # at 500 drafts/s, `RELOAD_ONLY=1 Scripts/bench-daemon.sh`,
#                                          # run last when 1m is among the sizes; about 3 minutes)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scratch=".build-bench"
SIZES=${SIZES:-100k 1m}

echo "bench.sh: building supportgate-bench (release)" >&2
swift build -c release --scratch-path "$scratch" --product supportgate-bench >&2
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/supportgate-bench"

source Scripts/bench-inputs.sh
for size in $SIZES; do
    case $size in
    100k)
        directory="bench-out/directory-100k.json" drafts="bench-out/drafts.json"
        bench_inputs "$directory" "$drafts"
        ;;
    1m)
        directory="bench-out/directory-1m.json" drafts="bench-out/drafts-1m.json"
        if [[ ! -s "$directory" || ! -s "$drafts" ]]; then
            echo "bench.sh: generating $directory (about a minute)" >&2
            python3 Scripts/generate-directory.py "$directory" --drafts "$drafts" --partners 50000 --customers 1000000 >&2
        fi
        ;;
    *) echo "bench.sh: unknown size $size (100k or 1m)" >&2; exit 2 ;;
    esac
    "$bin" report --config Config/supportgate.toml --directory "$directory" --drafts "$drafts" "$@"
    echo
done
if [[ "${RELOAD:-1}" == 1 && " $SIZES " == *" 1m "* ]]; then
    echo "bench.sh: the reload pause on the 1M directory (RELOAD_ONLY=1 Scripts/bench-daemon.sh)" >&2
    RELOAD_ONLY=1 Scripts/bench-daemon.sh
fi
