# Faults injected for real: a full file system (ENOSPC), the spool made read-only, one
# draft the gate may not read, the directory replaced by garbage mid-run. In each case
# no draft is lost or decided twice; the gate reports the fault, backs off, retries and
# recovers by itself once the fault is fixed. (The journal socket going away is tested
# under systemd, in t-10.)
source "$(dirname "$0")/lib.sh"
work="$E2E_WORK/faults"
spool="$work/spool"
cleanup() {
    [ -n "$DAEMON_PID" ] && kill -9 "$DAEMON_PID" 2>/dev/null
    mountpoint -q "$spool" && umount -l "$spool"
}
trap cleanup EXIT
cleanup
make_spool "$work"
rm -rf "$spool"/*
# The whole spool on a small tmpfs, so that it can fill up and be made read-only.
mount -t tmpfs -o size=2m,mode=0755 tmpfs "$spool"
mkdir -p "$spool"/{staging,incoming,processing,accepted,rejected,quarantine,archive}
make_drafts "$work/source" 60 fault >/dev/null

one_result_each() { # one_result_each PREFIX COUNT
    [ "$(count_results "$spool" "$1")" -eq "$2" ] &&
    [ -z "$(results_ls "$spool" | grep "^$1-" | sed 's/\..*//' | sort | uniq -d)" ]
}

# 1. ENOSPC: drafts are in, then the disk is filled; nothing can be decided until space is freed.
cp "$work"/source/fault-0000[0-2]?.json "$spool/incoming/"
dd if=/dev/zero of="$spool/filler" bs=4k 2>/dev/null
start_daemon "$work"
wait_until 10 grep -q "spool fault" "$work/daemon.log"
check "disk full: the fault is reported" grep -q "No space left on device" "$work/daemon.log"
check "disk full: nothing half-written, every draft still in incoming/ or processing/" sh -c "[ -z \"\$(find '$spool' -name '~tmp-*')\" ] && [ \$(ls '$spool/incoming' '$spool/processing' | grep -c '^.*fault-') -eq 30 ]"
rm -f "$spool/filler"
wait_until 40 one_result_each fault 30
check "disk full: recovered by itself once space was freed; 30 drafts, one result each" one_result_each fault 30
check "disk full: the recovery is logged" grep -q "fault cleared" "$work/daemon.log"

# 2. Read-only spool: drops wait; after remount read-write they are decided.
mount -o remount,ro "$spool"
sleep 0.5
mount -o remount,rw "$spool"
cp "$work"/source/fault-0000[3-4]?.json "$spool/incoming/"
mount -o remount,ro "$spool"
sleep 2
check "read-only: the fault is reported" grep -q "Read-only file system" "$work/daemon.log"
check "read-only: the gate keeps running" kill -0 "$DAEMON_PID"
mount -o remount,rw "$spool"
wait_until 40 one_result_each fault 50
check "read-only: recovered after remount; 50 drafts, one result each" one_result_each fault 50

# 3. Permission denied on one draft (the gate runs unprivileged here: restart it so).
stop_daemon
chown -R supportgate:supportgate "$spool" "$work"
cp "$work/source/fault-000050.json" "$spool/incoming/secret-one.json"
chmod 0600 "$spool/incoming/secret-one.json"
chown 1001:1001 "$spool/incoming/secret-one.json"
cp "$work"/source/fault-00005[1-9].json "$spool/incoming/"
chown supportgate "$spool"/incoming/fault-*.json
setpriv --reuid=supportgate --regid=supportgate --init-groups \
    "$E2E_BIN" daemon --config "$work/supportgate.toml" --log stderr >>"$work/daemon.log" 2>&1 &
DAEMON_PID=$!
wait_until 20 sh -c "find '$spool/rejected' -mindepth 2 -maxdepth 2 -type f -printf '%f\n' | grep -q '^secret-one' && [ \$(find '$spool/accepted' '$spool/rejected' -mindepth 2 -maxdepth 2 -type f -printf '%f\n' | grep -c '^fault-00005') -ge 9 ]"
check "permission denied: that draft is rejected DRAFT_UNREADABLE, with the reason" sh -c "grep -q 'DRAFT_UNREADABLE' '$spool'/rejected/*/secret-one* && grep -q 'Permission denied' '$spool'/rejected/*/secret-one*"
# The gate cannot copy what it cannot read, and keeping the submitter's own inode would
# leave it the submitter's to grow (docs/spool.md, the archive is the gate's): nothing of
# it is kept, and the result says why.
check "permission denied: nothing of it is kept, and processing/ is empty" sh -c "! ls '$spool/quarantine' | grep -q 'secret-one.json' && [ -z \"\$(ls '$spool/processing')\" ]"
check "permission denied: the other drafts are decided" test "$(results_ls "$spool" | grep -c '^fault-00005[1-9]')" -eq 9

# 4. The directory replaced by garbage mid-run: a reload is refused, the old directory keeps deciding.
cp "$E2E_ROOT/Config/directory.json" "$work/directory.json"
sed -i "s#^directory = .*#directory = \"$work/directory.json\"#" "$work/supportgate.toml"
kill -HUP "$DAEMON_PID"
wait_until 10 grep -q "configuration reloaded" "$work/daemon.log"
echo '{"partners": [{"tenantId": 42' > "$work/directory.json"
kill -HUP "$DAEMON_PID"
wait_until 10 grep -q "reload refused" "$work/daemon.log"
check "garbage directory: the reload is refused with the file and line" grep -qE "reload refused.*directory.json:[0-9]+:[0-9]+:" "$work/daemon.log"
sed 's/"draftId": "fault-000059"/"draftId": "after-garbage"/' "$work/source/fault-000059.json" > "$spool/staging/after.json"
chown supportgate "$spool/staging/after.json"
mv "$spool/staging/after.json" "$spool/incoming/after.json"
wait_until 10 sh -c "find '$spool/accepted' '$spool/rejected' -mindepth 2 -maxdepth 2 -type f -printf '%f\n' | grep -q '^after-garbage'"
check "garbage directory: drafts are still decided" sh -c "find '$spool/accepted' '$spool/rejected' -mindepth 2 -maxdepth 2 -type f -printf '%f\n' | grep -q '^after-garbage'"
check "garbage directory: the gate keeps running" kill -0 "$DAEMON_PID"
stop_daemon
"$E2E_BIN" daemon --config "$work/supportgate.toml" --log stderr >/dev/null 2>&1
check "garbage directory: a fresh start refuses with exit 2 (no restart loop under systemd)" test $? -eq 2
