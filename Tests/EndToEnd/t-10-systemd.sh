# The unit under a real systemd: hardening, decisions in the journal, reload, stop, watchdog.
source "$(dirname "$0")/lib.sh"
trap stop_systemd EXIT

boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
pass "systemd boots in a namespace"
install_gate

# systemd-analyze runs inside the namespace, where the binary is at the unit's ExecStart path.
verify_output=$(ns systemd-analyze verify /run/systemd/system/supportgate.service 2>&1)
check "systemd-analyze verify is clean" test -z "$verify_output"
[ -z "$verify_output" ] || echo "$verify_output" | sed 's/^/      /'
exposure=$(ns systemd-analyze security --offline=true /run/systemd/system/supportgate.service 2>&1 | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
check "exposure $exposure <= 1.0" awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 1.0) }'

ns systemctl start supportgate.service
check "the service starts (Type=notify: READY=1 once the watch is live)" sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl is-active supportgate.service | grep -qx active"
status_text=$(ns systemctl show -p StatusText --value supportgate.service)
check "STATUS= shows the backlog and counts ($status_text)" sh -c "echo '$status_text' | grep -q 'backlog .* accepted'"

spool=/var/spool/supportgate
example="$E2E_ROOT/Config/examples"
# A Contoso submitter copies a draft in with plain cp, another uses supportgate submit;
# a Fabrikam submitter tries to file Contoso's draft.
cp "$example/azure-billing-own.draft.json" $E2E_WORK/sg-e2e-a.json
sed 's/"draftId": "azure-technical-customer"/"draftId": "e2e-customer"/' "$example/azure-technical-customer.draft.json" > $E2E_WORK/sg-e2e-b.json
sed 's/"draftId": "azure-billing-own"/"draftId": "e2e-foreign"/' "$example/azure-billing-own.draft.json" > $E2E_WORK/sg-e2e-c.json
chmod 0644 $E2E_WORK/sg-e2e-*.json
as_uid 1001 cp $E2E_WORK/sg-e2e-a.json $spool/incoming/a.json
as_uid 1001 /usr/local/bin/supportgate submit --spool $spool $E2E_WORK/sg-e2e-b.json >/dev/null
as_uid 1003 cp $E2E_WORK/sg-e2e-c.json $spool/incoming/c.json
check "a submitter can drop but not list incoming/" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1001 --regid=1001 --init-groups ls $spool/incoming >/dev/null 2>&1"

wait_until 10 ns test -e $spool/accepted/$CONTOSO/azure-billing-own.json
check "cp'd draft accepted" ns test -e $spool/accepted/$CONTOSO/azure-billing-own.json
wait_until 10 ns test -e $spool/accepted/$CONTOSO/e2e-customer.json
check "submitted draft accepted" ns test -e $spool/accepted/$CONTOSO/e2e-customer.json
wait_until 10 ns sh -c "test -e $spool/rejected/uid-1003/e2e-foreign.unauthorized-*.json"
check "another partner's submitter is refused (SUBMITTER_NOT_AUTHORIZED)" sh -c "nsenter -t $SYSTEMD_PID -m -p sh -c 'cat $spool/rejected/uid-1003/e2e-foreign.unauthorized-*.json' | grep -q SUBMITTER_NOT_AUTHORIZED"
check "originals archived, none left in incoming/ or processing/" sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p find $spool/incoming $spool/processing -type f | wc -l) -eq 0 ] && [ \$(nsenter -t $SYSTEMD_PID -m -p find $spool/archive -type f | wc -l) -eq 3 ]"

accepted_id=5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f60
rejected_id=5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f61
sleep 0.5
entries=$(journal_json MESSAGE_ID=$accepted_id + MESSAGE_ID=$rejected_id)
check "three decisions in the journal by MESSAGE_ID" test "$(echo "$entries" | grep -c .)" -eq 3
entry=$(journal_json DRAFT_ID=e2e-customer)
python3 - "$entry" <<'PY' && pass "the decision entry carries every field, all valid journald names" || fail "the decision entry carries every field, all valid journald names"
import json, re, sys
entry = json.loads(sys.argv[1].splitlines()[0])
need = ["MESSAGE_ID", "DRAFT_ID", "DECISION_ID", "DECISION", "PARTNER_TENANT_ID", "CUSTOMER_TENANT_ID",
        "CONFIG_REVISION", "SEVERITY", "FIRST_RESPONSE_DUE", "WARNING_CODES", "FINDING", "SUBMITTER_UID", "RESULT_FILE"]
missing = [n for n in need if n not in entry]
bad = [n for n in entry if not n.startswith("_") and not n.startswith("__") and not re.fullmatch(r"[A-Z0-9_]{1,64}", n)]
assert not missing, missing
assert not bad, bad
assert entry["DECISION"] == "accept" and entry["SUBMITTER_UID"] == "1001", entry
PY

# Reload with a good directory: one more customer; the revision changes.
before=$(ns systemctl show -p StatusText --value supportgate.service)
python3 - "$E2E_ROOT/Config/directory.json" > $E2E_WORK/sg-e2e-dir.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["customers"].append({"tenantId": "0e2e0000-0000-4000-8000-00000000c0e2", "name": "Reload Test", "cloud": "public",
                       "domains": ["reload.example"], "relationships": [{"partnerTenantId": "c0a70500-0000-4000-8000-000000000001", "azureAccessGranted": True}]})
print(json.dumps(d))
PY
ns install -m 0640 -g supportgate $E2E_WORK/sg-e2e-dir.json /etc/supportgate/directory.json
check "systemctl reload succeeds for a good configuration" ns systemctl reload supportgate.service
# systemctl reload returned once the gate answered: a draft dropped now is decided with the new revision.
sed 's/"draftId": "azure-billing-own"/"draftId": "e2e-after-reload"/' "$example/azure-billing-own.draft.json" > $E2E_WORK/sg-e2e-r.json
chmod 0644 $E2E_WORK/sg-e2e-r.json
as_uid 1001 cp $E2E_WORK/sg-e2e-r.json $spool/incoming/r.json
wait_until 5 sh -c "nsenter -t $SYSTEMD_PID -m -p journalctl -o json MESSAGE_ID=5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f64 | grep -q CONFIG_REVISION"
check "a good reload is applied and logged with its new revision" sh -c "nsenter -t $SYSTEMD_PID -m -p journalctl -o json MESSAGE_ID=5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f64 | grep -q PREVIOUS_CONFIG_REVISION"
good_revision=$(journal_json MESSAGE_ID=5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f64 | python3 -c 'import json,sys; print(json.loads(sys.stdin.readlines()[-1])["CONFIG_REVISION"])')
wait_until 10 ns test -e $spool/accepted/$CONTOSO/e2e-after-reload.json
check "a draft dropped once systemctl reload returned is decided with the new revision" sh -c "nsenter -t $SYSTEMD_PID -m -p cat $spool/accepted/$CONTOSO/e2e-after-reload.json | grep -q '$good_revision'"
check "the gate's answer was taken by the waiter, not left in /run/supportgate" sh -c "[ -z \"\$(nsenter -t $SYSTEMD_PID -m -p ls -A /run/supportgate)\" ]"

# Reload with garbage: refused, logged, and the old directory keeps deciding.
echo '{"partners": [' | ns tee /etc/supportgate/directory.json >/dev/null
check "systemctl reload fails for a refused configuration" sh -c "! nsenter -t $SYSTEMD_PID -m -p systemctl reload supportgate.service 2>/dev/null"
wait_until 5 sh -c "nsenter -t $SYSTEMD_PID -m -p journalctl -o json MESSAGE_ID=5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f65 | grep -q RELOAD_ERROR"
check "a bad reload is refused and logged" sh -c "nsenter -t $SYSTEMD_PID -m -p journalctl -o json MESSAGE_ID=5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f65 | grep -q RELOAD_ERROR"
check "the service stays active after a refused reload" sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl is-active supportgate.service | grep -qx active"
sed 's/"draftId": "azure-billing-own"/"draftId": "e2e-after-bad-reload"/' "$example/azure-billing-own.draft.json" > $E2E_WORK/sg-e2e-d.json
chmod 0644 $E2E_WORK/sg-e2e-d.json
as_uid 1001 cp $E2E_WORK/sg-e2e-d.json $spool/incoming/d.json
wait_until 10 ns test -e $spool/accepted/$CONTOSO/e2e-after-bad-reload.json
check "drafts are still decided, with the last good revision" sh -c "nsenter -t $SYSTEMD_PID -m -p cat $spool/accepted/$CONTOSO/e2e-after-bad-reload.json | grep -q '$good_revision'"
ns install -m 0640 -g supportgate $E2E_WORK/sg-e2e-dir.json /etc/supportgate/directory.json

# Stop with drafts in flight: nothing half-written, nothing lost; a restart finishes them.
make_drafts $E2E_WORK/sg-e2e-burst 1500 stop >/dev/null
chmod 0644 $E2E_WORK/sg-e2e-burst/*.json
chown 1001:1001 $E2E_WORK/sg-e2e-burst/*.json
ns sh -c "cp -p $E2E_WORK/sg-e2e-burst/*.json $spool/incoming/"
wait_until 10 sh -c "nsenter -t $SYSTEMD_PID -m -p sh -c 'find $spool/accepted $spool/rejected -mindepth 2 -maxdepth 2 -type f' | grep -q '/stop-'"
ns systemctl stop supportgate.service
check "stopped cleanly" sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl show -p Result --value supportgate.service | grep -qx success"
check "no half-written result after the stop" sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p find $spool -name '~tmp-*' | wc -l) -eq 0 ]"
in_flight=$(ns sh -c "ls $spool/incoming $spool/processing | grep -c stop-" || true)
decided=$(ns sh -c "find $spool/accepted $spool/rejected -mindepth 2 -maxdepth 2 -type f -printf '%f\n' | grep -c '^stop-'" || true)
check "every draft is either decided or still queued ($decided decided, $in_flight queued)" test $((decided + in_flight)) -eq 1500
ns systemctl start supportgate.service
wait_until 60 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'find $spool/accepted $spool/rejected -mindepth 2 -maxdepth 2 -type f' | grep -c '/stop-') -eq 1500 ]"
check "after a restart every draft has exactly one result" sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'find $spool/accepted $spool/rejected -mindepth 2 -maxdepth 2 -type f' | grep -c '/stop-') -eq 1500 ]"

# The journal socket gone: drafts are still decided, the gate stays up, and the journal
# takes decisions again once journald is back.
ns systemctl stop systemd-journald.socket systemd-journald-dev-log.socket systemd-journald-audit.socket systemd-journald.service
sed 's/"draftId": "azure-billing-own"/"draftId": "e2e-no-journal"/' "$example/azure-billing-own.draft.json" > $E2E_WORK/sg-e2e-e.json
chmod 0644 $E2E_WORK/sg-e2e-e.json
as_uid 1001 cp $E2E_WORK/sg-e2e-e.json $spool/incoming/e.json
wait_until 10 ns test -e $spool/accepted/$CONTOSO/e2e-no-journal.json
check "journald gone: the draft is still decided" ns test -e $spool/accepted/$CONTOSO/e2e-no-journal.json
check "journald gone: the gate stays up" sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl is-active supportgate.service | grep -qx active"
ns systemctl start systemd-journald.socket systemd-journald-dev-log.socket systemd-journald.service
sed 's/"draftId": "azure-billing-own"/"draftId": "e2e-journal-back"/' "$example/azure-billing-own.draft.json" > $E2E_WORK/sg-e2e-f.json
chmod 0644 $E2E_WORK/sg-e2e-f.json
as_uid 1001 cp $E2E_WORK/sg-e2e-f.json $spool/incoming/f.json
wait_until 10 sh -c "nsenter -t $SYSTEMD_PID -m -p journalctl -o json DRAFT_ID=e2e-journal-back | grep -q DECISION_ID"
check "journald back: decisions reach the journal again" sh -c "nsenter -t $SYSTEMD_PID -m -p journalctl -o json DRAFT_ID=e2e-journal-back | grep -q DECISION_ID"

# Watchdog: a stopped (stalled) gate stops sending WATCHDOG=1; systemd restarts it.
ns mkdir -p /run/systemd/system/supportgate.service.d
printf '[Service]\nWatchdogSec=2s\nTimeoutAbortSec=2s\n' | ns tee /run/systemd/system/supportgate.service.d/watchdog.conf >/dev/null
ns systemctl daemon-reload
ns systemctl restart supportgate.service
main_pid=$(ns systemctl show -p MainPID --value supportgate.service)
ns kill -STOP "$main_pid"
wait_until 20 sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p MainPID --value supportgate.service)\" != '$main_pid' ] && nsenter -t $SYSTEMD_PID -m -p systemctl is-active supportgate.service | grep -qx active"
check "the watchdog restarts a stalled gate" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p NRestarts --value supportgate.service)\" -ge 1 ]"
