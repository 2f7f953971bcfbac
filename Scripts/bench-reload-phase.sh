# Sourced by Scripts/bench-daemon.sh when RELOAD_ONLY=1 (issue 13): the reload pause with a
# distributor's directory. Two runs on fresh spools, each with the gate started on the
# 1,000,000-customer directory and RATE drafts a second for SECONDS_AT_RATE seconds: the
# floor, without a reload, and the run with a reload (`supportgate reload`) 5 s in. The
# pause is the longest gap between two results while the reload runs, against the longest
# gap in the same stretch of the floor run.
large_directory="bench-out/directory-1m.json" large_drafts="bench-out/drafts-1m.json"
if [[ ! -s "$large_directory" || ! -s "$large_drafts" ]]; then
    say "generating $large_directory (1,000,000 customers, 50,000 partners; about a minute)"
    python3 Scripts/generate-directory.py "$large_directory" --drafts "$large_drafts" --partners 50000 --customers 1000000 >&2
fi
stage_drafts="$large_drafts" spool_directory="$ROOT/$large_directory" ledger_url=""
declare -A RELOAD_GAP RELOAD_HWM RELOAD_LAT
reload_window=""
for run in floor reload; do
    say "[reload] $run: $((RATE * SECONDS_AT_RATE)) drafts at $RATE/s on the 1M directory"
    make_spool "reload-$run" group-commit
    stage "$spool/staging" "$((RATE * SECONDS_AT_RATE))" "r$run" >/dev/null
    sync
    mkdir -p "$phase/run"
    RUNTIME_DIRECTORY="$phase/run" start_daemon
    loaded_kb=$(rss_kb "$DAEMON_PID")
    drop_started=$(date +%s%N)
    "$floor" drop "$spool" "$spool/staging" "$RATE" "$phase/latency.tsv" 30 > "$phase/drop.out" &
    dropper=$!
    sleep 5
    if [[ "$run" == reload ]]; then
        reload_from=$(( ($(date +%s%N) - drop_started) / 1000000 ))
        "$gate" reload --pid "$DAEMON_PID" --runtime-directory "$phase/run" --timeout 120 >&2 || say "the reload did not apply"
        reload_to=$(( ($(date +%s%N) - drop_started) / 1000000 ))
        reload_window="$reload_from $reload_to"
    fi
    wait "$dropper"
    RELOAD_LAT[$run]=$(cat "$phase/drop.out")
    RELOAD_HWM[$run]="$loaded_kb $(hwm_kb "$DAEMON_PID")"
    stop_daemon
    cp "$phase/latency.tsv" "$work/reload-$run.tsv"
done
# The longest gap between consecutive results inside the reload's window (and the results
# just around it), in each run.
for run in floor reload; do
    RELOAD_GAP[$run]=$(python3 - "$work/reload-$run.tsv" $reload_window <<'PY'
import sys
times = sorted(float(line.split("\t")[2]) for line in open(sys.argv[1]).read().splitlines()[1:] if line.split("\t")[2] != "-")
start, end = float(sys.argv[2]), float(sys.argv[3])
inside = [t for t in times if start <= t <= end]
before = [t for t in times if t < start][-1:]
after = [t for t in times if t > end][:1]
window = before + inside + after
print(f"{max((b - a for a, b in zip(window, window[1:])), default=0):.1f}")
PY
)
done
read -r reload_from reload_to <<<"$reload_window"
read -r floor_loaded floor_hwm <<<"${RELOAD_HWM[floor]}"
read -r reload_loaded reload_hwm <<<"${RELOAD_HWM[reload]}"
cat <<REPORT
#### supportgate daemon benchmark: reload with a distributor's directory

- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); machine: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), nproc $(nproc)
- command: \`$invocation\` (release build); \`$large_directory\`: $(du -m "$large_directory" | cut -f1) MB; $(fmt $((RATE * SECONDS_AT_RATE))) drafts at $RATE/s per run; the reload (\`supportgate reload\`) from $(fmt "$reload_from") ms to $(fmt "$reload_to") ms of the run

| target | measured | required | result |
|---|---:|---:|:---:|
| longest gap between two results during the reload (floor: the same stretch without one, ${RELOAD_GAP[floor]} ms) | ${RELOAD_GAP[reload]} ms | ≤ 50 ms | $(verdict ge 50 "${RELOAD_GAP[reload]}") |
| peak RSS with the reload (loaded $(mb "$reload_loaded"); floor run peak $(mb "$floor_hwm")) | $(mb "$reload_hwm") | ≤ loaded + the load's peak | see the load benchmark |

Runs: floor: ${RELOAD_LAT[floor]}; reload: ${RELOAD_LAT[reload]}.
REPORT
exit 0
