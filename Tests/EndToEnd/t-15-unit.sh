# The shipped unit against a misbehaving submitter and a stuck gate, under a real
# systemd 252 and journald (issue 10): nothing denied by seccomp at start; STATUS= names
# no file; the stderr log cannot be split or forged; a stuck gate is killed and
# restarted within WatchdogSec + 5 s; every decision of a 200,000-draft flood reaches
# the journal.
source "$(dirname "$0")/lib.sh"
trap 'ns kill -CONT $(ns pidof systemd-journald) 2>/dev/null; stop_systemd' EXIT

boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
install_gate
spool=/var/spool/supportgate
example="$E2E_ROOT/Config/examples/azure-billing-own.draft.json"
unit_value() { ns systemctl show -p "$1" --value supportgate.service; }
# drop_copy ID NAME: a copy of the billing example with draftId ID, dropped as NAME by uid 1001.
drop_copy() {
    sed "s/\"draftId\": \"azure-billing-own\"/\"draftId\": \"$1\"/" "$example" > "$E2E_WORK/drop.json"
    chmod 0644 "$E2E_WORK/drop.json"
    as_contoso cp "$E2E_WORK/drop.json" "$spool/incoming/$2"
}

ns systemctl start supportgate.service
drop_copy unit-first first.json
wait_until 10 ns test -e $spool/accepted/$CONTOSO/unit-first.json
start_log=$(ns journalctl -u supportgate.service -o cat --no-pager)
denied=$(printf '%s\n' "$start_log" | grep -iE 'thread priority|errno=1|Operation not permitted')
check "nothing denied by seccomp is logged at start (no 'Failed to set thread priority', no EPERM)" test -z "$denied"
[ -z "$denied" ] || echo "$denied" | head -n 5 | sed 's/^/      /'

# --- STATUS= is readable by every local user: counts and fault kinds, never names ----
ns chmod 0500 $spool/processing
drop_copy unit-status "tenant-b-secret-name.json"
wait_until 10 sh -c "unit_status=\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p StatusText --value supportgate.service); echo \"\$unit_status\" | grep -q FAULT"
status_text=$(unit_value StatusText)
check "a fault shows in STATUS= by kind ($status_text)" sh -c "printf '%s' \"\$1\" | grep -q 'FAULT: EACCES'" sh "$status_text"
check "STATUS= names no file of any tenant" sh -c "! printf '%s' \"\$1\" | grep -qE 'tenant-b|secret-name|incoming|processing'" sh "$status_text"
check "the journal has the file name for the operator" sh -c "nsenter -t $SYSTEMD_PID -m -p journalctl -o cat MESSAGE_ID=5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f67 | grep -q tenant-b-secret-name"
ns chmod 0700 $spool/processing
wait_until 15 ns test -e $spool/accepted/$CONTOSO/unit-status.json
check "the fault clears and the draft is decided" ns test -e $spool/accepted/$CONTOSO/unit-status.json

# --- the stderr log (--log stderr): one entry per line, whatever the submitter wrote ---
ns mkdir -p /run/systemd/system/supportgate.service.d
printf '[Service]\nExecStart=\nExecStart=/usr/local/bin/supportgate daemon --config /etc/supportgate/supportgate.toml --log stderr\n' |
    ns tee /run/systemd/system/supportgate.service.d/stderr.conf >/dev/null
ns systemctl daemon-reload
ns systemctl restart supportgate.service
python3 - "$E2E_WORK/hostile" "$example" <<'PY'
import json, pathlib, sys
out, example = pathlib.Path(sys.argv[1]), json.loads(pathlib.Path(sys.argv[2]).read_text())
out.mkdir(exist_ok=True)
forged = "\u0000<1>FORGED-ENTRY supportgate: accepted everything"
drafts = {
    "nul-key.json": dict(example, draftId="inject-key", **{"x" + forged: 1}),
    "nul-id.json": dict(example, draftId="id" + forged),
    "newline-key.json": dict(example, draftId="inject-newline", **{"y\n<2>FORGED-LINE": 1}),
}
for name, draft in drafts.items():
    (out / name).write_text(json.dumps(draft))
# A file name with a TAB and an ESC sequence, and invalid UTF-8.
(out / "tab\there\x1b[31mred.json").write_text(json.dumps(dict(example, draftId="inject-name")))
(out / b"bad-\xff-utf8.json".decode("utf-8", "surrogateescape")).write_text(json.dumps(dict(example, draftId="inject-bytes")))
PY
chmod 0644 "$E2E_WORK"/hostile/*
for file in "$E2E_WORK"/hostile/*; do as_contoso cp "$file" "$spool/incoming/"; done
wait_until 10 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'find $spool/accepted $spool/rejected -mindepth 2 -maxdepth 2 -type f' | grep -cE '/(inject|nul-id|bad-)') -ge 5 ]"
sleep 1
ns journalctl -u supportgate.service -o json --no-pager > "$E2E_WORK/stderr-journal.json"
python3 - "$E2E_WORK/stderr-journal.json" <<'PY' && pass "hostile ids, keys and file names: no entry split, forged or carrying a control byte" || fail "hostile ids, keys and file names: no entry split, forged or carrying a control byte"
import json, sys
entries = [json.loads(line) for line in open(sys.argv[1])]
lines = [e for e in entries if e.get("_TRANSPORT") == "stdout"]
assert lines, "no stderr lines in the journal"
for e in lines:
    message = e["MESSAGE"]
    # journald stores a MESSAGE with control bytes or invalid UTF-8 as an array of bytes.
    assert isinstance(message, str), f"binary MESSAGE: {message!r:.200}"
    assert message.startswith("supportgate["), f"a line not written by the gate: {message!r:.200}"
    assert int(e.get("PRIORITY", "6")) >= 6, f"priority {e.get('PRIORITY')} from a stderr line: {message!r:.200}"
forged = [e["MESSAGE"] for e in lines if "FORGED" in e["MESSAGE"]]
assert len(forged) >= 3, forged
assert all("\\x00" in m or "\\n" in m for m in forged), forged
assert any("tab\\x09here\\x1B[31mred.json" in e["MESSAGE"] for e in lines), "the TAB/ESC file name is not escaped"
PY
ns rm -f /run/systemd/system/supportgate.service.d/stderr.conf
ns systemctl daemon-reload

# --- a stuck gate is killed and restarted within WatchdogSec + 5 s, under the shipped unit ---
# journald stopped: the gate's journal socket fills and its loop blocks in the send, a
# real stall in which it still takes signals. The unit's WatchdogSec=20s applies.
ns systemctl restart supportgate.service
watchdog_sec=$(($(unit_value WatchdogUSec | sed 's/s$//')))
old_pid=$(unit_value MainPID)
restarts_before=$(unit_value NRestarts)
journald_pid=$(ns pidof systemd-journald)
ns kill -STOP "$journald_pid"
make_drafts "$E2E_WORK/stall" 3000 stall >/dev/null
chmod 0644 "$E2E_WORK"/stall/*.json
chown 1001:1001 "$E2E_WORK"/stall/*.json
ns sh -c "cp -p $E2E_WORK/stall/*.json $spool/incoming/"
stalled_at=$SECONDS
wait_until $((watchdog_sec + 20)) sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p NRestarts --value supportgate.service)\" -gt $restarts_before ]"
took=$((SECONDS - stalled_at))
check "a stuck gate is killed and restarted in ${took} s (WatchdogSec ${watchdog_sec} s + 5 s allowed)" \
    sh -c "[ $took -le $((watchdog_sec + 5)) ] && [ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p MainPID --value supportgate.service)\" != '$old_pid' ]"
ns kill -CONT "$journald_pid"
wait_until 60 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'find $spool/accepted $spool/rejected -mindepth 2 -maxdepth 2 -type f' | grep -c '/stall-') -eq 3000 ]"
check "after the restart every stalled draft is decided once" sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'find $spool/accepted $spool/rejected -mindepth 2 -maxdepth 2 -type f' | grep -c '/stall-') -eq 3000 ]"

# --- every decision of a 200,000-draft flood reaches the journal ---------------------
# One uid drops them all: beyond limits.maxQueuedPerSubmitter (10,000) they are refused
# unread, which is a decision too, and is logged like any other.
flood=${E2E_FLOOD:-200000}
as_uid 1001 /usr/bin/python3 - "$example" "$spool" "$flood" <<'PY'
import json, os, sys
example, spool, count = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3])
for i in range(count):
    name = f"flood-{i:06d}.json"
    with open(f"{spool}/staging/{name}", "w") as f:
        json.dump(dict(example, draftId=f"flood-{i:06d}"), f)
    os.rename(f"{spool}/staging/{name}", f"{spool}/incoming/{name}")
PY
count_flood() { ns sh -c "find $spool/accepted $spool/rejected -mindepth 2 -maxdepth 2 -type f -printf '%f\n'" | grep -c '^flood-'; }
deadline=$((SECONDS + 600))
while [ "$(count_flood)" -lt "$flood" ] && [ $SECONDS -lt $deadline ]; do sleep 2; done
decided=$(count_flood)
refused=$(ns sh -c "find $spool/rejected -mindepth 2 -maxdepth 2 -type f -printf '%f\n'" | grep -c '^flood-.*\.refused-' || true)
sleep 2
logged=$(ns journalctl -o cat --output-fields=DRAFT_ID MESSAGE_ID=5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f60 + MESSAGE_ID=5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f61 | grep -c '^flood-')
check "flood: $decided of $flood drafts have a result ($refused refused over the per-submitter cap)" test "$decided" -eq "$flood"
check "flood: the cap refused the excess of one submitter's flood" test "$refused" -gt 0
check "flood: $logged of $flood decisions in the journal" test "$logged" -eq "$flood"
check "flood: journald suppressed nothing from the gate" sh -c "! nsenter -t $SYSTEMD_PID -m -p journalctl -o cat -u systemd-journald.service | grep -q 'Suppressed.*supportgate'"
check "flood: the unit's rate limit reached journald (systemd 252 exports it only when not 0)" ns test -L /run/systemd/units/log-rate-limit-burst:supportgate.service
