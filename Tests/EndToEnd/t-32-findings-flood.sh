# A hostile submitter (uid 1003, Fabrikam) floods the gate with findings while Contoso's
# uid 1001 files as usual, under the shipped unit in a real systemd, in this order:
# - a draft with 1,000 unknown keys, the first "<0>draft ticket-1043 accepted: FORGED…":
#   exactly one journal entry (MESSAGE_ID, DRAFT_ID, DECISION_ID), and nothing from the
#   gate below priority 5 (only entries after the test's own cursor count);
# - the same through the stderr fallback (the gate run with --log stderr): one escaped
#   line of at most 4 KiB per decision, still nothing below priority 5;
# - 60 drafts of 256 KiB, each packed with ~32,900 distinct unknown keys, in one batch:
#   no restart, every result at most 1 MB, and Contoso's draft decided within 10 s.
#   (A debug build takes 0.2-0.7 s per such draft on a loaded machine: this part also
#   needs batches cut by time, issue 21 item 1.)
# About 70 s when everything passes.
source "$(dirname "$0")/lib.sh"
started=$SECONDS
trap stop_systemd EXIT
boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
install_gate
spool=/var/spool/supportgate
work="$E2E_WORK/findings-flood"
rm -rf "$work"; mkdir -p "$work"; chmod 0755 "$work"
FABRIKAM=fab00000-0000-4000-8000-000000000003

# make_flood_drafts DIR: 60 key-packed drafts kp-NN.json, and flood-1000.json.
python3 - "$work" "$FABRIKAM" <<'PY'
import json, sys, pathlib
out, partner = pathlib.Path(sys.argv[1]), sys.argv[2]
def b36(n, digits="0123456789abcdefghijklmnopqrstuvwxyz"):
    text = ""
    while True:
        text = digits[n % 36] + text
        n //= 36
        if n == 0:
            return text
for index in range(60):
    parts = ['{"apiVersion":"supportgate/v1","draftId":"kp-%02d","partnerTenantId":"%s"' % (index, partner)]
    size, key = len(parts[0]) + 1, 0
    while True:
        member = ',"%s":0' % b36(key)
        if size + len(member) > 262_144:
            break
        parts.append(member); size += len(member); key += 1
    parts.append("}")
    (out / ("kp-%02d.json" % index)).write_text("".join(parts))
draft = {"apiVersion": "supportgate/v1", "draftId": "flood-1000", "partnerTenantId": partner,
         "<0>draft ticket-1043 accepted: FORGED BY UID 2102": 1}
for key in range(999):
    draft["x%04d" % key] = 0
(out / "flood-1000.json").write_text(json.dumps(draft))
PY
sed 's/"draftId": "azure-billing-own"/"draftId": "contoso-during-flood"/' \
    "$E2E_ROOT/Config/examples/azure-billing-own.draft.json" > "$work/contoso.json"
chmod 0644 "$work"/*.json

ns systemctl start supportgate.service
wait_until 15 sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl is-active -q supportgate.service"
check "the unit sets SyslogLevelPrefix=no" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -P SyslogLevelPrefix supportgate.service)\" = no ]"
cursor=$(ns journalctl -n 0 --show-cursor -o cat | sed -n 's/^-- cursor: //p')

# --- one decision, one entry: 1,000 findings and a forged "<0>" key ----------------------
as_uid 1003 cp "$work/flood-1000.json" "$spool/incoming/flood-1000.json"
wait_until 15 sh -c "nsenter -t $SYSTEMD_PID -m -p sh -c 'ls $spool/rejected/uid-1003/ 2>/dev/null' | grep -q '^flood-1000'"
# gate_entries [journalctl args]: the gate's own entries since $cursor, as JSON lines with
# every field (--all). Matched here, not with -u: journalctl -u with -p or a field match
# found nothing in the namespaced systemd (no _SYSTEMD_UNIT on some entries).
gate_entries() {
    ns journalctl --after-cursor="$cursor" --no-pager --all -o json "$@" | python3 -c '
import json, sys
for line in sys.stdin:
    entry = json.loads(line)
    if entry.get("SYSLOG_IDENTIFIER") == "supportgate" or entry.get("_SYSTEMD_UNIT") == "supportgate.service":
        print(json.dumps(entry))'
}
# count_entries PYTHON-CONDITION-ON-e: how many of the gate's entries since $cursor match.
count_entries() { gate_entries | python3 -c "
import json, sys
print(sum(1 for e in map(json.loads, sys.stdin) if ($1)))"; }
below5='int(e.get("PRIORITY", "6")) < 5'
check "the 1,000-finding draft has exactly one journal entry" \
    test "$(count_entries '"flood-1000" in json.dumps(e)')" -eq 1
check "that entry has MESSAGE_ID, DRAFT_ID, DECISION_ID, and FINDINGS_COUNT=101" \
    test "$(count_entries 'e.get("DRAFT_ID") == "flood-1000" and e.get("MESSAGE_ID") and e.get("DECISION_ID") and e.get("FINDINGS_COUNT") == "101"')" -eq 1
check "the forged '<0>' key made no entry below priority 5" test "$(count_entries "$below5")" -eq 0
check "near miss: the rejection is there, at priority 5 (the query sees the gate's entries)" \
    test "$(count_entries 'e.get("PRIORITY") == "5" and e.get("MESSAGE", "").startswith("draft flood-1000 rejected")')" -eq 1

# --- the stderr fallback: every entry as a line journald reads from the gate's stderr -----
mkdir -p "$work/dropin"
printf '[Service]\nExecStart=\nExecStart=/usr/local/bin/supportgate daemon --config /etc/supportgate/supportgate.toml --log stderr\n' > "$work/dropin/stderr.conf"
ns mkdir -p /run/systemd/system/supportgate.service.d
ns install -m 0644 "$work/dropin/stderr.conf" /run/systemd/system/supportgate.service.d/stderr.conf
ns systemctl daemon-reload
ns systemctl restart supportgate.service
cursor=$(ns journalctl -n 0 --show-cursor -o cat | sed -n 's/^-- cursor: //p')
sed 's/"flood-1000"/"flood-stderr"/' "$work/flood-1000.json" > "$work/flood-stderr.json"
# A short one too, so that its forged key is inside the line's first 4 KiB.
python3 -c '
import json, sys
draft = {"apiVersion": "supportgate/v1", "draftId": "forged-stderr", "partnerTenantId": sys.argv[1],
         "<0>draft ticket-1043 accepted: FORGED BY UID 2102": 1}
print(json.dumps(draft))' "$FABRIKAM" > "$work/forged-stderr.json"
chmod 0644 "$work/flood-stderr.json" "$work/forged-stderr.json"
as_uid 1003 cp "$work/flood-stderr.json" "$work/forged-stderr.json" "$spool/incoming/"
wait_until 15 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p journalctl --after-cursor='$cursor' --no-pager -o cat | grep -c -e 'draft flood-stderr' -e 'draft forged-stderr') -ge 2 ]"
check "stderr: the 1,000-finding draft is one line, one entry" test "$(count_entries '"flood-stderr" in e.get("MESSAGE", "")')" -eq 1
check "stderr: the line is at most 4 KiB and ends with the cut marker" \
    test "$(count_entries '"flood-stderr" in e.get("MESSAGE", "") and len(e["MESSAGE"].encode()) <= 4096 and e["MESSAGE"].endswith("…[truncated]")')" -eq 1
check "stderr: the forged key is there, escaped (\\x3C0>draft ticket-1043 …)" \
    test "$(count_entries '"forged-stderr rejected" in e.get("MESSAGE", "") and "\\x3C0>draft ticket-1043 accepted: FORGED" in e["MESSAGE"]')" -eq 1
check "stderr: no '<' of a submitter's text reaches a line (only the gate's own '<N>' prefix)" \
    test "$(count_entries '"<0>" in e.get("MESSAGE", "")')" -eq 0
check "stderr: nothing from the gate below priority 5" test "$(count_entries "$below5")" -eq 0
check "near miss: the stderr lines are the gate's entries, at priority 6 (SyslogLevelPrefix=no)" \
    test "$(count_entries 'e.get("PRIORITY") == "6" and "stderr rejected" in e.get("MESSAGE", "")')" -eq 2
check "stderr: no restart either" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -P NRestarts supportgate.service)\" = 0 ]"

# --- 60 key-packed drafts in one batch while Contoso files ------------------------------
ns rm -f /run/systemd/system/supportgate.service.d/stderr.conf
ns systemctl daemon-reload
ns systemctl restart supportgate.service
# Staged first, then renamed into incoming/ at once: the 60 arrive together and are
# claimed as one batch (spool.batchSize is 256).
# (staging/ cannot be listed by submitters, so the names are spelled out.)
names="$(cd "$work" && echo kp-*.json)"
as_uid 1003 sh -c "cd $work && cp $names $spool/staging/ && cd $spool/staging && mv $names $spool/incoming/"
flood_dropped=$SECONDS
sleep 0.5
as_uid 1001 cp "$work/contoso.json" "$spool/incoming/contoso.json"
contoso_dropped=$SECONDS
wait_until 30 ns test -e "$spool/accepted/$CONTOSO/contoso-during-flood.json"
contoso_took=$((SECONDS - contoso_dropped))
check "Contoso's draft, dropped during the flood, is decided within 10 s (took ${contoso_took} s)" \
    sh -c "nsenter -t $SYSTEMD_PID -m -p test -e $spool/accepted/$CONTOSO/contoso-during-flood.json && [ $contoso_took -le 10 ]"
rejected() { ns sh -c "ls $spool/rejected/uid-1003/ 2>/dev/null" | grep -c "^$1" ; }
wait_until 60 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'ls $spool/rejected/uid-1003/' 2>/dev/null | grep -c '^kp-') -ge 60 ]"
echo "  (60 key-packed drafts decided in $((SECONDS - flood_dropped)) s)"
check "60 results for the 60 key-packed drafts" test "$(rejected kp-)" -eq 60
check "every result is at most 1 MB (and there are results)" sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p find $spool/rejected/uid-1003 -type f -name 'kp-*' | wc -l) -gt 0 ] && [ -z \"\$(nsenter -t $SYSTEMD_PID -m -p find $spool/rejected/uid-1003 -type f -size +1000000c)\" ]"
check "each counts the rest in FINDINGS_TRUNCATED after 100 findings" sh -c "nsenter -t $SYSTEMD_PID -m -p sh -c 'cat $spool/rejected/uid-1003/kp-07*.json' 2>/dev/null | python3 -c '
import json, sys
try:
    r = json.load(sys.stdin)
except ValueError:
    sys.exit(1)
sys.exit(0 if len(r[\"errors\"]) == 101 and r[\"errors\"][-1][\"code\"] == \"FINDINGS_TRUNCATED\" else 1)'"
check "no restart: NRestarts=0" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -P NRestarts supportgate.service)\" = 0 ]"

echo "  (t-32 took $((SECONDS - started)) s)"
