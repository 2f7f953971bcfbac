# The tenant directory is confidential (contract §7, issue 21 item 6), under the shipped
# unit: another partner's submitter can neither read it nor `check` a draft with it; the
# gate refuses to start or reload when others may read it (the mode's read bit for others,
# or a named ACL entry granting read), with one line that says how to fix it, and is not
# restarted over and over (exit 2); 0640, 0600 and an ACL entry without read are fine;
# `config check` agrees with the gate.
source "$(dirname "$0")/lib.sh"
trap stop_systemd EXIT
started=$SECONDS
boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
install_gate
directory=/etc/supportgate/directory.json
config=/etc/supportgate/supportgate.toml
draft="$E2E_ROOT/Config/examples/azure-billing-own.draft.json"
unit_value() { ns systemctl show -p "$1" --value supportgate.service; }
# The journal's last cursor: what a check reads is written after it.
cursor() { ns journalctl -n 1 -o json --no-pager | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["__CURSOR"])'; }
since() { ns journalctl --no-pager -o cat -u supportgate.service --after-cursor="$1"; }

ns systemctl start supportgate.service
check "installed 0640 root:supportgate, the gate starts" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p stat -c '%a %U:%G' $directory)\" = '640 root:supportgate' ] && nsenter -t $SYSTEMD_PID -m -p systemctl is-active --quiet supportgate.service"

# --- hostile: a Fabrikam submitter (uid 1003) after Contoso's customers -------------
status=0; as_uid 1003 cat "$directory" > "$E2E_WORK/stolen" 2> "$E2E_WORK/cat.err" || status=$?
check "uid 1003 cannot read the installed directory (Permission denied, nothing read)" sh -c "[ $status -ne 0 ] && grep -q 'Permission denied' '$E2E_WORK/cat.err' && [ ! -s '$E2E_WORK/stolen' ]"
cp "$draft" "$E2E_WORK/contoso-draft.json"; chmod 0644 "$E2E_WORK/contoso-draft.json"
status=0; as_uid 1003 /usr/local/bin/supportgate check --config "$config" --as-uid 1001 "$E2E_WORK/contoso-draft.json" > "$E2E_WORK/check.out" 2> "$E2E_WORK/check.err" || status=$?
check "uid 1003 cannot check Contoso's draft with it (exit 2, Permission denied, no result)" sh -c "[ $status -eq 2 ] && grep -q 'Permission denied' '$E2E_WORK/check.err' && [ ! -s '$E2E_WORK/check.out' ]"
status=0; as_uid 1003 /usr/local/bin/supportgate check --directory "$directory" "$E2E_WORK/contoso-draft.json" > "$E2E_WORK/check.out" 2> "$E2E_WORK/check.err" || status=$?
check "nor with check --directory (exit 2, Permission denied)" sh -c "[ $status -eq 2 ] && grep -q 'Permission denied' '$E2E_WORK/check.err' && [ ! -s '$E2E_WORK/check.out' ]"
status=0; as_uid 1001 cat "$directory" > /dev/null 2>&1 || status=$?
check "Contoso's own submitter (uid 1001) cannot read it either" test "$status" -ne 0

# --- a reload onto a directory others may read is refused; the gate goes on -----------
ns chmod o+r "$directory"
mark=$(cursor)
check "systemctl reload fails when others may read the directory" sh -c "! nsenter -t $SYSTEMD_PID -m -p systemctl reload supportgate.service 2>/dev/null"
check "the refusal is one journal line with the fix (chmod o-r: the gate reads it through its group)" sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p journalctl --no-pager -o cat -u supportgate.service --after-cursor='$mark' | grep -c 'mode 0644 lets every local user read it; fix: chmod o-r $directory\$') -eq 1 ]"
check "the service stays active on the directory in force" sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl is-active --quiet supportgate.service"

# --- the start refused: others' read bit ------------------------------------------------
mark=$(cursor)
restarts_before=$(unit_value NRestarts)
check "a restart fails when others may read the directory" sh -c "! nsenter -t $SYSTEMD_PID -m -p systemctl restart supportgate.service 2>/dev/null"
sleep 2  # RestartSec=1s: a restart the unit would make has happened by now
check "exit 2 (configuration), not restarted (RestartPreventExitStatus=2): failed, NRestarts unchanged" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p ExecMainStatus --value supportgate.service)\" = 2 ] && [ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl is-active supportgate.service)\" = failed ] && [ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p NRestarts --value supportgate.service)\" = '$restarts_before' ]"
check "the journal says why, in one line with the fix" sh -c "nsenter -t $SYSTEMD_PID -m -p journalctl --no-pager -o cat -u supportgate.service --after-cursor='$mark' | grep -q '^supportgate cannot start: $directory: the tenant directory must be readable by root and the gate only .*mode 0644 lets every local user read it; fix: chmod o-r $directory\$'"
status=0; ns /usr/local/bin/supportgate config check --config "$config" > "$E2E_WORK/cc.out" 2> "$E2E_WORK/cc.err" || status=$?
check "config check (as root) fails too, exit 2, with the same line" sh -c "[ $status -eq 2 ] && grep -q 'mode 0644 lets every local user read it; fix: chmod o-r $directory\$' '$E2E_WORK/cc.err' && [ \$(wc -l < '$E2E_WORK/cc.err') -eq 1 ]"
ns chgrp root "$directory"
status=0; ns /usr/local/bin/supportgate config check --config "$config" > "$E2E_WORK/cc.out" 2> "$E2E_WORK/cc.err" || status=$?
check "root:root 0644 (as 0.19.0 installed it): the fix gives it to the gate's group" sh -c "[ $status -eq 2 ] && grep -q 'fix: chown root:supportgate $directory && chmod 0640 $directory\$' '$E2E_WORK/cc.err'"
ns chgrp supportgate "$directory"
status=0; ns /usr/local/bin/supportgate check --directory "$directory" "$E2E_WORK/contoso-draft.json" > "$E2E_WORK/check.out" 2> "$E2E_WORK/check.err" || status=$?
check "check --directory still decides with it (exit 0), warning on stderr" sh -c "[ $status -eq 0 ] && grep -q '\"accept\"' '$E2E_WORK/check.out' && grep -q '^warning: $directory: the tenant directory must be readable' '$E2E_WORK/check.err'" || { head -c 300 "$E2E_WORK/check.out"; cat "$E2E_WORK/check.err"; }

# --- the start refused: a named ACL entry that grants read -------------------------------
ns chmod o-r "$directory"
ns setfacl -m u:1003:r "$directory"
as_uid 1003 cat "$directory" > "$E2E_WORK/stolen" 2>/dev/null
check "(why it matters: with the entry, uid 1003 reads every partner's customers)" grep -q tenantId "$E2E_WORK/stolen"
mark=$(cursor)
check "a start fails with an ACL entry that lets uid 1003 read" sh -c "! nsenter -t $SYSTEMD_PID -m -p systemctl restart supportgate.service 2>/dev/null"
check "the journal names the entry and the fix (setfacl -x u:1003)" sh -c "nsenter -t $SYSTEMD_PID -m -p journalctl --no-pager -o cat -u supportgate.service --after-cursor='$mark' | grep -q 'its ACL lets user:1003 read it; fix: setfacl -x u:1003 $directory\$'"
check "config check fails on it too" sh -c "! nsenter -t $SYSTEMD_PID -m -p /usr/local/bin/supportgate config check --config $config >/dev/null 2>&1"

# --- near misses: the gate starts -----------------------------------------------------
ns setfacl -m u:1003:- "$directory"
check "near miss: an ACL entry for uid 1003 without read; the gate starts" ns systemctl restart supportgate.service
check "near miss: config check agrees (exit 0)" sh -c "nsenter -t $SYSTEMD_PID -m -p /usr/local/bin/supportgate config check --config $config >/dev/null"
ns setfacl -b "$directory"
ns chown supportgate:supportgate "$directory"; ns chmod 0600 "$directory"
check "near miss: 0600 owned by the gate's user; a reload is applied" ns systemctl reload supportgate.service
ns chown root:supportgate "$directory"; ns chmod 0640 "$directory"
check "near miss: 0640 root:supportgate; a reload is applied" ns systemctl reload supportgate.service
check "the service is active" ns systemctl is-active --quiet supportgate.service
echo "  t-74 took $((SECONDS - started)) s"
