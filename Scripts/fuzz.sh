#!/usr/bin/env bash
# Fuzzes the draft parser and the whole decide step with libFuzzer.
#   Scripts/fuzz.sh                 a short bounded pass (60 s), as CI runs it
#   Scripts/fuzz.sh --runs 10000000 a long run (the README records one)
# Seeds: Tests/Fixtures (every real example, as it is), Config/examples, and the
# regression inputs in Tests/SupportGateCoreTests/FuzzRegressions. A crash is saved as
# .build-fuzz/crash-*; copy it into Tests/SupportGateCoreTests/FuzzRegressions/ so that
# `swift test` replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60
runs=-1
while (($#)); do
    case "$1" in
        --seconds) seconds=$2; shift 2 ;;
        --runs) runs=$2; seconds=0; shift 2 ;;
        *) echo "usage: Scripts/fuzz.sh [--seconds N | --runs N]" >&2; exit 2 ;;
    esac
done
export SUPPORTGATE_FUZZ=1
swift build -c release --scratch-path .build-fuzz --product supportgate-fuzz -Xswiftc -sanitize=fuzzer >&2
corpus=.build-fuzz/corpus
mkdir -p "$corpus"
cp Config/examples/*.draft.json Tests/SupportGateCoreTests/FuzzRegressions/* "$corpus/"
for fixture in Tests/Fixtures/azure-support-api/20*/*.json Tests/Fixtures/partner-center/*.json; do
    [ -e "$fixture" ] && cp "$fixture" "$corpus/fixture-$(basename "$(dirname "$fixture")")-$(basename "$fixture")"
done
# Bounded: -rss_limit_mb and -malloc_limit_mb turn unbounded allocation into a failure;
# -timeout turns a hang into one.
.build-fuzz/release/supportgate-fuzz "$corpus" \
    -max_total_time="$seconds" -runs="$runs" -max_len=16384 \
    -rss_limit_mb=2048 -malloc_limit_mb=512 -timeout=10 \
    -artifact_prefix=.build-fuzz/ -print_final_stats=1 2>&1 | tail -n 25
