# The forwarder end to end under a real systemd, part 1, the storm: the gate and
# supportgate-forward.service as shipped (drop-ins only for the test's watchdog and restart
# delay), the test double of Microsoft outside the namespace on loopback. Accepted drafts of
# every kind and some rejected ones from Contoso and Fabrikam, ~10 % faults at the double, the
# forwarder killed with SIGKILL every 2-3 s by systemctl kill (systemd restarts it) until all
# is settled. The double ends with exactly one ticket per accepted Azure draft, none for a
# rejected one, and no violation; each Partner Center draft has a manual record; each record's
# ticketId is the double's supportTicketId; the kills landed while filings were in flight.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/forward-lib.sh"
started_at=$SECONDS
trap stop_systemd EXIT
COUNT=${T86_COUNT:-1000}

boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
install_gate
drafts="$E2E_WORK/storm"
forward_drafts "$drafts" "$COUNT" storm --rejected 40
forward_directory "$E2E_WORK/forward-directory.json"
forward_start_double "$E2E_WORK/double-86" "$drafts/1001" "$drafts/1003" || { fail "the double starts"; exit 1; }
forward_install
# ~10 % of filings meet a fault: 429/500/503 and an expired token on token, create and get
# requests, a reset after the create, and every create's operation slow (InProgress 0.2 s).
double_call POST settings '{"latencyMs": 2, "asyncOperationSeconds": 0.2, "faultKinds": ["token", "arm-create", "arm-get"], "faults": {"429": 0.012, "500": 0.012, "503": 0.012, "expiredToken": 0.01, "resetAfterCreate": 0.03, "asyncFailed": 0}}' >/dev/null
ns systemctl start supportgate-forward.service
check "supportgate-forward.service starts before any shelf exists (Type=notify: READY=1)" ns systemctl is-active -q supportgate-forward.service
drop_started=$SECONDS
drop_all "$drafts"
total=$(find "$drafts" -name '*.json' | wc -l)

# settled: prints "pending filed manual rejected" over the records of storm drafts.
settled() {
    ns python3 - "$spool" <<'PY'
import json, pathlib, sys
counts = {"pending": 0, "filed": 0, "manual": 0, "rejected-by-microsoft": 0}
for path in pathlib.Path(sys.argv[1], "filed").glob("*/storm-*.json"):
    try:
        counts[json.loads(path.read_text())["state"]] += 1
    except (ValueError, KeyError):
        counts["pending"] += 1
print(counts["pending"], counts["filed"], counts["manual"], counts["rejected-by-microsoft"])
PY
}
kills=0; : > "$E2E_WORK/kill-cursors"
deadline=$((SECONDS + ${T86_LIMIT:-200}))
decided=0
while ((SECONDS < deadline)); do
    sleep "2.$((RANDOM % 10))"
    decided=$(ns find $spool/accepted $spool/rejected -mindepth 2 -name 'storm-*.json' | wc -l)
    accepted=$(ns find $spool/accepted -mindepth 2 -name 'storm-*.json' | wc -l)
    read -r pending filed manual rejected <<< "$(settled)"
    if ((decided >= total && pending == 0 && filed + manual + rejected >= accepted)); then break; fi
    # What was unsettled at the kill: records pending, or accepted results without a final record.
    echo "$(forward_cursor) $pending $((accepted - filed - manual - rejected))" >> "$E2E_WORK/kill-cursors"
    ns systemctl kill -s KILL --kill-who=main supportgate-forward.service
    kills=$((kills + 1))
    # systemd restarts it (Restart=on-failure: a SIGKILL is a failure).
done
storm_seconds=$((SECONDS - drop_started))
echo "    storm: $decided of $total decided, records: $pending pending, $filed filed, $manual manual, $rejected rejected; $kills kills in $storm_seconds s"
wait_until 10 ns systemctl is-active -q supportgate-forward.service
check "the storm settled: every draft decided, no record pending" sh -c "[ $decided -ge $total ] && [ $pending -eq 0 ]"
restarts=$(ns systemctl show -p NRestarts --value supportgate-forward.service)
check "systemd restarted the forwarder after each of the $kills kills (NRestarts $restarts, active)" sh -c "[ '$restarts' -ge $kills ] && nsenter -t $SYSTEMD_PID -m -p systemctl is-active -q supportgate-forward.service"

accepted_azure > "$E2E_WORK/azure.txt"
double_call GET tickets > "$E2E_WORK/tickets.json"
double_call GET violations > "$E2E_WORK/violations.json"
ns python3 - "$spool" > "$E2E_WORK/records.json" <<'PY'
import json, pathlib, sys
print(json.dumps({f"{p.parent.name}/{p.stem}": json.loads(p.read_text()) for p in pathlib.Path(sys.argv[1], "filed").glob("*/storm-*.json")}))
PY
verdict=$(python3 - "$E2E_WORK/azure.txt" "$E2E_WORK/tickets.json" "$E2E_WORK/violations.json" "$E2E_WORK/records.json" "$drafts" <<'PY'
import json, pathlib, sys
azure = [line.split() for line in open(sys.argv[1]) if line.strip()]
tickets = json.load(open(sys.argv[2])); violations = json.load(open(sys.argv[3])); records = json.load(open(sys.argv[4]))
by_name = {}
for t in tickets:
    if t.get("exists", True):
        by_name.setdefault(t["name"], []).append(t)
problems = []
names = set()
for partner, draft, name in azure:
    names.add(name)
    found = by_name.get(name, [])
    if len(found) != 1 or found[0].get("creates", 1) != 1:
        problems.append(f"{draft}: {len(found)} tickets, creates {[t.get('creates') for t in found]}")
        continue
    record = records.get(f"{partner}/{draft}")
    if not record or record.get("state") != "filed" or record.get("ticketId") != found[0]["supportTicketId"]:
        problems.append(f"{draft}: record {record and record.get('state')} {record and record.get('ticketId')} vs {found[0]['supportTicketId']}")
extra = [t["name"] for t in tickets if t["name"] not in names]
pc = [p.stem for p in pathlib.Path(sys.argv[5]).glob("*/*.json") if "office365" in p.stem or "dynamics" in p.stem or "ems" in p.stem]
manual = sum(1 for k, r in records.items() if r.get("target") == "partner-center" and r.get("state") == "manual")
print(json.dumps({"azure": len(azure), "problems": problems[:5], "problemCount": len(problems), "extraTickets": len(extra),
                  "violations": len(violations), "violationKinds": sorted({v["kind"] for v in violations}),
                  "manual": manual, "pcAccepted": sum(1 for k, r in records.items() if r.get("target") == "partner-center")}))
PY
)
echo "    $verdict"
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$verdict" "$1"; }
check "the double holds exactly one ticket (one create) per accepted Azure draft ($(field azure)), each record filed with its supportTicketId" test "$(field problemCount)" = 0
check "no ticket for anything else (no rejected draft filed)" test "$(field extraTickets)" = 0
check "the double saw no violation ($(field violationKinds))" test "$(field violations)" = 0
check "every accepted Partner Center draft has a manual record ($(field manual))" sh -c "[ $(field manual) -gt 0 ] && [ $(field manual) = $(field pcAccepted) ]"
stats=$(double_call GET stats)
echo "    double: $(echo "$stats" | python3 -c 'import json,sys; s=json.load(sys.stdin); print("faults", s.get("faultsInjected"))' 2>/dev/null)"
check "faults were injected" sh -c "echo '$stats' | python3 -c 'import json,sys; s=json.load(sys.stdin); f=s.get(\"faultsInjected\") or {}; sys.exit(0 if sum(v for v in f.values() if isinstance(v,int)) > 0 else 1)'"

# The kills landed mid-run: after a cursor taken just before a kill, the forwarder's own
# journal shows a filing (or a retried fault) of a storm draft, and the next start took up
# pending records. Only entries after each cursor count.
mid=0; kills_checked=0
while read -r cursor pending_at_kill unsettled_at_kill; do
    kills_checked=$((kills_checked + 1))
    filed_after=$(ns journalctl --after-cursor="$cursor" -o json --no-pager 2>/dev/null | grep '5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f80' | grep -c '"DRAFT_ID":"storm-')
    if ((pending_at_kill + unsettled_at_kill > 0 && filed_after > 0)); then mid=$((mid + 1)); fi
    echo "    kill $kills_checked: $pending_at_kill records pending, $unsettled_at_kill results unsettled; $filed_after filings journaled after it"
done < <(head -n 6 "$E2E_WORK/kill-cursors")
check "the kills landed mid-run: $mid of the first $kills_checked kills found records pending or results unfiled, and filings came after them" test "$mid" -ge 2
echo "  (the storm took $((SECONDS - started_at)) s)"

# --- hostile: records are the results' -----------------------------------------------------
part=$SECONDS
record=$(ns sh -c "ls $spool/filed/$CONTOSO | grep azure | head -n 1")
check "Fabrikam's submitter (uid 1003) cannot read a Contoso filing record by its exact name ($record)" \
    sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups cat '$spool/filed/$CONTOSO/$record' >/dev/null 2>&1"
check "near miss: Contoso's submitter (uid 1001) reads it" sh -c "nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1001 --regid=1001 --init-groups cat '$spool/filed/$CONTOSO/$record' >/dev/null"
check "nor list filed/ or a partner's shelf there" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups ls $spool/filed/ >/dev/null 2>&1 && ! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups ls $spool/filed/$CONTOSO >/dev/null 2>&1"
# Planted: a copy of an accepted Azure result under a fresh id, (a) chowned to Fabrikam's uid,
# (b) a hard link of the gate's own file. Neither may be filed.
source_result=$(ns sh -c "grep -l azure-support-api $spool/accepted/$CONTOSO/storm-*-azure.json | head -n 1")
cursor=$(forward_cursor)
ns sh -c "sed 's/\"draftId\": \"[^\"]*\"/\"draftId\": \"planted-chown\"/' '$source_result' > $spool/accepted/$CONTOSO/planted-chown.json && chown 1003:1003 $spool/accepted/$CONTOSO/planted-chown.json"
ns ln "$source_result" "$spool/accepted/$CONTOSO/planted-link.json"
sleep 3
check "a result planted by anyone but the gate (chowned to uid 1003) gets no record" sh -c "! nsenter -t $SYSTEMD_PID -m -p test -e $spool/filed/$CONTOSO/planted-chown.json"
check "nor does a hard link of a gate's result" sh -c "! nsenter -t $SYSTEMD_PID -m -p test -e $spool/filed/$CONTOSO/planted-link.json"
check "the journal names the planted file, after it was planted" sh -c "nsenter -t $SYSTEMD_PID -m -p journalctl --after-cursor='$cursor' -o json --no-pager | grep '5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f87' | grep -q planted-chown"
tickets_now=$(double_call GET tickets | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
check "the double holds no ticket beyond the accepted drafts' ($tickets_now)" test "$tickets_now" -eq "$(field azure)"
python3 "$FORWARD_HERE/forward_drafts.py" "$E2E_ROOT/Config/examples" "$E2E_WORK/wait" 1 waitfiled
chmod -R a+rX "$E2E_WORK/wait"
waited=$(as_uid 1001 timeout 60 /usr/local/bin/supportgate submit --spool $spool --wait --until filed --timeout 50 "$E2E_WORK/wait/1001/waitfiled-00000-azure.json" 2>&1)
check "submit --wait --until filed returns once the ticket is filed" sh -c "echo '$waited' | grep -q \"\$(nsenter -t $SYSTEMD_PID -m -p python3 -c 'import json; print(json.load(open(\"$spool/filed/$CONTOSO/waitfiled-00000-azure.json\"))[\"ticketId\"])')\""
as_uid 1001 /usr/local/bin/supportgate result waitfiled-00000-azure --partner "$CONTOSO" --spool $spool > "$E2E_WORK/shown.txt" 2>&1
ticket_of_record=$(ns python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ticketId"])' "$spool/filed/$CONTOSO/waitfiled-00000-azure.json")
sed 's/^/      result: /' "$E2E_WORK/shown.txt" | head -n 12
check "supportgate result as the submitter shows the filing (ticket $ticket_of_record) beside the decision" sh -c "grep -qi accept '$E2E_WORK/shown.txt' && grep -q '$ticket_of_record' '$E2E_WORK/shown.txt'"
echo "  (hostile part took $((SECONDS - part)) s)"

# --- the canary: Fabrikam's client secret and refresh token ------------------------------------
part=$SECONDS
ns sh -c "journalctl -o json --no-pager; cat $spool/filed/*/*.json $spool/accepted/*/*.json; cat /run/supportgate-metrics/*.prom 2>/dev/null; systemctl show -p StatusText supportgate-forward supportgate" > "$E2E_WORK/everything.txt" 2>&1
check "the canary is in the credentials file given (the check can see it)" sh -c "nsenter -t $SYSTEMD_PID -m -p cat /etc/supportgate/credentials/$FABRIKAM.json | grep -q '$FORWARD_CANARY'"
check "the canary secret and refresh token are in no journal entry (both units), record, result, metrics file or STATUS ($(wc -c < "$E2E_WORK/everything.txt") bytes)" sh -c "! grep -q '$FORWARD_CANARY' '$E2E_WORK/everything.txt'"
check "near miss: Fabrikam's drafts were filed (its secret was used)" sh -c "nsenter -t $SYSTEMD_PID -m -p ls $spool/filed/$FABRIKAM | grep -q azure"
echo "  (canary part took $((SECONDS - part)) s)"
# A start the forwarder refuses (here: uid 1001 may read neither the state folder nor the
# credentials) ends with exit 2, which the unit does not restart, not in a trap of its HTTPS pool.
as_uid 1001 /usr/local/bin/supportgate forward --once --config /etc/supportgate/supportgate.toml --log stderr > "$E2E_WORK/refused.txt" 2>&1
refused=$?
check "a refused start exits 2 with a located error, not SIGILL ($refused: $(head -c 120 "$E2E_WORK/refused.txt"))" sh -c "[ $refused -eq 2 ] && grep -q 'cannot start' '$E2E_WORK/refused.txt'"
echo "  t-86-forward: $((SECONDS - started_at)) s"
