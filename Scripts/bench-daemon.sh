#!/usr/bin/env bash
# The daemon benchmark (issue 4): throughput against the file-system floor, latency at a
# steady rate, memory with a large backlog, and the per-file `supportgate check` loop a
# user would script instead. One command, any cwd; prints a markdown report on stdout
# (progress on stderr). All scratch data lives in bench-out/daemon/ and is removed.
#
#   Scripts/bench-daemon.sh
#   N=20000 REPEATS=3 RATE=500 SECONDS_AT_RATE=30 BACKLOG=1000000 BACKLOG_SECONDS=60 ALT_N=100 BATCH=256 Scripts/bench-daemon.sh
#   LEDGER_ONLY=1 Scripts/bench-daemon.sh    (only the incident ledger's rows, a few minutes)
#   LEDGER_ONLY=1 LEDGER_BACKENDS=postgres Scripts/bench-daemon.sh    (one backend's rows)
#   RELOAD_ONLY=1 Scripts/bench-daemon.sh    (the reload pause with a 1,000,000-customer directory)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

N=${N:-20000}
RATE=${RATE:-500}
SECONDS_AT_RATE=${SECONDS_AT_RATE:-30}
BACKLOG=${BACKLOG:-1000000}
BACKLOG_SECONDS=${BACKLOG_SECONDS:-60}
ALT_N=${ALT_N:-100}
BATCH=${BATCH:-256}
REPEATS=${REPEATS:-3}
MODES=(group-commit per-file)

invocation="Scripts/bench-daemon.sh"
overrides=""
LEDGER_ONLY=${LEDGER_ONLY:-0}
LEDGER_BACKENDS=${LEDGER_BACKENDS:-sqlite postgres}
RELOAD_ONLY=${RELOAD_ONLY:-0}
for variable in N REPEATS RATE SECONDS_AT_RATE BACKLOG BACKLOG_SECONDS ALT_N BATCH LEDGER_ONLY LEDGER_BACKENDS RELOAD_ONLY; do
    if env | grep -q "^$variable="; then overrides+="$variable=${!variable} "; fi
done
invocation="$overrides$invocation"

scratch=".build-bench"
directory="bench-out/directory-100k.json"
drafts="bench-out/drafts.json"
work="$ROOT/bench-out/daemon"
say() { echo "bench-daemon: $*" >&2; }

DAEMON_PID=""
ALT_GROUP=""
cleanup() {
    if [[ -n "$DAEMON_PID" ]]; then kill -KILL "$DAEMON_PID" 2>/dev/null || true; wait "$DAEMON_PID" 2>/dev/null || true; fi
    if [[ -n "$ALT_GROUP" ]]; then kill -KILL -- "-$ALT_GROUP" 2>/dev/null || true; fi
    if [[ -d "$work" ]]; then
        say "removing the scratch spools"
        rm -rf "$work"
        date +%s > "$ROOT/bench-out/daemon-removed-at"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build and inputs -----------------------------------------------------------
say "building supportgate and spool-floor (release)"
swift build -c release --scratch-path "$scratch" --product supportgate >&2
swift build -c release --scratch-path "$scratch" --product spool-floor >&2
bindir="$(swift build -c release --scratch-path "$scratch" --show-bin-path)"
gate="$bindir/supportgate"
floor="$bindir/spool-floor"

source Scripts/bench-inputs.sh
bench_inputs "$directory" "$drafts"
if ! command -v inotifywait >/dev/null; then
    say "installing inotify-tools"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q inotify-tools >&2
fi

# ext4 without a journal (this machine's root file system, see the report) will not reuse an
# inode deleted in the last 60 s (360 s when its inode-table block is dirty): inode allocation
# then scans past every recently deleted inode, which slows file creation severalfold. So no
# phase deletes anything: each gets its own spool, and everything is removed at the end.
removed_ago=""
if [[ -d "$work" ]]; then
    say "removing the scratch spools of an earlier run"
    leftovers=$( (find "$work" || true) | head -n 10001 | wc -l)
    rm -rf "$work"
    (( leftovers > 10000 )) && date +%s > "$ROOT/bench-out/daemon-removed-at"
fi
if [[ -s "$ROOT/bench-out/daemon-removed-at" ]]; then
    removed_ago=$(( $(date +%s) - $(cat "$ROOT/bench-out/daemon-removed-at") ))
    if (( removed_ago < 360 )); then
        say "warning: scratch files were removed ${removed_ago}s ago; on ext4 without a journal, file creation is slower for up to 360 s after mass deletions"
    else
        removed_ago=""
    fi
fi
mkdir -p "$work"
# The ledger phase swaps in its own drafts and directory (stage_drafts, spool_directory).
stage_drafts="" spool_directory=""
stage() { python3 Scripts/bench-daemon-tools.py stage "${stage_drafts:-$drafts}" "$@"; }

# make_spool MODE: a fresh spool and a configuration for it (Config/supportgate.toml with
# the benchmark directory, this spool, the durability mode and the batch size).
# make_spool NAME MODE: a fresh spool in bench-out/daemon/NAME and a configuration for it.
spool="" config="" phase=""
make_spool() {
    phase="$work/$1"; shift
    spool="$phase/spool"
    config="$phase/supportgate.toml"
    mkdir -p "$spool"/{staging,incoming,processing,accepted,rejected,quarantine,archive}
    # The gate refuses a tenant directory that others may read (contract §7).
    chmod o-r "${spool_directory:-$ROOT/$directory}"
    # The ledger: the phase's own SQLite file, or the PostgreSQL of the ledger phase (& escaped for sed).
    local ledger_line="path = \"$phase/ledger.sqlite\""
    [[ -n "$ledger_url" ]] && ledger_line="url = \"${ledger_url//&/\\&}\""
    # The per-submitter caps are raised: throughput is measured here, and refusals (cheaper
    # than decisions) would flatter it. bench-fairness.sh does the same.
    sed -e "s#^root = .*#root = \"$spool\"\nbatchSize = $BATCH\ndurability = \"$1\"#" \
        -e "s#^directory = .*#directory = \"${spool_directory:-$ROOT/$directory}\"#" \
        -e "s#^path = .*#$ledger_line#" \
        -e "s#^maxQueuedPerSubmitter = .*#maxQueuedPerSubmitter = 10_000_000#" \
        -e "s#^maxQueuedBytesPerSubmitter = .*#maxQueuedBytesPerSubmitter = 1_099_511_627_776#" \
        Config/supportgate.toml > "$config"
}

start_daemon() {
    "$gate" daemon --config "$config" --log stderr 2>>"$phase/daemon.log" >/dev/null &
    DAEMON_PID=$!
    local _
    for _ in $(seq 1 300); do
        grep -q "supportgate started" "$phase/daemon.log" && return 0
        kill -0 "$DAEMON_PID" 2>/dev/null || break
        sleep 0.1
    done
    say "the daemon did not start:"; cat "$phase/daemon.log" >&2; exit 1
}
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
stop_daemon() {
    kill -TERM "$DAEMON_PID" 2>/dev/null || true
    wait "$DAEMON_PID" 2>/dev/null || true
    DAEMON_PID=""
}
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
# Results sit on shelves (one folder per partner or submitter) in accepted/ and rejected/.
count_in() { find "$1" -maxdepth 2 -type f ! -name '~tmp-*' | wc -l; }
fmt() { # fmt NUMBER [DECIMALS]: with thousands separators
    awk -v x="$1" -v d="${2:-0}" 'BEGIN {
        s = sprintf("%." d "f", x); sign = ""; if (substr(s, 1, 1) == "-") { sign = "-"; s = substr(s, 2) }
        p = index(s, "."); whole = p ? substr(s, 1, p - 1) : s; frac = p ? substr(s, p) : ""
        while (length(whole) > 3) { frac = "," substr(whole, length(whole) - 2) frac; whole = substr(whole, 1, length(whole) - 3) }
        print sign whole frac }'
}
mean_bytes() { find "$@" -mindepth 2 -maxdepth 2 -type f -printf '%s\n' | awk '{ s += $1; n++ } END { printf "%.0f", n ? s / n : 0 }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
verdict() { if "$@"; then echo PASS; else echo FAIL; fi; }

declare -A FLOOR FLOOR_RUNS DAEMON DAEMON_RUNS RATIO RATIO_RUNS HWM ACC REJ QUA LAT LATHWM RESULT_BYTES
if [[ "$RELOAD_ONLY" == "1" ]]; then source Scripts/bench-reload-phase.sh; fi

# --- 2. throughput: N drafts dropped at once, daemon running; floor runs around each -----
# The machine is noisy (a VM on a shared disk: the floor alone varies by ±10% from run to
# run), so the daemon runs REPEATS times, each between two floor runs, and each daemon run
# is compared with the mean of the floor runs just before and after it; the report gives
# the median of those ratios and every run.
run_floor() { # run_floor NAME MODE RESULT_BYTES: prints the floor's drafts/s
    make_spool "$1" "$2"
    stage "$spool/incoming" "$N" "$1" >/dev/null
    sync
    local out
    out="$("$floor" "$spool" "$2" "$BATCH" "$3")"
    say "  $out"
    [[ "$(field drafts "$out")" == "$N" ]] || { say "the floor did not move every draft"; exit 1; }
    field rate "$out"
}
run_daemon() { # run_daemon NAME MODE: sets DAEMON_RATE (drafts/s), and HWM, counts and result size (no subshell)
    make_spool "$1" "$2"
    stage "$spool/staging" "$N" "t-$1" >/dev/null
    sync
    start_daemon
    say "[$2] daemon: dropping $N drafts at once"
    local out
    out="$("$floor" drop "$spool" "$spool/staging" 0 "$phase/drop.tsv" 60)"
    say "  $out"
    local hwm
    hwm=$(hwm_kb "$DAEMON_PID")
    (( hwm > ${HWM[$2]:-0} )) && HWM[$2]=$hwm
    stop_daemon
    [[ "$(field missing "$out")" == "0" ]] || { say "results are missing"; exit 1; }
    ACC[$2]=$(count_in "$spool/accepted"); REJ[$2]=$(count_in "$spool/rejected"); QUA[$2]=$(count_in "$spool/quarantine")
    RESULT_BYTES[$2]=$(mean_bytes "$spool/accepted" "$spool/rejected")
    DAEMON_RATE=$(field rate "$out")
}
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# --- 1b. the incident ledger: half the drafts use an incident -------------------------
# For each backend (SQLite; PostgreSQL on the local socket, a throwaway cluster of Debian's
# server): group commit, measured as below, the daemon between two floor runs, REPEATS
# times; then the latency at RATE. Every draft is accepted; every other one records a
# consumption. Each run has a fresh ledger.
declare -A LEDGER_RATIO LEDGER_RUNS LEDGER_LAT LEDGER_USED
pg_dir="" ledger_url=""
stop_postgres() { [[ -n "$pg_dir" ]] && Tests/Postgres/cluster.sh stop "$pg_dir"; pg_dir=""; }
trap 'stop_postgres; cleanup' EXIT
ledger_used() { # ledger_used BACKEND: consumptions in the ledger of the last phase
    if [[ "$1" == postgres ]]; then
        runuser -u postgres -- psql -qAt "$ledger_url" -c "SELECT COUNT(*) FROM accepted_draft WHERE entitlement_id IS NOT NULL"
    else
        python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM accepted_draft WHERE entitlement_id IS NOT NULL").fetchone()[0])' "$phase/ledger.sqlite"
    fi
}
fresh_ledger() { # fresh_ledger BACKEND: an empty ledger for the next phase
    if [[ "$1" == postgres ]]; then runuser -u postgres -- psql -qAt "$ledger_url" -c "TRUNCATE accepted_draft, entitlement_use" 2>/dev/null || true; fi
}
ledger_phase() { # ledger_phase sqlite|postgres
    local backend=$1 before after rate ratios="" runs="" rep
    python3 Scripts/bench-daemon-tools.py ledger-inputs "$directory" "$work/ledger-directory.json" "$work/ledger-drafts.json" "$ROOT"
    stage_drafts="$work/ledger-drafts.json" spool_directory="$work/ledger-directory.json"
    if [[ "$backend" == postgres ]]; then
        pg_dir=$(mktemp -d -u /tmp/supportgate-bench-pg.XXXXXX)
        ledger_url=$(Tests/Postgres/cluster.sh start "$pg_dir")
    fi
    say "[ledger $backend] floor (run 0 of $REPEATS): $N drafts"
    before=$(run_floor "ledger-$backend-floor0" group-commit 2400)
    for rep in $(seq 1 "$REPEATS"); do
        say "[ledger $backend] daemon (run $rep of $REPEATS): $N drafts, half using an incident"
        fresh_ledger "$backend"
        run_daemon "ledger-$backend-daemon$rep" group-commit
        rate=$DAEMON_RATE
        LEDGER_USED[$backend]=$(ledger_used "$backend")
        after=$(run_floor "ledger-$backend-floor$rep" group-commit "${RESULT_BYTES[group-commit]}")
        ratios+=" $(awk -v d="$rate" -v a="$before" -v b="$after" 'BEGIN { printf "%.4f", d / ((a + b) / 2) }')"
        runs+="${runs:+ / }$(fmt "$rate") (floor $(fmt "$before")–$(fmt "$after"))"
        before=$after
    done
    LEDGER_RATIO[$backend]=$(median <<<"$ratios")
    LEDGER_RUNS[$backend]=$runs
    say "[ledger $backend] latency: $((RATE * SECONDS_AT_RATE)) drafts at $RATE/s"
    fresh_ledger "$backend"
    make_spool "ledger-$backend-latency" group-commit
    stage "$spool/staging" "$((RATE * SECONDS_AT_RATE))" "ll" >/dev/null
    sync
    start_daemon
    LEDGER_LAT[$backend]="$("$floor" drop "$spool" "$spool/staging" "$RATE" "$phase/latency.tsv" 30)"
    say "  ${LEDGER_LAT[$backend]}"
    stop_daemon
    stage_drafts="" spool_directory="" ledger_url=""
    stop_postgres
}
ledger_rows() {
    local backend name target
    for backend in $LEDGER_BACKENDS; do
        if [[ "$backend" == sqlite ]]; then name="SQLite ledger"; target=0.7; else name="PostgreSQL ledger on the local socket"; target=0.5; fi
        echo "| daemon ÷ floor, group-commit, $name, half the drafts use an incident (median of $REPEATS) | $(printf '%.2f' "${LEDGER_RATIO[$backend]}") | ≥ $(printf '%.2f' $target) | $(verdict ge "${LEDGER_RATIO[$backend]}" $target) |"
        echo "| drop-to-result p99 at $RATE/s, $name, half the drafts use an incident | $(fmt "$(field p99_ms "${LEDGER_LAT[$backend]}")" 2) ms | ≤ 10 ms | $(verdict ge 10 "$(field p99_ms "${LEDGER_LAT[$backend]}")") |"
    done
}
for backend in $LEDGER_BACKENDS; do ledger_phase "$backend"; done
if [[ "$LEDGER_ONLY" == "1" ]]; then
    cat <<REPORT
#### supportgate daemon benchmark: the incident ledger

- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); machine: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), nproc $(nproc)
- command: \`$invocation\` (release build); $(fmt "$N") drafts per run, alternating an own-tenant premier technical request (uses an incident) and an own-tenant billing request (uses none), dropped as Contoso's submitter; consumptions recorded in the last run: $(for backend in $LEDGER_BACKENDS; do echo -n "$backend $(fmt "${LEDGER_USED[$backend]}"); "; done)

| target | measured | required | result |
|---|---:|---:|:---:|
$(ledger_rows)

Runs (drafts/s, with the floor runs around each), then the latency run: $(for backend in $LEDGER_BACKENDS; do echo -n "$backend: ${LEDGER_RUNS[$backend]}; ${LEDGER_LAT[$backend]}. "; done)
REPORT
    exit 0
fi

for mode in "${MODES[@]}"; do
    say "[$mode] floor (run 0 of $REPEATS): $N drafts"
    floor_before=$(run_floor "floor0-$mode" "$mode" 2400)
    floors="$floor_before" daemons="" ratios="" floor_list="$(fmt "$floor_before")" daemon_list="" ratio_list=""
    for rep in $(seq 1 "$REPEATS"); do
        say "[$mode] daemon (run $rep of $REPEATS): $N drafts"
        run_daemon "daemon$rep-$mode" "$mode"
        daemon_rate=$DAEMON_RATE
        say "[$mode] floor (run $rep of $REPEATS): $N drafts, ${RESULT_BYTES[$mode]}-byte results"
        floor_after=$(run_floor "floor$rep-$mode" "$mode" "${RESULT_BYTES[$mode]}")
        this_ratio=$(awk -v d="$daemon_rate" -v a="$floor_before" -v b="$floor_after" 'BEGIN { printf "%.4f", d / ((a + b) / 2) }')
        floors+=" $floor_after" daemons+=" $daemon_rate" ratios+=" $this_ratio"
        floor_list+=" / $(fmt "$floor_after")" daemon_list+="${daemon_list:+ / }$(fmt "$daemon_rate")" ratio_list+="${ratio_list:+ / }$(printf '%.2f' "$this_ratio")"
        floor_before=$floor_after
    done
    FLOOR[$mode]=$(median <<<"$floors")
    DAEMON[$mode]=$(median <<<"$daemons")
    RATIO[$mode]=$(median <<<"$ratios")
    FLOOR_RUNS[$mode]=$floor_list DAEMON_RUNS[$mode]=$daemon_list RATIO_RUNS[$mode]=$ratio_list
done

# --- 3. latency at a steady rate ---------------------------------------------------
lat_n=$((RATE * SECONDS_AT_RATE))
for mode in "${MODES[@]}"; do
    say "[$mode] latency: $lat_n drafts at $RATE/s"
    make_spool "latency-$mode" "$mode"
    stage "$spool/staging" "$lat_n" "l-${mode%%-*}" >/dev/null
    sync
    start_daemon
    out="$("$floor" drop "$spool" "$spool/staging" "$RATE" "$phase/latency.tsv" 30)"
    say "  $out"
    LATHWM[$mode]=$(hwm_kb "$DAEMON_PID")
    stop_daemon
    LAT[$mode]="$out"
done

# --- 4. memory with a backlog of BACKLOG queued drafts -----------------------------
say "backlog: creating $BACKLOG drafts in incoming/ (compact, ~1.5 KB)"
make_spool backlog group-commit
backlog_start=$SECONDS
stage "$spool/incoming" "$BACKLOG" b --compact --workers 2 >/dev/null
sync
backlog_create=$((SECONDS - backlog_start))
start_daemon
say "backlog: daemon working for ${BACKLOG_SECONDS}s"
backlog_t0=$(date +%s.%N)
rss_trace=""
for _ in $(seq 1 $((BACKLOG_SECONDS / 10))); do
    sleep 10
    rss_trace+="$(awk -v k="$(rss_kb "$DAEMON_PID")" 'BEGIN { printf "%.0f", k / 1024 }') "
done
backlog_hwm=$(hwm_kb "$DAEMON_PID")
backlog_rss=$(rss_kb "$DAEMON_PID")
backlog_elapsed=$(awk -v a="$backlog_t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
kill -KILL "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null || true; DAEMON_PID=""
backlog_done=$(( $(count_in "$spool/accepted") + $(count_in "$spool/rejected") ))
backlog_rate=$(awk -v n="$backlog_done" -v s="$backlog_elapsed" 'BEGIN { print n / s }')
say "backlog: $backlog_done decided in ${backlog_elapsed}s"

# --- 5. the alternative: inotifywait + supportgate check per file ---------------------
say "alternative: inotifywait loop, $ALT_N drafts"
make_spool alternative group-commit
stage "$spool/staging" "$ALT_N" alt >/dev/null
sync
cat > "$phase/alternative.sh" <<'ALT'
# What a user scripts without the daemon: one `supportgate check` per dropped file.
gate=$1 config=$2 spool=$3
inotifywait -m -e moved_to -e close_write --format '%f' "$spool/incoming" | while IFS= read -r name; do
    draft="$spool/incoming/$name"
    [ -f "$draft" ] || continue
    uid=$(stat -c %u "$draft")
    if "$gate" check --config "$config" --as-uid "$uid" --format pretty "$draft" > "$spool/accepted/~tmp-$name"; then
        folder=accepted
    else
        folder=rejected
    fi
    mv "$spool/accepted/~tmp-$name" "$spool/$folder/$name"
    mv "$draft" "$spool/archive/$name"
done
ALT
setsid bash "$phase/alternative.sh" "$gate" "$config" "$spool" 2>"$phase/alternative.log" &
ALT_GROUP=$!
for _ in $(seq 1 100); do grep -q "Watches established" "$phase/alternative.log" && break; sleep 0.1; done
alt_out="$("$floor" drop "$spool" "$spool/staging" 0 "$phase/alternative.tsv" 30)"
say "  $alt_out"
kill -TERM -- "-$ALT_GROUP" 2>/dev/null || true
wait "$ALT_GROUP" 2>/dev/null || true
ALT_GROUP=""
ALT_RATE=$(field rate "$alt_out")
journal_sizes=$(awk -v n="$N" -v s="$(stat -c %s "$work/daemon1-group-commit/daemon.log")" 'BEGIN { printf "%.0f", s / n }')

# --- the report ------------------------------------------------------------------
source_device=$(df --output=source "$work" | tail -1)
fs_type=$(df --output=fstype "$work" | tail -1)
disk=$(lsblk -ndo NAME,SIZE,ROTA,MODEL "$source_device" 2>/dev/null | awk '{printf "%s %s, ROTA=%s", $1, $2, $3; if ($4 != "") printf ", %s", $4}')
[[ -e "/sys/block/${source_device#/dev/}/device/driver" ]] && disk+=" ($(basename "$(readlink "/sys/block/${source_device#/dev/}/device/driver")"))"
fs_features=$( (tune2fs -l "$source_device" 2>/dev/null | grep -q has_journal) && echo "with a journal" || echo "no journal")
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
gc=group-commit pf=per-file
lat() { field "$2" "${LAT[$1]}"; }

cat <<EOF
#### supportgate daemon benchmark

- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')
- machine: $cpu, nproc $(nproc), $(uname -sr), $(free -g | awk '/^Mem:/ {print $2}') GB RAM
- disk: ${disk:-$source_device} — $source_device, $fs_type (df -T; $fs_features), mounted on $(df --output=target "$work" | tail -1)$( [[ -n "$removed_ago" ]] && echo "; WARNING: thousands of scratch files were removed ${removed_ago} s before the start, which slows file creation on ext4 without a journal" )
- command: \`$invocation\` (release build, \`--scratch-path $scratch\`)
- directory: \`$directory\` (100,000 customers); drafts drawn in turn from \`$drafts\` (2,000 realistic drafts, average 2.3 KB), each with a unique draftId, owned by the uid its scenario drops it as
- daemon: \`supportgate daemon --config bench-out/daemon/PHASE/supportgate.toml --log stderr\` (stderr to a file), batchSize $BATCH; floor: \`spool-floor ROOT MODE $BATCH RESULT_BYTES\` (the daemon's system calls and durability, no deciding), result size = the daemon's mean result size in the same mode

##### Targets

| target | measured | required | result |
|---|---:|---:|:---:|
| daemon ÷ floor, group-commit (median of $REPEATS) | $(printf '%.2f' "${RATIO[$gc]}") | ≥ 0.80 | $(verdict ge "${RATIO[$gc]}" 0.8) |
| daemon ÷ floor, per-file (median of $REPEATS) | $(printf '%.2f' "${RATIO[$pf]}") | ≥ 0.80 | $(verdict ge "${RATIO[$pf]}" 0.8) |
| daemon ÷ per-file check loop (group-commit) | $(ratio "${DAEMON[$gc]}" "$ALT_RATE")× | ≥ 20× | $(verdict ge "$(ratio "${DAEMON[$gc]}" "$ALT_RATE")" 20) |
| daemon ÷ per-file check loop (per-file) | $(ratio "${DAEMON[$pf]}" "$ALT_RATE")× | ≥ 20× | $(verdict ge "$(ratio "${DAEMON[$pf]}" "$ALT_RATE")" 20) |
| drop-to-result p99 at $RATE/s, group-commit | $(fmt "$(lat $gc p99_ms)" 2) ms | ≤ 10 ms | $(verdict ge 10 "$(lat $gc p99_ms)") |
| drop-to-result p99 at $RATE/s, per-file | $(fmt "$(lat $pf p99_ms)" 2) ms | ≤ 10 ms | $(verdict ge 10 "$(lat $pf p99_ms)") |
| peak RSS with $(fmt "$BACKLOG") queued | $(mb "$backlog_hwm") | ≤ 300 MB | $(verdict ge 307200 "$backlog_hwm") |
$(ledger_rows)

##### Throughput: $(fmt "$N") drafts dropped at once (staged, renamed into incoming/), daemon already running

| | group-commit | per-file |
|---|---:|---:|
| floor (spool-floor), drafts/s: median of $((REPEATS + 1)) runs | $(fmt "${FLOOR[$gc]}") | $(fmt "${FLOOR[$pf]}") |
| floor runs, in order | ${FLOOR_RUNS[$gc]} | ${FLOOR_RUNS[$pf]} |
| daemon, drafts/s (first drop → last result): median of $REPEATS runs | $(fmt "${DAEMON[$gc]}") | $(fmt "${DAEMON[$pf]}") |
| daemon runs, in order (each between two floor runs) | ${DAEMON_RUNS[$gc]} | ${DAEMON_RUNS[$pf]} |
| daemon ÷ floor, each run (against the mean of the floor runs around it) | ${RATIO_RUNS[$gc]} | ${RATIO_RUNS[$pf]} |
| **daemon ÷ floor, median** | **$(printf '%.2f' "${RATIO[$gc]}")** | **$(printf '%.2f' "${RATIO[$pf]}")** |
| decisions: accepted / rejected (quarantined) | $(fmt "${ACC[$gc]}") / $(fmt "${REJ[$gc]}") ($(fmt "${QUA[$gc]}")) | $(fmt "${ACC[$pf]}") / $(fmt "${REJ[$pf]}") ($(fmt "${QUA[$pf]}")) |
| mean result size | $(fmt "${RESULT_BYTES[$gc]}") B | $(fmt "${RESULT_BYTES[$pf]}") B |
| daemon peak RSS (VmHWM) | $(mb "${HWM[$gc]}") | $(mb "${HWM[$pf]}") |
| journal output (stderr, to a file on the same disk) | $(fmt "$journal_sizes") B/draft | |

##### Latency: $(fmt "$RATE") drafts/s for $SECONDS_AT_RATE s ($(fmt "$lat_n") drafts), drop (rename into incoming/) → result (IN_MOVED_TO of its final name)

| | group-commit | per-file |
|---|---:|---:|
| results / drafts | $(fmt "$(lat $gc results)") / $(fmt "$(lat $gc drafts)") | $(fmt "$(lat $pf results)") / $(fmt "$(lat $pf drafts)") |
| p50 | $(fmt "$(lat $gc p50_ms)" 2) ms | $(fmt "$(lat $pf p50_ms)" 2) ms |
| p90 | $(fmt "$(lat $gc p90_ms)" 2) ms | $(fmt "$(lat $pf p90_ms)" 2) ms |
| p99 | $(fmt "$(lat $gc p99_ms)" 2) ms | $(fmt "$(lat $pf p99_ms)" 2) ms |
| max | $(fmt "$(lat $gc max_ms)" 2) ms | $(fmt "$(lat $pf max_ms)" 2) ms |
| mean | $(fmt "$(lat $gc mean_ms)" 2) ms | $(fmt "$(lat $pf mean_ms)" 2) ms |
| daemon peak RSS (VmHWM) | $(mb "${LATHWM[$gc]}") | $(mb "${LATHWM[$pf]}") |

Method: \`spool-floor drop\` renames pre-staged drafts (same file system) into incoming/ on an open-loop schedule (draft *i* at *t0 + i/rate*), reading CLOCK_MONOTONIC just before each rename; it watches accepted/ and rejected/ with inotify (IN_MOVED_TO: a result appears by its rename from \`~tmp-…\`) and reads CLOCK_MONOTONIC as soon as select(2) returns with the event (microsecond timeouts between drops). Per-draft times: \`bench-out/daemon/latency-*/latency.tsv\` (removed at the end). Percentiles are nearest-rank.

##### Memory: $(fmt "$BACKLOG") drafts queued in incoming/ (group-commit)

| | |
|---|---:|
| created in | ${backlog_create} s (compact drafts, ~1.5 KB) |
| observed for | $(fmt "$backlog_elapsed" 1) s, then killed |
| decided meanwhile | $(fmt "$backlog_done") ($(fmt "$backlog_rate") drafts/s) |
| RSS every 10 s (MB) | $rss_trace |
| RSS at the end (VmRSS) | $(mb "$backlog_rss") |
| peak RSS (VmHWM) | $(mb "$backlog_hwm") |

##### The usual alternative: inotifywait + \`supportgate check\` per file

| | |
|---|---:|
| drafts (dropped at once) | $(fmt "$ALT_N") |
| drafts/s | $(fmt "$ALT_RATE" 2) |
| daemon ÷ alternative (group-commit / per-file) | $(ratio "${DAEMON[$gc]}" "$ALT_RATE")× / $(ratio "${DAEMON[$pf]}" "$ALT_RATE")× |

The loop (\`bench-out/daemon/alternative/alternative.sh\`): \`inotifywait -m -e moved_to -e close_write incoming/\`, then per file \`stat -c %u\`, \`supportgate check --config … --as-uid UID --format pretty FILE > accepted/~tmp-NAME\`, \`mv\` into accepted/ or rejected/ by the exit code, \`mv\` the original to archive/ — no fsync at all, so it is less durable than either mode; each \`check\` loads the 100,000-customer directory again. Measured the same way (first drop → last result).
EOF
