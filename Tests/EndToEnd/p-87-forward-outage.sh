# PARKED (issue 24, open): not run by Tests/EndToEnd/run.sh, which runs t-*.sh only. Its outage
# checks passed; its refresh-token checks have not yet, and it takes 6 to 8 minutes.
# The forwarder end to end under a real systemd, parts 2 and 3 (t-86 is the storm).
# 2. Microsoft down for 60 s while drafts arrive: nothing is lost, the unit's STATUS says the
#    endpoint is unreachable during the outage, and everything is filed after it, once each.
# 3. A Partner Center refresh token rotated across a crash survives: a linked service
#    request is followed (each use rotates the token at the double), the forwarder is killed
#    -9 right after a rotation was stored, and after the restart the next refresh uses the
#    newest token: no invalid_grant, no refresh-token-reused violation.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/forward-lib.sh"
started_at=$SECONDS
trap stop_systemd EXIT

boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
install_gate
drafts="$E2E_WORK/outage"
forward_drafts "$drafts" 60 outage
forward_drafts "$E2E_WORK/rotation" 24 rotation
forward_directory "$E2E_WORK/forward-directory.json"
forward_start_double "$E2E_WORK/double-87" "$drafts/1001" "$drafts/1003" "$E2E_WORK/rotation/1001" "$E2E_WORK/rotation/1003" || { fail "the double starts"; exit 1; }
forward_install
double_call POST settings '{"latencyMs": 2}' >/dev/null
ns systemctl start supportgate-forward.service

# --- 3. a refresh token rotated across a crash ------------------------------------------------
part=$SECONDS
drop_all "$E2E_WORK/rotation"
wait_until 30 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'ls $spool/filed/$CONTOSO 2>/dev/null | grep -c rotation-.*office365') -ge 2 ]"
manual=$(ns sh -c "ls $spool/filed/$CONTOSO | grep 'rotation-.*office365' | head -n 2" | sed 's/\.json$//')
first=$(echo "$manual" | sed -n 1p); second=$(echo "$manual" | sed -n 2p)
tokens_file=/var/lib/supportgate-forward/tokens/$CONTOSO
before=$(ns sh -c "sha256sum $tokens_file 2>/dev/null")
cursor=$(forward_cursor)
ns /usr/local/bin/supportgate filed link "$first" 616122292874576 --partner "$CONTOSO" --config /etc/supportgate/supportgate.toml >/dev/null
# The link is applied within a second; its status is first asked when it is due
# (statusIntervalMinutes after the link, at a once-a-minute sweep: up to 2 min), which is
# when the refresh token is used and rotated.
wait_until 150 sh -c "nsenter -t $SYSTEMD_PID -m -p grep -q '\"ticketId\": \"616122292874576\"' $spool/filed/$CONTOSO/$first.json && [ \"\$(nsenter -t $SYSTEMD_PID -m -p sh -c 'sha256sum $tokens_file 2>/dev/null')\" != '$before' ]"
rotated=$(ns sh -c "sha256sum $tokens_file 2>/dev/null")
check "the link was applied and the rotated refresh token stored (tokens/ changed)" sh -c "[ -n '$rotated' ] && [ '$rotated' != '$before' ] && nsenter -t $SYSTEMD_PID -m -p grep -q '\"ticketId\": \"616122292874576\"' $spool/filed/$CONTOSO/$first.json"
check "the linked request's status was followed" sh -c "nsenter -t $SYSTEMD_PID -m -p grep -q '\"status\": \"open\"' $spool/filed/$CONTOSO/$first.json"
ns systemctl kill -s KILL --kill-who=main supportgate-forward.service
wait_until 15 ns systemctl is-active -q supportgate-forward.service
ns /usr/local/bin/supportgate filed link "$second" 616122292874578 --partner "$CONTOSO" --config /etc/supportgate/supportgate.toml >/dev/null
wait_until 80 ns grep -q '"status": "open"' "$spool/filed/$CONTOSO/$second.json"
check "after the kill -9 and restart, the next link is followed with the stored token" ns grep -q '"status": "open"' "$spool/filed/$CONTOSO/$second.json"
check "no invalid_grant in the journal since the link" sh -c "! nsenter -t $SYSTEMD_PID -m -p journalctl --after-cursor='$cursor' -o cat --no-pager | grep -q invalid_grant"
refresh=$(double_call GET refresh-tokens)
violations=$(double_call GET violations)
check "the double: Contoso's refresh token rotated at least twice, the newest current, none reused" sh -c "echo '$refresh' | python3 -c '
import json, sys
tokens = [t for t in json.load(sys.stdin) if t[\"tenantId\"] == \"$CONTOSO\"]
rotated = [t for t in tokens if t.get(\"rotatedTo\")]
current = [t for t in tokens if t.get(\"current\")]
sys.exit(0 if len(rotated) >= 2 and len(current) == 1 else 1)' && ! echo '$violations' | grep -q refresh-token-reused"
echo "  (the refresh-token part took $((SECONDS - part)) s)"
# --- 2. down for 60 s ------------------------------------------------------------------------
part=$SECONDS
double_call POST down '{"seconds": 60}' >/dev/null
down_at=$SECONDS
drop_all "$drafts"
wait_until 30 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p find $spool/accepted $spool/rejected -mindepth 2 -name 'outage-*.json' | wc -l) -ge 60 ]"
status_seen=""
while ((SECONDS - down_at < 55)); do
    status=$(ns systemctl show -p StatusText --value supportgate-forward.service)
    case "$status" in *unreachable*) status_seen=$status ;; esac
    sleep 2
done
echo "    STATUS during the outage: $status_seen"
check "during the outage STATUS= says the endpoint is unreachable" sh -c "echo '$status_seen' | grep -q 'azure public unreachable since'"
azure_filed_during=$(ns sh -c "grep -l '\"state\" *: *\"filed\"' $spool/filed/*/outage-*.json 2>/dev/null | wc -l")
check "nothing was filed while it was down" test "$azure_filed_during" -eq 0
accepted_azure | grep ' outage-' > "$E2E_WORK/azure.txt"
expected=$(wc -l < "$E2E_WORK/azure.txt")
# After the outage: the endpoint's backoff (1 s doubling, with jitter, capped at 5 min, docs/filing.md) at 5 min) had reached about a minute, so the first probe after it may come some 100 s later.
wait_until 300 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c \"grep -l '\\\"state\\\": \\\"filed\\\"' $spool/filed/*/outage-*.json 2>/dev/null | wc -l\") -ge $expected ]"
filed=$(ns sh -c "grep -l '\"state\": \"filed\"' $spool/filed/*/outage-*.json 2>/dev/null | wc -l")
tickets=$(double_call GET tickets)
once=$(echo "$tickets" | python3 -c '
import json, sys
tickets = json.load(sys.stdin); names = [l.split()[2] for l in open(sys.argv[1]) if l.strip()]
by = {t["name"]: t for t in tickets}
print(sum(1 for n in names if n in by and by[n].get("creates", 1) == 1), len(names))' "$E2E_WORK/azure.txt")
check "after the outage every accepted Azure draft is filed ($filed of $expected), one ticket and one create each ($once)" sh -c "[ $filed -eq $expected ] && [ '$once' = '$expected $expected' ]"
after=$(ns systemctl show -p StatusText --value supportgate-forward.service)
check "STATUS no longer says unreachable ($after)" sh -c "! echo '$after' | grep -q unreachable"
echo "  (the outage part took $((SECONDS - part)) s)"

echo "  t-87-forward-outage: $((SECONDS - started_at)) s"
