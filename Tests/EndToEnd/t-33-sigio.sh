# No signal a submitter can cause ends the gate. The still-being-written check takes a read
# lease for a moment; a hostile submitter of Fabrikam (uid 1003) keeps an O_PATH descriptor
# on each of its drafts and, after the claim, reopens them for writing through
# /proc/self/fd/N in a tight loop: an open landing between F_SETLEASE and F_UNLCK breaks the
# lease, and the kernel sends the gate SIGIO. Two such processes for 60 s while Contoso's
# drafts flow, under the shipped unit: no restart, and every draft of both is decided.
source "$(dirname "$0")/lib.sh"
started=$SECONDS
trap stop_systemd EXIT

boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
install_gate
own_slice
spool=/var/spool/supportgate
example="$E2E_ROOT/Config/examples/azure-billing-own.draft.json"
ns systemctl start supportgate.service
wait_until 10 sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl is-active supportgate.service | grep -qx active"

loops=()
for worker in a b; do
    as_uid 1003 /usr/bin/python3 "$E2E_ROOT/hostile/reopen-loop.py" "$spool" "hostile-$worker" 60 "$example" > "$E2E_WORK/sigio-$worker.out" 2>&1 &
    loops+=($!)
done
# Contoso's drafts flow meanwhile: one every 0.25 s, through a hidden name as a tool writes them.
python3 - "$E2E_WORK/sigio-feed" "$example" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1]); out.mkdir(parents=True, exist_ok=True)
base = json.load(open(sys.argv[2]))
for i in range(240):
    (out / f"flow-{i:06d}.json").write_text(json.dumps(dict(base, draftId=f"flow-{i:06d}")))
PY
chmod -R a+rX "$E2E_WORK/sigio-feed"
as_contoso sh -c "for f in $E2E_WORK/sigio-feed/*.json; do n=\$(basename \$f); cp \$f $spool/incoming/.\$n && mv $spool/incoming/.\$n $spool/incoming/\$n; sleep 0.25; done"
wait "${loops[@]}"

for worker in a b; do echo "      hostile-$worker: $(cat "$E2E_WORK/sigio-$worker.out")"; done
hostile_dropped=$(cat "$E2E_WORK"/sigio-[ab].out | awk '/^dropped/ { n += $2 } END { print n + 0 }')
after_claim=$(cat "$E2E_WORK"/sigio-[ab].out | awk '/^dropped/ { n += $6 } END { print n + 0 }')
check "the hostile loops reopened claimed drafts for writing ($after_claim times, $hostile_dropped drafts)" test "$after_claim" -gt 0

decided() { # decided PREFIX: results of drafts PREFIX-*, on every shelf
    ns find $spool/accepted $spool/rejected -mindepth 2 -maxdepth 2 -name "$1-*" | wc -l
}
wait_until 90 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p find $spool/processing $spool/incoming -mindepth 1 -maxdepth 1 | wc -l) = 0 ]"
restarts=$(ns systemctl show -p NRestarts --value supportgate.service)
check "NRestarts=0 (was $restarts) and the gate is active" sh -c "[ '$restarts' = 0 ] && nsenter -t $SYSTEMD_PID -m -p systemctl is-active supportgate.service | grep -qx active"
check "no status=29/IO in the journal" sh -c "! nsenter -t $SYSTEMD_PID -m -p journalctl --no-pager -o cat | grep -q 'status=29/IO'"
flow=$(decided flow); hostile=$(( $(decided hostile-a) + $(decided hostile-b) ))
check "every draft of Contoso is decided ($flow of 240)" test "$flow" -eq 240
check "every hostile draft is decided ($hostile of $hostile_dropped)" test "$hostile" -eq "$hostile_dropped"
check "incoming/ and processing/ are empty" sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p find $spool/processing $spool/incoming -mindepth 1 -maxdepth 1 | wc -l) = 0 ]"
echo "      t-33 took $((SECONDS - started)) s"
