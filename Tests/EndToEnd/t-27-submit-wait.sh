# supportgate submit --wait, as unprivileged submitters sharing one spool, against the
# shipped unit under a real systemd: the drop answered with its decision and exit code,
# and what a submitter of another partner, or a colleague, gets when they race for an id.
# uid 1001 files for Contoso; uid 1003 for Fabrikam; uid 1011 is in contoso-support.
source "$(dirname "$0")/lib.sh"
trap stop_systemd EXIT

boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
install_gate
spool=/var/spool/supportgate
example="$E2E_ROOT/Config/examples"
gate=/usr/local/bin/supportgate
# draft ID EXAMPLE: the example with draftId ID, readable by the submitters.
draft() {
    sed "s/\"draftId\": \"$2\"/\"draftId\": \"$1\"/" "$example/$2.draft.json" > "$E2E_WORK/$1.json"
    chmod 0644 "$E2E_WORK/$1.json"
    echo "$E2E_WORK/$1.json"
}
# wait_as UID FILE [OPTIONS]: submit --wait as UID; the exit code in $status, output in $E2E_WORK/out.
wait_as() {
    local uid=$1 file=$2; shift 2
    status=0
    as_uid "$uid" "$gate" submit --spool $spool --wait --timeout 30 "$@" "$file" > "$E2E_WORK/out" 2> "$E2E_WORK/err" || status=$?
}
ns systemctl start supportgate.service
wait_until 15 ns systemctl is-active --quiet supportgate.service

wait_as 1001 "$(draft wait-accept azure-billing-own)"
check "an accepted draft: exit 0" test "$status" -eq 0
check "printed as check prints it, with its result file" sh -c "grep -q '^wait-accept (.*): ACCEPT' $E2E_WORK/out && grep -q 'result $spool/accepted/$CONTOSO/wait-accept.json' $E2E_WORK/out"

wait_as 1001 "$(draft wait-reject azure-own-tenant-csp)" --format json
check "a rejected draft: exit 1" test "$status" -eq 1
check "--format json: one line, the result, with its reason" python3 -c "
import json, sys
lines = open('$E2E_WORK/out').read().splitlines()
result = json.loads(lines[0])
sys.exit(0 if len(lines) == 1 and result['decision'] == 'reject' and result['draftId'] == 'wait-reject' and result['errors'] else 1)"

# A (Fabrikam) takes B's next id and names B's partner; B then submits under that id.
wait_as 1003 "$(draft wait-squat azure-billing-own)"
check "hostile: A's squat is answered with A's own SUBMITTER_NOT_AUTHORIZED, exit 1" sh -c "[ $status -eq 1 ] && grep -q SUBMITTER_NOT_AUTHORIZED $E2E_WORK/out && grep -q 'result $spool/rejected/uid-1003/' $E2E_WORK/out"
check "A's answer says nothing of Contoso's directory beyond that" sh -c "! grep -q -i 'contoso' $E2E_WORK/out"
wait_as 1001 "$E2E_WORK/wait-squat.json"
check "near miss: B's draft under the squatted id is B's, accepted, exit 0" sh -c "[ $status -eq 0 ] && grep -q 'result $spool/accepted/$CONTOSO/wait-squat.json' $E2E_WORK/out"

# A colleague (1011) uses B's id for other bytes: the id is taken, and 1011 learns it.
sed 's/"title": "/"title": "Other: /' "$E2E_WORK/wait-accept.json" > "$E2E_WORK/wait-colleague.json"
chmod 0644 "$E2E_WORK/wait-colleague.json"
wait_as 1011 "$E2E_WORK/wait-colleague.json"
check "a colleague's other bytes under B's id: DRAFT_DUPLICATE, exit 1, its own result beside B's" sh -c "[ $status -eq 1 ] && grep -q DRAFT_DUPLICATE $E2E_WORK/out && grep -q 'wait-accept.dup-.*-u1011.json' $E2E_WORK/out"
wait_as 1001 "$E2E_WORK/wait-accept.json"
check "B's own repeat of its bytes is answered by its first result, exit 0" sh -c "[ $status -eq 0 ] && grep -q 'result $spool/accepted/$CONTOSO/wait-accept.json' $E2E_WORK/out"

printf '{"draftId": "wait-broken", ' > "$E2E_WORK/wait-broken.json"; chmod 0644 "$E2E_WORK/wait-broken.json"
wait_as 1001 "$E2E_WORK/wait-broken.json" --format pretty
check "malformed JSON: its rule-1 rejection from B's own shelf, exit 1" sh -c "[ $status -eq 1 ] && grep -q DRAFT_MALFORMED $E2E_WORK/out"

status=0; as_uid 1001 "$gate" submit --spool $spool --wait "$E2E_WORK/wait-accept.json" "$E2E_WORK/wait-reject.json" > /dev/null 2>&1 || status=$?
check "usage: --wait takes one draft, exit 2" test "$status" -eq 2

ns systemctl stop supportgate.service
status=0; as_uid 1001 "$gate" submit --spool $spool --wait --timeout 2 "$(draft wait-stopped azure-billing-own)" > "$E2E_WORK/out" 2> "$E2E_WORK/err" || status=$?
check "the gate stopped: exit 3 after --timeout, saying where the draft waits" sh -c "[ $status -eq 3 ] && grep -q 'no result after 2.0 s; the draft waits as $spool/incoming/' $E2E_WORK/err"
check "the draft waits in incoming/, not lost" ns sh -c "ls $spool/incoming | grep -q wait-stopped"
ns systemctl start supportgate.service
wait_until 15 ns test -e "$spool/accepted/$CONTOSO/wait-stopped.json"
check "and is decided once the gate is back" ns test -e "$spool/accepted/$CONTOSO/wait-stopped.json"
