# Retention under a real systemd: the shipped supportgate-prune.service and .timer verify
# cleanly, the timer is scheduled, the service runs in its sandbox as the gate's user,
# and `supportgate spool prune` removes exactly what is past the cutoff from archive/,
# quarantine/, accepted/ and rejected/, never a waiting draft, while the gate runs.
source "$(dirname "$0")/lib.sh"
trap stop_systemd EXIT

boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
install_gate
spool=/var/spool/supportgate
example="$E2E_ROOT/Config/examples/azure-billing-own.draft.json"

for unit in supportgate-prune.service supportgate-prune.timer; do
    output=$(ns systemd-analyze verify /run/systemd/system/$unit 2>&1)
    check "systemd-analyze verify $unit is clean" test -z "$output"
    [ -z "$output" ] || echo "$output" | sed 's/^/      /'
done
exposure=$(ns systemd-analyze security --offline=true /run/systemd/system/supportgate-prune.service 2>&1 | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
check "prune service exposure $exposure <= 1.0" awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 1.0) }'
ns systemctl enable --now supportgate-prune.timer >/dev/null 2>&1
check "the timer is active and scheduled" sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl list-timers --all --no-legend supportgate-prune.timer | grep -q supportgate-prune.service"

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

# The gate runs on; a pruned id dropped again is decided anew.
as_contoso cp "$E2E_WORK/keep-a.json" "$spool/incoming/keep-a-again.json"
wait_until 10 ns test -e $spool/accepted/$CONTOSO/keep-a.json
check "after pruning, the same draft id is decided anew" ns test -e $spool/accepted/$CONTOSO/keep-a.json
check "the gate kept running through the prune" sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl is-active supportgate.service | grep -qx active"
