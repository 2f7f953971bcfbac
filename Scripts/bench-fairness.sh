#!/usr/bin/env bash
# Fairness of intake (issue 10): one uid drops 100,000 drafts at once, another drops 20
# single drafts one per second; their drop-to-result p99 must stay under 100 ms. The
# floor is the same single drafts to the same gate with nothing else waiting, in the
# same run. Needs root. Prints a markdown table on stdout; scratch in bench-out/fairness.
#   Scripts/bench-fairness.sh
#   FLOOD=100000 SINGLES=20 Scripts/bench-fairness.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ "$(id -u)" -eq 0 ] || { echo "bench-fairness: needs root (it drops drafts as two uids)" >&2; exit 2; }
scratch=".build-bench"
swift build -c release --scratch-path "$scratch" --product supportgate >&2
gate="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/supportgate"
work="$PWD/bench-out/fairness"
trap 'rm -rf "$work"' EXIT
python3 Scripts/bench-fairness.py "$gate" "$work" --flood "${FLOOD:-100000}" --singles "${SINGLES:-20}"
