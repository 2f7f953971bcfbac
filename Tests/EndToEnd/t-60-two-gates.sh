# Two gates on one spool: one works it, the other stands by (the spool is locked) and takes
# over when the first is killed. Every draft is decided exactly once.
source "$(dirname "$0")/lib.sh"
work="$E2E_WORK/two-gates"
trap 'kill -9 $first $second 2>/dev/null' EXIT
make_spool "$work"
spool="$work/spool"
make_drafts "$spool/staging" 3000 twin >/dev/null
chown 1001:1001 "$spool"/staging/*.json

"$E2E_BIN" daemon --config "$work/supportgate.toml" --log stderr >>"$work/first.log" 2>&1 &
first=$!
wait_until 10 grep -q "supportgate started" "$work/first.log"
"$E2E_BIN" daemon --config "$work/supportgate.toml" --log stderr >>"$work/second.log" 2>&1 &
second=$!
wait_until 10 grep -q "standing by" "$work/second.log"
check "the second gate stands by while the first holds the spool" grep -q "standing by" "$work/second.log"

(cd "$spool/staging" && find . -name 'twin-*' -printf '%f\0' | xargs -0 mv -t "$spool/incoming/")
wait_until 20 sh -c "[ \$(find '$spool/accepted' '$spool/rejected' -mindepth 2 -maxdepth 2 -type f -printf '%f\n' | grep -c '^twin-') -ge 300 ]"
kill -9 "$first"
wait "$first" 2>/dev/null
wait_until 20 grep -q "supportgate started" "$work/second.log"
check "the standby takes over when the first gate dies" grep -q "supportgate started" "$work/second.log"
wait_until 120 sh -c "[ \$(find '$spool/accepted' '$spool/rejected' -mindepth 2 -maxdepth 2 -type f -printf '%f\n' | grep -c '^twin-') -ge 3000 ] && [ -z \"\$(find '$spool/incoming' '$spool/processing' -mindepth 1 -print -quit)\" ]"
kill -TERM "$second"; wait "$second" 2>/dev/null

check "3000 drafts, 3000 results" test "$(count_results "$spool" twin)" -eq 3000
check "no draft decided twice" test -z "$(results_ls "$spool" | grep '^twin-' | sed 's/\..*//' | sort | uniq -d)"
# A kill -9 between a batch's commit and its log lines can leave decisions unlogged. An
# acceptance is logged once: the standby finds it in the ledger and writes it as a repeat
# (DECISION_ADOPTED). A rejection takes nothing (contract §7), so one whose draft was still
# in processing/ at the kill is decided anew, and logged again: at most the first gate's
# claims then, one batch committing and one being decided (2 x 256).
twice=$(cat "$work/first.log" "$work/second.log" | grep -o 'draft twin-[0-9]* \(accepted\|rejected\)' | sort | uniq -d)
[ -z "$twice" ] || echo "  logged twice: $(echo "$twice" | grep -c rejected) rejections, $(echo "$twice" | grep -c accepted) acceptances"
check "no acceptance logged twice" test -z "$(echo "$twice" | grep accepted)"
check "rejections decided anew after the takeover: at most the first gate's claims at the kill" test "$(echo "$twice" | grep -c rejected)" -le 512
