#!/usr/bin/env bash
# Issue 24's benchmark of `supportgate forward` (docs/performance.md, "Filing with Microsoft
# (issue 24)"): the release build, the gate and the forwarder run directly as root (no
# systemd) on a scratch spool, against Microsoft's double (Tests/MicrosoftDouble) with 50 ms
# on every answer, PARTNERS partners so that perPartnerConcurrency does not bind. Measures,
# each beside the floor of the same run (load_check.py: the double's own filings/s with as
# many clients as the forwarder's concurrency, doing the same PUT, poll, GET):
#   - filings/s from a backlog at concurrency 16 and 64, REPEATS times each;
#   - drop-to-filed p50/p99 at RATE drafts/s for RATE_SECONDS (concurrency 16);
#   - the forwarder's RSS over LONG filings at concurrency 64 (10 %, 50 %, 100 %).
# Prints a markdown report on stdout, progress on stderr. Not part of CI.
#
#   Scripts/bench-forward.sh
#   N=2000 REPEATS=3 RATE=40 RATE_SECONDS=20 LONG=100000 PARTNERS=16 Scripts/bench-forward.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

N=${N:-2000}
REPEATS=${REPEATS:-3}
RATE=${RATE:-40}
RATE_SECONDS=${RATE_SECONDS:-20}
LONG=${LONG:-100000}
PARTNERS=${PARTNERS:-16}
LATENCY_MS=${LATENCY_MS:-50}
FLOOR_SECONDS=${FLOOR_SECONDS:-10}
CONCURRENCIES=${CONCURRENCIES:-16 64}

work="$ROOT/bench-out/forward"
scratch=".build-bench"
tools="python3 $ROOT/Scripts/bench-forward.py"
say() { echo "bench-forward: $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

DOUBLE_PID="" GATE_PID="" FORWARD_PID=""
stop_pid() { # stop_pid PID: TERM, then KILL after 10 s
    local pid=$1
    [[ -n "$pid" ]] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    stop_pid "$FORWARD_PID"; stop_pid "$GATE_PID"; stop_pid "$DOUBLE_PID"
    if [[ "${KEEP:-0}" != 1 && -d "$work" ]]; then say "removing $work"; rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "building supportgate (release)"
swift build -c release --scratch-path "$scratch" --product supportgate >&2
gate="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/supportgate"

rm -rf "$work"
mkdir -p "$work"
$tools inputs "$work" --partners "$PARTNERS" --latency "$LATENCY_MS"
chgrp supportgate "$work/directory.json"; chmod 0640 "$work/directory.json"

# --- the double ----------------------------------------------------------------
python3 Tests/MicrosoftDouble/double.py --state "$work/double" --config "$work/world.json" >>"$work/double.log" 2>&1 </dev/null &
DOUBLE_PID=$!
for _ in $(seq 1 300); do [[ -s "$work/double/port" ]] && break; kill -0 "$DOUBLE_PID" || break; sleep 0.1; done
port=$(cat "$work/double/port")
double_url="https://localhost:$port"
control() { curl -sS --cacert "$work/double/ca.pem" -H 'Content-Type: application/json' "$double_url/_double/$1" ${2:+-d "$2"}; }
set_latency() { control settings "{\"latencyMs\": $1}" >/dev/null; }

floor() { # floor CLIENTS [WHAT]: one load_check.py run; echoes its filings/s (WHAT=p50 or p99: that instead, ms)
    local line
    line=$(python3 Tests/MicrosoftDouble/load_check.py --state "$work/double" --config "$work/world.json" \
        --clients "$1" --seconds "$FLOOR_SECONDS" --latency "$LATENCY_MS")
    set_latency "$LATENCY_MS"   # load_check.py sets it back to 0 when done
    say "floor: $line (load $(load))"
    case "${2:-rate}" in
        rate) sed -n 's/.* = \([0-9.]*\)\/s.*/\1/p' <<<"$line" ;;
        both) sed -n 's/.*filing p50 \([0-9]*\) ms, p99 \([0-9]*\) ms.*/\1 \2/p' <<<"$line" ;;
    esac
}

# --- the spool, the gate, the forwarder's configuration ---------------------------
spool="$work/spool"
mkdir -p "$spool"/{staging,incoming,processing,accepted,rejected,quarantine,archive}
install -d -m 0711 "$spool/filed"
sed -e "s#^root = .*#root = \"$spool\"#" \
    -e "s#^directory = .*#directory = \"$work/directory.json\"#" \
    -e "s#^path = .*#path = \"$work/ledger.sqlite\"#" \
    -e "s#^maxQueuedPerSubmitter = .*#maxQueuedPerSubmitter = 10_000_000#" \
    -e "s#^maxQueuedBytesPerSubmitter = .*#maxQueuedBytesPerSubmitter = 1_099_511_627_776#" \
    Config/supportgate.toml > "$work/supportgate.toml"
forward_config() { # forward_config CONCURRENCY: echoes the path of a configuration with it
    local file="$work/forward-$1.toml"
    mkdir -p "$work/state-$1"; chmod 0700 "$work/state-$1"
    cat "$work/supportgate.toml" - > "$file" <<TOML

[forward]
since = "2026-01-01T00:00:00Z"
credentials = "$work/credentials"
caFile = "$work/double/ca.pem"
stateDirectory = "$work/state-$1"
concurrency = $1
perPartnerConcurrency = $(( ($1 + PARTNERS - 1) / PARTNERS * 2 ))

[forward.endpoints.public]
authority = "$double_url"
azure = "$double_url"
partnerCenter = "$double_url"
TOML
    echo "$file"
}
"$gate" daemon --config "$work/supportgate.toml" --log stderr >>"$work/daemon.log" 2>&1 &
GATE_PID=$!
for _ in $(seq 1 300); do grep -q "supportgate started" "$work/daemon.log" && break; kill -0 "$GATE_PID" || break; sleep 0.1; done
grep -q "supportgate started" "$work/daemon.log" || { say "the gate did not start"; cat "$work/daemon.log" >&2; exit 1; }

start_forward() { # start_forward CONCURRENCY
    "$gate" forward --config "$(forward_config "$1")" --log stderr >>"$work/forward-$1.log" 2>&1 &
    FORWARD_PID=$!
}
# wait_idle PID: until the process has used under 20 ms of CPU in half a second (its start-up
# scan of the shelves done; without systemd there is no READY to wait for), at most 60 s.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
wait_idle() {
    local before after
    before=$(cpu_ticks "$1")
    for _ in $(seq 1 120); do
        sleep 0.5
        after=$(cpu_ticks "$1")
        (( after - before < 2 )) && return 0
        before=$after
    done
}
stop_forward() { stop_pid "$FORWARD_PID"; FORWARD_PID=""; }
accepted_count() { find "$spool/accepted" -mindepth 2 -maxdepth 2 -name "$1-*" | wc -l; }
wait_decided() { # wait_decided PREFIX COUNT
    for _ in $(seq 1 6000); do
        (( $(accepted_count "$1") >= $2 )) && return 0
        if [[ -n "$(find "$spool/rejected" -mindepth 2 -maxdepth 2 -name "$1-*" -print -quit)" ]]; then
            say "the gate rejected drafts $1-*:"; tail -n 1 "$work/daemon.log" >&2; exit 1
        fi
        sleep 0.1
    done
    say "the gate did not accept $2 drafts $1-*"; exit 1
}
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }

report="$work/report.md"
{
    echo "### supportgate forward benchmark"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD)"
    echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), nproc $(nproc), $(uname -sr)"
    echo "- build: release; the double: $LATENCY_MS ms on every answer, $PARTNERS partners (one customer each), perPartnerConcurrency = 2 × concurrency / partners"
    echo "- command: \`N=$N REPEATS=$REPEATS RATE=$RATE RATE_SECONDS=$RATE_SECONDS LONG=$LONG PARTNERS=$PARTNERS Scripts/bench-forward.sh\`"
    echo
} > "$report"

# --- throughput from a backlog, each run between two floors -------------------------
echo "| concurrency | run | floor before (double alone) | forwarder filings/s (10–90 %) | floor after | load before | target 0.8 × c / 0.15 s |" >> "$report"
echo "|---:|---:|---:|---:|---:|---|---:|" >> "$report"
for c in $CONCURRENCIES; do
    for r in $(seq 1 "$REPEATS"); do
        before=$(floor "$c")
        prefix="t$c-$r"
        $tools drop "$work" "$spool" --count "$N" --prefix "$prefix" --out "$work/$prefix.drops" >&2
        wait_decided "$prefix" "$N"
        loadavg=$(load)
        start_forward "$c"
        out=$($tools watch "$spool" --count "$N" --prefix "$prefix" --pid "$FORWARD_PID" --timeout 600)
        stop_forward
        say "forward c=$c run $r: $(tr '\n' ' ' <<<"$out")"
        after=$(floor "$c")
        target=$(awk -v c="$c" -v l="$LATENCY_MS" 'BEGIN { printf "%.1f", 0.8 * c / (3 * l / 1000) }')
        echo "| $c | $r | $before | **$(field rate_10_90 "$out")** | $after | $loadavg | $target |" >> "$report"
    done
done

# --- drop-to-filed at a steady rate ----------------------------------------------
echo >> "$report"
# The double's own time per filing at about this rate: load_check.py with RATE × 0.15 s clients.
light=$(awk -v r="$RATE" -v l="$LATENCY_MS" 'BEGIN { c = int(r * 3 * l / 1000 + 0.5); print (c < 1 ? 1 : c) }')
echo "| drop-to-filed, concurrency 16, $RATE drafts/s for $RATE_SECONDS s | samples | p50 | p90 | p99 | max | the double alone, $light clients: filing p50 / p99 | load |" >> "$report"
echo "|---|---:|---:|---:|---:|---:|---:|---|" >> "$report"
for r in $(seq 1 "$REPEATS"); do
    read -r own50 own99 <<<"$(floor "$light" both)"
    start_forward 16
    wait_idle "$FORWARD_PID"
    prefix="lat-$r"
    count=$(( RATE * RATE_SECONDS ))
    loadavg=$(load)
    $tools drop "$work" "$spool" --count "$count" --prefix "$prefix" --rate "$RATE" --out "$work/$prefix.drops" >&2
    $tools watch "$spool" --count "$count" --prefix "$prefix" --pid "$FORWARD_PID" --timeout 120 >/dev/null
    out=$($tools latency "$spool" "$work/$prefix.drops")
    stop_forward
    say "latency run $r: $out"
    echo "| run $r | $(field samples "$out") | $(field p50_ms "$out") ms | $(field p90_ms "$out") ms | **$(field p99_ms "$out") ms** | $(field max_ms "$out") ms | $own50 / $own99 ms | $loadavg |" >> "$report"
done

# --- memory over a long run --------------------------------------------------------
if (( LONG > 0 )); then
    start_forward 64
    wait_idle "$FORWARD_PID"
    rss_start=$(awk '/^VmRSS/ {print $2}' "/proc/$FORWARD_PID/status")
    loadavg=$(load)
    # CPU time (ticks of 10 ms) of the forwarder, the double and the gate over the run: who
    # spends the two cores.
    cpu_forward=$(cpu_ticks "$FORWARD_PID") cpu_double=$(cpu_ticks "$DOUBLE_PID") cpu_gate=$(cpu_ticks "$GATE_PID")
    $tools drop "$work" "$spool" --count "$LONG" --prefix long --out "$work/long.drops" >&2 &
    drop_pid=$!
    out=$($tools watch "$spool" --count "$LONG" --prefix long --pid "$FORWARD_PID" --timeout 1800 --interval 1)
    wait "$drop_pid"
    hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$FORWARD_PID/status")
    cpu_forward=$(( $(cpu_ticks "$FORWARD_PID") - cpu_forward )) cpu_double=$(( $(cpu_ticks "$DOUBLE_PID") - cpu_double ))
    cpu_gate=$(( $(cpu_ticks "$GATE_PID") - cpu_gate ))
    per_filing() { awk -v t="$1" -v n="$LONG" 'BEGIN { printf "%.2f ms", t * 10 / n }'; }
    stop_forward
    say "long run: $(tr '\n' ' ' <<<"$out")"
    {
        echo
        echo "| memory, concurrency 64, $LONG drafts dropped at once | RSS |"
        echo "|---|---:|"
        echo "| forwarder started, idle | $((rss_start / 1024)) MiB |"
        for mark in 10 50 100; do
            echo "| $mark % of the records written ($(field "at_${mark}_s" "$out") s) | $(( $(field "rss_${mark}_kb" "$out") / 1024 )) MiB |"
        done
        echo "| all filed ($(field wall_s "$(tail -n 1 <<<"$out")") s; $(field rate_10_90 "$(tail -n 1 <<<"$out")")/s) | $(( $(field rss_end_kb "$(tail -n 1 <<<"$out")") / 1024 )) MiB (peak $((hwm / 1024)) MiB) |"
        echo "| load at the start | $loadavg |"
        echo
        echo "CPU over the long run, per filing: the forwarder $(per_filing "$cpu_forward"), the double $(per_filing "$cpu_double"), the gate $(per_filing "$cpu_gate") (from /proc/PID/stat, utime + stime)."
    } >> "$report"
fi

echo >> "$report"
stats=$(control stats | python3 -c 'import json, sys; s = json.load(sys.stdin); print(json.dumps(s.get("requests", s.get("requestsByKind", {})), separators=(",", ":")))')
echo "The double's requests by kind since its start (the floors' included): $stats" >> "$report"
violations=$(control violations | python3 -c 'import collections, json, sys; print(dict(collections.Counter(v.get("kind") for v in json.load(sys.stdin))) or "none")')
tickets=$(control tickets | python3 -c 'import json, sys; t = json.load(sys.stdin); print(len(t), "tickets,", sum(1 for x in t if x["creates"] > 1), "created more than once")')
records=$(find "$spool/filed" -mindepth 2 -maxdepth 2 -name '*.json' | wc -l)
echo "The double at the end: $tickets; violations: $violations; records written: $records." >> "$report"
cat "$report"
