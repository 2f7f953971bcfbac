# Retention under a real systemd: the shipped supportgate-prune.service and .timer verify
# cleanly, the timer is scheduled, the service runs in its sandbox as the gate's user,
# and `supportgate spool prune` removes exactly what is past the cutoff from archive/,
# quarantine/, accepted/ and rejected/, never a waiting draft, while the gate runs. The
# gate does not forget: a pruned accepted draft dropped again gets the same decision. The
# same for supportgate-ledger-prune.service and .timer: `supportgate ledger prune` in its
# sandbox forgets the accepted drafts past ledger.retentionDays, and only those.
started=$(date +%s)
source "$(dirname "$0")/lib.sh"
trap stop_systemd EXIT

boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
install_gate
spool=/var/spool/supportgate
example="$E2E_ROOT/Config/examples/azure-billing-own.draft.json"

for unit in supportgate-prune.service supportgate-prune.timer supportgate-ledger-prune.service supportgate-ledger-prune.timer; do
    output=$(ns systemd-analyze verify /run/systemd/system/$unit 2>&1)
    check "systemd-analyze verify $unit is clean" test -z "$output"
    [ -z "$output" ] || echo "$output" | sed 's/^/      /'
done
for service in supportgate-prune supportgate-ledger-prune; do
    exposure=$(ns systemd-analyze security --offline=true /run/systemd/system/$service.service 2>&1 | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
    check "$service.service exposure $exposure <= 1.0" awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 1.0) }'
    ns systemctl enable --now $service.timer >/dev/null 2>&1
    check "$service.timer is active and scheduled" sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl list-timers --all --no-legend $service.timer | grep -q $service.service"
done

ns systemctl start supportgate.service
for id in keep-a keep-b; do
    sed "s/\"draftId\": \"azure-billing-own\"/\"draftId\": \"$id\"/" "$example" > "$E2E_WORK/$id.json"
done
printf '{ not json' > "$E2E_WORK/broken.json"
chmod 0644 "$E2E_WORK"/keep-*.json "$E2E_WORK/broken.json"
for file in keep-a keep-b broken; do as_contoso cp "$E2E_WORK/$file.json" "$spool/incoming/$file.json"; done
# Every original is in archive/ or quarantine/ before anything is counted.
wait_until 10 sh -c "nsenter -t $SYSTEMD_PID -m -p test -e $spool/accepted/$CONTOSO/keep-a.json && nsenter -t $SYSTEMD_PID -m -p test -e $spool/accepted/$CONTOSO/keep-b.json \
    && [ \"\$(nsenter -t $SYSTEMD_PID -m -p find $spool/archive -type f | wc -l)\" = 2 ] && [ \"\$(nsenter -t $SYSTEMD_PID -m -p find $spool/quarantine -type f | wc -l)\" = 1 ]" || {
    echo "      the gate did not decide the three drafts in 10 s; the spool and its journal:"
    ns find $spool -mindepth 1 | sed 's/^/      /'
    ns journalctl -u supportgate.service -o cat | tail -n 20 | sed 's/^/      /'
}
decision_of() { ns sed -n 's/.*"decisionId" *: *"\([^"]*\)".*/\1/p' "$1" | head -n 1; }
first_decision=$(decision_of $spool/accepted/$CONTOSO/keep-a.json)
# A draft still waiting in incoming/ (a hidden name: one still being written, which the
# gate leaves alone) must survive any prune.
as_contoso cp "$E2E_WORK/keep-a.json" "$spool/incoming/.still-writing.json"

# The shipped service, as the timer starts it: everything is younger than 90 days.
ns systemctl start supportgate-prune.service
check "the prune service runs in its sandbox and succeeds" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p Result --value supportgate-prune.service)\" = success ]"
# journald reads the service's stdout stream on its own time: wait for the line.
wait_until 10 sh -c "nsenter -t $SYSTEMD_PID -m -p journalctl -u supportgate-prune.service -o cat | grep -q 'rejected/: removed'"
check "it reports each folder in the journal, and removed nothing young" sh -c "nsenter -t $SYSTEMD_PID -m -p journalctl -u supportgate-prune.service -o cat | grep -q 'archive/: removed 0 files' && nsenter -t $SYSTEMD_PID -m -p test -e $spool/accepted/$CONTOSO/keep-a.json" \
    || ns journalctl -u supportgate-prune.service -o cat | sed 's/^/      /'


# Everything archived or written before a minute from now, as the gate's user.
cutoff=$(date -u -d '+1 minute' +%Y-%m-%dT%H:%M:%SZ)
as_uid supportgate /usr/local/bin/supportgate spool prune \
    --config /etc/supportgate/supportgate.toml --before "$cutoff" > "$E2E_WORK/prune.out" 2>&1
echo "exit $?" >> "$E2E_WORK/prune.out"
check "prune --before removes results and originals: accepted/, rejected/, archive/, quarantine/ are empty" \
    sh -c "[ -z \"\$(nsenter -t $SYSTEMD_PID -m -p find $spool/accepted $spool/rejected $spool/archive $spool/quarantine -type f)\" ]"
check "a draft waiting in incoming/ is never pruned" ns test -e "$spool/incoming/.still-writing.json"
check "prune said what it removed" sh -c "grep -q 'archive/: removed 2 files' '$E2E_WORK/prune.out' && grep -q 'quarantine/: removed 1 files' '$E2E_WORK/prune.out'" \
    || sed 's/^/      /' "$E2E_WORK/prune.out"

# The gate runs on and remembers: the pruned accepted draft, dropped again by its
# submitter, gets its first decision again (its result written anew), not a new one.
as_contoso cp "$E2E_WORK/keep-a.json" "$spool/incoming/keep-a-again.json"
wait_until 10 ns test -e $spool/accepted/$CONTOSO/keep-a.json
again_decision=$(decision_of $spool/accepted/$CONTOSO/keep-a.json)
check "after spool prune, the accepted draft dropped again gets the same decision ($first_decision)" \
    sh -c "[ -n '$first_decision' ] && [ '$again_decision' = '$first_decision' ]" || echo "      first: '$first_decision', again: '$again_decision'"
check "the gate kept running through the prune" sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl is-active supportgate.service | grep -qx active"

# The ledger's retention, as the timer runs it: keep-b's row aged past 400 days (as the
# gate's user, beside the running gate), keep-a's left young. Only keep-b is forgotten.
ledger=/var/lib/supportgate/ledger.sqlite
rows() { as_uid supportgate sqlite3 -cmd ".timeout 5000" "$ledger" "SELECT draft_id FROM accepted_draft WHERE partner_tenant_id = '$CONTOSO' ORDER BY 1" | tr '\n' ' '; }
as_uid supportgate sqlite3 -cmd ".timeout 5000" "$ledger" "UPDATE accepted_draft SET decided_at = '2020-01-01T00:00:00Z' WHERE draft_id = 'keep-b'"
before=$(rows)
check "the ledger holds keep-a and keep-b before its prune" test "$before" = "keep-a keep-b " || echo "      rows: $before"
# The journal's last entry before the start. journalctl 252 with --after-cursor and a field
# match finds nothing; --cursor (the entry itself, not one of ours, and what follows) works.
cursor=$(ns journalctl --show-cursor -n 1 -o cat | sed -n 's/^-- cursor: //p')
ns systemctl start supportgate-ledger-prune.service
check "the ledger prune service runs in its sandbox and succeeds" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p Result --value supportgate-ledger-prune.service)\" = success ]" \
    || ns journalctl -u supportgate-ledger-prune.service -o cat | sed 's/^/      /'
wait_until 10 sh -c "nsenter -t $SYSTEMD_PID -m -p journalctl --cursor='$cursor' MESSAGE_ID=5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f70 -o cat | grep -q forgot"
entry=$(ns journalctl --cursor="$cursor" MESSAGE_ID=5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f70 -o verbose)
check "it journaled what it forgot (MESSAGE_ID …5f70, FORGOTTEN=1, after the start)" grep -qx '    FORGOTTEN=1' <<< "$entry"
grep -qx '    FORGOTTEN=1' <<< "$entry" || { echo "      after cursor '$cursor':"; echo "$entry" | sed 's/^/      /'; ns journalctl -u supportgate-ledger-prune.service -o cat | sed 's/^/      /'; }
check "only the row past ledger.retentionDays is forgotten: keep-a stays, keep-b goes" sh -c "[ '$(rows)' = 'keep-a ' ]" || echo "      rows now: $(rows)"
echo "  (t-17 took $(( $(date +%s) - started )) s)"
