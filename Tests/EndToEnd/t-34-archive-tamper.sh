# The archive holds exactly the bytes that were decided, owned by the gate. A hostile
# submitter of Fabrikam (uid 1003) keeps an O_PATH descriptor on its draft and, once the gate
# has archived it, reopens it through /proc/self/fd/N: rewrites it, grows it to 52 MB and
# chmods it for 3 s (a fresh change time would keep it from retention). Under the shipped
# unit: archive/ (and quarantine/, for a draft that is not JSON) holds a file of the gate's
# whose sha256 is the result's draftSha256, within the size limit, untouched by all of it.
source "$(dirname "$0")/lib.sh"
started=$SECONDS
trap stop_systemd EXIT

boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
install_gate
own_slice
spool=/var/spool/supportgate
sed 's/"draftId": "azure-billing-own"/"draftId": "tamper-1"/' "$E2E_ROOT/Config/examples/azure-billing-own.draft.json" > "$E2E_WORK/tamper-1.json"
printf '{ not json' > "$E2E_WORK/tamper-broken.json"
chmod 0644 "$E2E_WORK"/tamper-*.json
ns systemctl start supportgate.service
wait_until 10 sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl is-active supportgate.service | grep -qx active"

as_uid 1003 /usr/bin/python3 "$E2E_ROOT/hostile/tamper.py" "$spool" tamper-1.json "$E2E_WORK/tamper-1.json" 3 > "$E2E_WORK/tamper-1.out" 2>&1 &
first=$!
as_uid 1003 /usr/bin/python3 "$E2E_ROOT/hostile/tamper.py" "$spool" tamper-broken.json "$E2E_WORK/tamper-broken.json" 3 > "$E2E_WORK/tamper-broken.out" 2>&1 &
wait $first $!
for name in tamper-1 tamper-broken; do echo "      $name: $(tr '\n' ' ' < "$E2E_WORK/$name.out")"; done

# kept FOLDER NAME: the one file kept for drafts named NAME (its name is "<claim number>-NAME").
kept() { ns find "$spool/$1" -maxdepth 1 -type f -name "*-$2*"; }
attack_start=$(awk '/^archived-as/ { print $4 }' "$E2E_WORK/tamper-1.out")
attacks=$(awk '/^archived-as/ { print $6 }' "$E2E_WORK/tamper-1.out")
check "the submitter attacked its archived draft after the decision ($attacks times, grown to 52 MB)" \
    sh -c "[ '${attacks:-0}' -gt 10 ] && grep -q 'size 54525952' '$E2E_WORK/tamper-1.out'"

archived=$(kept archive tamper-1.json)
check "archive/ holds one file for the draft" test "$(echo "$archived" | grep -c .)" -eq 1
stat_line=$(ns stat -c '%U %s %a %Z' "$archived" 2>/dev/null)
read -r owner size mode changed <<< "$stat_line"
echo "      archive/$(basename "$archived"): $stat_line"
check "it is the gate's (owner $owner, mode $mode)" sh -c "[ '$owner' = supportgate ] && [ '$mode' = 600 ]"
check "it is within the size limit ($size <= 262144 bytes)" test "${size:-999999999}" -le 262144
check "its change time is from before the attack (the submitter's chmod did not reach it)" test "${changed:-999999999999}" -le "${attack_start:-0}"
result=$(ns find $spool/accepted $spool/rejected -mindepth 2 -maxdepth 2 -name 'tamper-1.*' | head -n 1)
expected=$(ns cat "$result" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("draftSha256", "none"))')
actual=$(ns sha256sum "$archived" | cut -d' ' -f1)
check "its sha256 is the result's draftSha256 ($expected)" sh -c "[ -n '$actual' ] && [ '$actual' = '$expected' ]"
check "and the bytes are the ones dropped" sh -c "[ \"\$(sha256sum < '$E2E_WORK/tamper-1.json' | cut -d' ' -f1)\" = '$actual' ]"

quarantined=$(kept quarantine tamper-broken.json)
check "quarantine/ holds the gate's copy of the draft that is not JSON, as dropped" \
    sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p stat -c '%U %s' '$quarantined')\" = 'supportgate 10' ] && [ \"\$(nsenter -t $SYSTEMD_PID -m -p cat '$quarantined')\" = '{ not json' ]"
check "processing/ is empty, and the gate never restarted" sh -c "[ -z \"\$(nsenter -t $SYSTEMD_PID -m -p find $spool/processing -mindepth 1)\" ] && [ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p NRestarts --value supportgate.service)\" = 0 ]"
echo "      t-34 took $((SECONDS - started)) s"
