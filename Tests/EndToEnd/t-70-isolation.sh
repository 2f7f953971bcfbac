# One spool, two partners: what a hostile submitter of another partner tries, with plain
# file operations, against the shipped unit and tmpfiles layout under a real systemd.
# uid 1001 (B) files for Contoso; uid 1003 (A) for Fabrikam; uid 1011 is in Contoso's
# group contoso-support; uid 1012 (C) is B's colleague, a second Contoso submitter by uid.
source "$(dirname "$0")/lib.sh"
started_at=$SECONDS
trap stop_systemd EXIT

boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
install_gate
# Contoso with a second submitter by uid (1012), not in its group.
with_contoso_colleague "$E2E_ROOT/Config/directory.json" "$E2E_WORK/directory-70.json"
ns install -m 0640 -o root -g supportgate "$E2E_WORK/directory-70.json" /etc/supportgate/directory.json
spool=/var/spool/supportgate
example="$E2E_ROOT/Config/examples"
# copy_as UID ID NAME [EXAMPLE]: the example (billing by default) with draftId ID, dropped by cp as NAME.
copy_as() {
    local uid=$1 id=$2 name=$3 base=${4:-azure-billing-own}
    sed "s/\"draftId\": \"$base\"/\"draftId\": \"$id\"/" "$example/$base.draft.json" > "$E2E_WORK/$name"
    chmod 0644 "$E2E_WORK/$name"
    as_uid "$uid" cp "$E2E_WORK/$name" "$spool/incoming/$name"
}
result() { echo "$spool/$1/$CONTOSO/$2.json"; }

# --- pending drafts: the gate is stopped, so they wait ------------------------------
copy_as 1001 iso-pending b-pending.json
as_uid 1001 cp "$E2E_WORK/b-pending.json" "$spool/staging/b-staged.json"
sed 's/"draftId": "iso-pending"/"draftId": "iso-submitted"/' "$E2E_WORK/b-pending.json" > "$E2E_WORK/b-submitted.json"
as_uid 1001 /usr/local/bin/supportgate submit --spool $spool "$E2E_WORK/b-submitted.json" > "$E2E_WORK/submitted-name"
submitted=$(sed 's#.*/##' "$E2E_WORK/submitted-name")
check "B's pending draft in incoming/ (cp, mode 0644) is not readable by A" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups cat $spool/incoming/b-pending.json >/dev/null 2>&1"
check "B's draft from supportgate submit is not readable by A" sh -c "[ -n '$submitted' ] && ! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups cat '$spool/incoming/$submitted' >/dev/null 2>&1"
check "B's file in staging/ is not readable by A" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups cat $spool/staging/b-staged.json >/dev/null 2>&1"
check "nor by B's own partner colleague (a draft is its dropper's and the gate's)" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1011 --regid=1011 --init-groups cat $spool/incoming/b-pending.json >/dev/null 2>&1"
check "near miss: B reads its own pending draft" as_uid 1001 sh -c "cat $spool/incoming/b-pending.json >/dev/null"
as_uid 1001 rm -f "$spool/staging/b-staged.json"

# --- squatting and copying: A goes first with B's next id and B's exact bytes ------------
copy_as 1003 iso-squat a-squat.json            # names Contoso, B's partner, and B's next id
as_uid 1003 cp "$E2E_WORK/b-pending.json" "$spool/incoming/a-copy.json"   # B's exact bytes
ns systemctl start supportgate.service
wait_until 15 ns test -e "$(result accepted iso-pending)"
copy_as 1001 iso-squat b-squat.json
wait_until 15 ns test -e "$(result accepted iso-squat)"
check "B's id is B's: accepted/<Contoso>/iso-squat.json is B's draft, accepted" sh -c "nsenter -t $SYSTEMD_PID -m -p cat $(result accepted iso-squat) | grep -q '\"submitterUid\": 1001'"
check "B's copied draft has its own accepted result, not 'decided before from the same bytes'" sh -c "nsenter -t $SYSTEMD_PID -m -p cat $(result accepted iso-pending) | grep -q '\"submitterUid\": 1001'"
check "A's squat and copy are A's own rejections, SUBMITTER_NOT_AUTHORIZED, on A's shelf" \
    sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'cat $spool/rejected/uid-1003/iso-*.unauthorized-*.json' | grep -c '\"code\": \"SUBMITTER_NOT_AUTHORIZED\"') -eq 2 ]"
check "A lists and reads its own rejections" as_uid 1003 sh -c "cat $spool/rejected/uid-1003/iso-squat.unauthorized-*.json >/dev/null"
check "near miss: A cannot list Contoso's shelf" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups ls $spool/accepted/$CONTOSO >/dev/null 2>&1"
check "nor can B: a partner's shelf is entered by exact name, not listed" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1001 --regid=1001 --init-groups ls $spool/accepted/$CONTOSO >/dev/null 2>&1"
check "no repeat entry for B's draft in the journal" sh -c "! nsenter -t $SYSTEMD_PID -m -p journalctl -u supportgate -o cat | grep -q 'draft iso-pending was decided before'"

# --- results by exact name ----------------------------------------------------------
copy_as 1001 iso-rejected b-rejected.json azure-own-tenant-csp
wait_until 15 ns test -e "$(result rejected iso-rejected)"
for folder_id in "accepted iso-squat" "rejected iso-rejected"; do
    read -r folder id <<< "$folder_id"
    path=$(result "$folder" "$id")
    check "A cannot read B's $folder result by its exact name" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups cat $path >/dev/null 2>&1"
    check "A cannot even tell that B's $folder result exists" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups stat $path >/dev/null 2>&1 && nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups stat $path 2>&1 | grep -q 'Permission denied'"
    check "near miss: B reads its $folder result" as_uid 1001 sh -c "cat $path >/dev/null"
    check "near miss: Contoso's group (uid 1011) reads B's $folder result" as_uid 1011 sh -c "cat $path >/dev/null"
done
# --- a colleague: another submitter uid of the same partner (contract §7) ----------------
# A result is its dropper's and the partner's submitter group's, not every submitter's.
copy_as 1012 iso-colleague c-own.json
wait_until 15 ns test -e "$(result accepted iso-colleague)"
for folder_id in "accepted iso-squat" "rejected iso-rejected"; do
    read -r folder id <<< "$folder_id"
    path=$(result "$folder" "$id")
    check "B's colleague C (uid 1012, Contoso by uid) cannot read B's $folder result by its exact name" \
        sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1012 --regid=1012 --init-groups cat $path >/dev/null 2>&1"
done
check "nor can B read C's result by its exact name" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1001 --regid=1001 --init-groups cat $(result accepted iso-colleague) >/dev/null 2>&1"
check "near miss: C reads its own result (C is a Contoso submitter)" as_uid 1012 sh -c "grep -q '\"submitterUid\": 1012' $(result accepted iso-colleague)"
check "near miss: Contoso's group (uid 1011) reads C's result too" as_uid 1011 sh -c "cat $(result accepted iso-colleague) >/dev/null"
check "A cannot read B's rejection for A's squatted id either (rejected/uid-1003 is A's)" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1001 --regid=1001 --init-groups sh -c 'cat $spool/rejected/uid-1003/*' >/dev/null 2>&1"

# --- probing the directory ------------------------------------------------------------
# A names an unknown tenant, Contoso (active), Adatum (suspended) and Litware (trial).
for target in 00000000-0000-4000-8000-0000000000ff:unknown $CONTOSO:active ada70000-0000-4000-8000-000000000005:suspended 11700000-0000-4000-8000-000000000004:trial; do
    tenant=${target%%:*}; label=${target##*:}
    sed -e "s/\"draftId\": \"azure-billing-own\"/\"draftId\": \"probe-$label\"/" -e "s/$CONTOSO/$tenant/g" "$example/azure-billing-own.draft.json" > "$E2E_WORK/probe-$label.json"
    chmod 0644 "$E2E_WORK/probe-$label.json"
    as_uid 1003 cp "$E2E_WORK/probe-$label.json" "$spool/incoming/probe-$label.json"
done
wait_until 15 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'ls $spool/rejected/uid-1003' | grep -c '^probe-') -eq 4 ]"
# Each result with its own tenant id, draft id and decision ids blanked: the four must be identical.
shapes=$(ns sh -c "cd $spool/rejected/uid-1003 && for f in probe-*; do python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
for k in (\"draftId\", \"decisionId\", \"decidedAt\", \"draftSha256\", \"partnerTenantId\", \"customerTenantId\", \"billing\"): r.pop(k, None)
text = json.dumps(r, sort_keys=True)
for t in sys.argv[2:]: text = text.replace(t, \"T\")
print(text)' \$f 00000000-0000-4000-8000-0000000000ff $CONTOSO ada70000-0000-4000-8000-000000000005 11700000-0000-4000-8000-000000000004; done" | sort -u | wc -l)
check "probing: unknown, active, suspended and trial partners give A the same result" test "$shapes" -eq 1
check "probing: the result says only SUBMITTER_NOT_AUTHORIZED" sh -c "nsenter -t $SYSTEMD_PID -m -p sh -c 'cat $spool/rejected/uid-1003/probe-unknown*' | python3 -c 'import json,sys; r=json.load(sys.stdin); sys.exit(0 if [e[\"code\"] for e in r[\"errors\"]] == [\"SUBMITTER_NOT_AUTHORIZED\"] and not r[\"warnings\"] else 1)'"
check "the journal has the reason: PARTNER_UNKNOWN for the unknown tenant" sh -c "nsenter -t $SYSTEMD_PID -m -p journalctl -u supportgate -o json | grep '\"DRAFT_ID\":\"probe-unknown\"' | grep -q '\"CONCEALED_REASON_CODES\":\"PARTNER_UNKNOWN\"'"
check "submitters cannot read the journal" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups journalctl -u supportgate -o cat 2>/dev/null | grep -q probe-unknown"

# --- another subscription's resource --------------------------------------------------
sed -e 's/"draftId": "azure-technical-customer"/"draftId": "iso-resource"/' \
    -e 's#"/subscriptions/132d901f-189d-4381-9214-fe68e27e05a1/#"/subscriptions/99999999-189d-4381-9214-fe68e27e05a1/#' \
    "$example/azure-technical-customer.draft.json" > "$E2E_WORK/b-resource.json"
chmod 0644 "$E2E_WORK/b-resource.json"
as_uid 1001 cp "$E2E_WORK/b-resource.json" "$spool/incoming/b-resource.json"
wait_until 15 ns test -e "$(result rejected iso-resource)"
check "a draft naming another subscription's resource is rejected RESOURCE_OUTSIDE_SUBSCRIPTION" sh -c "nsenter -t $SYSTEMD_PID -m -p cat $(result rejected iso-resource) | grep -q RESOURCE_OUTSIDE_SUBSCRIPTION"
echo "  (t-70 took $((SECONDS - started_at)) s)"
