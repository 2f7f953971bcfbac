# supportgate result and filed show as unprivileged submitters, on the shipped unit and
# tmpfiles layout: a submitter reads its own result and filing record by id; another
# partner's submitter gets, byte for byte, the answer for an id nobody used.
# uid 1001 files for Contoso; 1011 is in contoso-support; 1003 files for Fabrikam.
source "$(dirname "$0")/lib.sh"
trap stop_systemd EXIT
started=$SECONDS

boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
install_gate
spool=/var/spool/supportgate
example="$E2E_ROOT/Config/examples"
gate=/usr/local/bin/supportgate
draft() {
    sed "s/\"draftId\": \"$2\"/\"draftId\": \"$1\"/" "$example/$2.draft.json" > "$E2E_WORK/$1.json"
    chmod 0644 "$E2E_WORK/$1.json"
    echo "$E2E_WORK/$1.json"
}
# run_as UID ARGS...: supportgate as UID; exit code in $status, output in $E2E_WORK/out and err.
run_as() {
    local uid=$1; shift
    status=0
    as_uid "$uid" "$gate" "$@" > "$E2E_WORK/out" 2> "$E2E_WORK/err" || status=$?
}
ns systemctl start supportgate.service
wait_until 15 ns systemctl is-active --quiet supportgate.service

as_uid 1001 "$gate" submit --spool $spool --wait --timeout 30 "$(draft res-accept azure-billing-own)" > /dev/null
as_uid 1001 "$gate" submit --spool $spool --wait --timeout 30 "$(draft res-reject azure-own-tenant-csp)" > /dev/null
as_uid 1003 "$gate" submit --spool $spool --wait --timeout 30 "$(draft res-squat azure-billing-own)" > /dev/null

# A filing record as the forwarder writes it: the result's ACL, in filed/<partner>/ with the shelf's.
ns install -d -m 0710 -o root -g supportgate-submit $spool/filed
ns install -d -m 0710 $spool/filed/$CONTOSO
ns sh -c "getfacl -p $spool/accepted/$CONTOSO | setfacl --set-file=- $spool/filed/$CONTOSO"
decision=$(ns python3 -c "import json; print(json.load(open('$spool/accepted/$CONTOSO/res-accept.json'))['decisionId'])")
cat > "$E2E_WORK/record.json" <<JSON
{"draftId": "res-accept", "decisionId": "$decision", "target": "azure-support-api", "state": "filed",
 "ticketName": "3f6d2f7e-5a4b-5c1d-8e9f-0a1b2c3d4e5f", "ticketId": "2612070010000042", "filedAt": "2026-12-07T20:00:04Z",
 "attempts": 1, "lastError": null, "status": "Open", "partnerTenantId": "$CONTOSO", "customerTenantId": null,
 "cloud": "public", "decidedAt": "2026-12-07T20:00:00Z", "statusCheckedAt": null}
JSON
ns install -m 0600 "$E2E_WORK/record.json" $spool/filed/$CONTOSO/res-accept.json
ns sh -c "getfacl -p $spool/accepted/$CONTOSO/res-accept.json | setfacl --set-file=- $spool/filed/$CONTOSO/res-accept.json"

run_as 1001 result res-accept --partner $CONTOSO --spool $spool --format json
check "the submitter's own acceptance and its filing: exit 0" python3 -c "
import json, sys
o = json.loads(open('$E2E_WORK/out').read())
sys.exit(0 if $status == 0 and o['result']['decision'] == 'accept' and o['filing']['ticketId'] == '2612070010000042' else 1)"
run_as 1011 result res-accept --partner $CONTOSO --spool $spool
check "Contoso's group reads it too, filing included" sh -c "[ $status -eq 0 ] && grep -q 'filing: filed, ticket 2612070010000042' $E2E_WORK/out"
run_as 1001 result res-reject --partner $CONTOSO --spool $spool --format json
check "a rejection: exit 1, filing null" sh -c "[ $status -eq 1 ] && grep -q '\"filing\":null' $E2E_WORK/out"
run_as 1003 result res-squat --spool $spool
check "without --partner, the caller's own uid shelf: Fabrikam's refusal, exit 1" sh -c "[ $status -eq 1 ] && grep -q 'rejected/uid-1003/res-squat.unauthorized-' $E2E_WORK/out"

# Hostile: Fabrikam asks for Contoso's ids; the answer must be the one for an unused id.
for id in res-accept res-reject; do
    run_as 1003 result $id --partner $CONTOSO --spool $spool --format json
    cp "$E2E_WORK/out" "$E2E_WORK/stranger.out"; sed "s/$id/ID/g" "$E2E_WORK/err" > "$E2E_WORK/stranger.err"; stranger=$status
    run_as 1003 result res-unused --partner $CONTOSO --spool $spool --format json
    sed -i "s/res-unused/ID/g" "$E2E_WORK/err"
    check "hostile: Fabrikam asking for Contoso's $id gets exit 3 and the unused id's answer, byte for byte" sh -c "[ $stranger -eq 3 ] && [ $status -eq 3 ] && cmp -s $E2E_WORK/stranger.out $E2E_WORK/out && cmp -s $E2E_WORK/stranger.err $E2E_WORK/err && [ ! -s $E2E_WORK/out ]"
done
run_as 1003 filed show res-accept --partner $CONTOSO --spool $spool --format json
cp "$E2E_WORK/out" "$E2E_WORK/stranger.out"; sed "s/res-accept/ID/g" "$E2E_WORK/err" > "$E2E_WORK/stranger.err"; stranger=$status
run_as 1003 filed show res-unused --partner $CONTOSO --spool $spool --format json
sed -i "s/res-unused/ID/g" "$E2E_WORK/err"
check "hostile: Fabrikam cannot read Contoso's filing record, and is answered as for an unused id" sh -c "[ $stranger -eq 3 ] && [ $status -eq 3 ] && cmp -s $E2E_WORK/stranger.out $E2E_WORK/out && cmp -s $E2E_WORK/stranger.err $E2E_WORK/err"
run_as 1003 filed show --spool $spool
check "hostile: Fabrikam cannot list filed/ (exit 2)" sh -c "[ $status -eq 2 ] && [ ! -s $E2E_WORK/out ]"
run_as 1001 filed show res-accept --partner $CONTOSO --spool $spool --format json
check "near miss: Contoso's submitter reads the record by name" sh -c "[ $status -eq 0 ] && grep -q 2612070010000042 $E2E_WORK/out"
status=0; ns "$gate" filed show --spool $spool --format json > "$E2E_WORK/out" 2> "$E2E_WORK/err" || status=$?
check "root lists every record" sh -c "[ $status -eq 0 ] && [ \$(wc -l < $E2E_WORK/out) -eq 1 ]"
echo "  t-29-result took $((SECONDS - started)) s"
