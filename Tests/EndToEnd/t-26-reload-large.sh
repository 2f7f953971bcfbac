# A distributor's directory reloaded mid-stream under a real systemd (issue 13): 1,000,000
# customers and 50,000 partners, generated here, while drafts arrive at a steady rate; the
# service limited to 40 % of a CPU and a 5 s watchdog, which a load that blocked the loop
# would trip. Every draft is decided, each with the revision in force when it was decided,
# and the decisions go on while the new directory loads.
source "$(dirname "$0")/lib.sh"
trap 'stop_systemd' EXIT

boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
install_gate
ns mkdir -p /run/systemd/system/supportgate.service.d
# The tests' gate is a debug build: at 40 % of a CPU it takes over a minute to load what the
# release build loads in seconds, so the reload may take longer than the unit allows it.
printf '[Service]\nCPUQuota=40%%\nWatchdogSec=5s\nTimeoutStartSec=310s\nExecReload=\nExecReload=/usr/local/bin/supportgate reload --pid $MAINPID --timeout 300\n' \
    | ns tee /run/systemd/system/supportgate.service.d/busy.conf >/dev/null
ns systemctl daemon-reload
ns systemctl start supportgate.service
check "the gate starts under CPUQuota=40% and a 5 s watchdog" sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl is-active supportgate.service | grep -qx active"
spool=/var/spool/supportgate

# The large directory: the example one (Contoso and its customers stay) plus generated
# partners and customers; not committed, generated for this run.
python3 - "$E2E_ROOT/Config/directory.json" "$E2E_WORK/large.json" <<'PY'
import json, random, sys, uuid
directory = json.load(open(sys.argv[1]))
rng = random.Random(13)
guid = lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))
partners = [guid() for _ in range(50_000)]
directory["partners"] += [{"tenantId": p, "name": f"Reseller {i}", "program": "indirect-reseller", "domains": [f"r{i}.example"]}
                          for i, p in enumerate(partners)]
directory["customers"] += [{"tenantId": guid(), "name": f"Customer {i}", "cloud": "public", "domains": [f"c{i}.example"],
                            "relationships": [{"partnerTenantId": partners[i % len(partners)], "azureAccessGranted": i % 2 == 0}]}
                           for i in range(1_000_000)]
with open(sys.argv[2], "w") as out:
    json.dump(directory, out)
PY
ns install -m 0640 -g supportgate $E2E_WORK/large.json /etc/supportgate/directory.json.new

# 1,500 drafts at 50 a second, dropped through staging/ as Contoso's submitter, uid 1001.
make_drafts $E2E_WORK/sg-e2e-large 1500 large >/dev/null
chmod 0644 $E2E_WORK/sg-e2e-large/*.json
as_uid 1001 /usr/bin/python3 - $E2E_WORK/sg-e2e-large $spool > $E2E_WORK/dropper.log 2>&1 <<'PY' &
import os, shutil, sys, time
source, spool = sys.argv[1], sys.argv[2]
names = sorted(os.listdir(source))
start = time.monotonic()
for index, name in enumerate(names):
    delay = start + index / 50 - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    shutil.copyfile(f"{source}/{name}", f"{spool}/staging/{name}")
    os.rename(f"{spool}/staging/{name}", f"{spool}/incoming/{name}")
PY
dropper=$!
sleep 5
ns mv /etc/supportgate/directory.json.new /etc/supportgate/directory.json
reload_started=$(date +%s%N)
ns systemctl reload supportgate.service
reload_status=$?
reload_ms=$(( ($(date +%s%N) - reload_started) / 1000000 ))
echo "      systemctl reload returned $reload_status after $reload_ms ms"
wait "$dropper"
# Dropped once systemctl reload returned: decided with the reloaded revision.
make_drafts $E2E_WORK/sg-e2e-after 100 after >/dev/null
chmod 0644 $E2E_WORK/sg-e2e-after/*.json
chown 1001:1001 $E2E_WORK/sg-e2e-after/*.json
ns sh -c "cp -p $E2E_WORK/sg-e2e-after/*.json $spool/incoming/"
wait_until 60 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'find $spool/accepted $spool/rejected -mindepth 2 -maxdepth 2 -name \"after-*.json\"' | wc -l) -ge 100 ]"
wait_until 120 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'find $spool/accepted $spool/rejected -mindepth 2 -maxdepth 2 -name \"large-*.json\"' | wc -l) -ge 1500 ]"

check "systemctl reload of the large directory succeeds" [ "$reload_status" -eq 0 ]
check "the watchdog never fired: no restart" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p NRestarts --value supportgate.service)\" = 0 ]"
check "every draft dropped during the reload was decided" sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'find $spool/accepted $spool/rejected -mindepth 2 -maxdepth 2 -name \"large-*.json\"' | wc -l) -eq 1500 ]"
journal_json MESSAGE_ID=5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f60 > $E2E_WORK/decisions.json
journal_json MESSAGE_ID=5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f61 >> $E2E_WORK/decisions.json
journal_json MESSAGE_ID=5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f64 > $E2E_WORK/reloads.json
# Decisions in the order the journal received them: the revision changes once, from the old
# one to the reloaded one, and the decisions go on while the large directory loads.
python3 - $E2E_WORK/decisions.json $E2E_WORK/reloads.json "$reload_started" > $E2E_WORK/reload-check.txt <<'PY'
import json, sys
entries = [json.loads(line) for line in open(sys.argv[1])]
decisions = sorted((int(e["__REALTIME_TIMESTAMP"]), e["CONFIG_REVISION"], e["DRAFT_ID"])
                   for e in entries if e.get("DRAFT_ID", "").startswith(("large-", "after-")))
reload = [json.loads(line) for line in open(sys.argv[2])][-1]
new, old = reload["CONFIG_REVISION"], reload["PREVIOUS_CONFIG_REVISION"]
applied_at = int(reload["__REALTIME_TIMESTAMP"])
started_at = int(sys.argv[3]) // 1000
revisions = [revision for _, revision, _ in decisions]
switches = sum(1 for a, b in zip(revisions, revisions[1:]) if a != b)
during = [t for t, _, _ in decisions if started_at <= t <= applied_at]
# The steady stream's decisions from a second before the reload on (it ends before the load does).
times = [t for t, _, draft in decisions if draft.startswith("large-") and t >= started_at - 1_000_000]
gap = max((b - a for a, b in zip(times, times[1:])), default=0) // 1000
print(f"decisions={len(decisions)} old={revisions.count(old)} new={revisions.count(new)} switches={switches} "
      f"load_ms={(applied_at - started_at) // 1000} decided_during_load={len(during)} longest_gap_ms={gap}")
after = {revision for _, revision, draft in decisions if draft.startswith("after-")}
ok = len(decisions) == 1600 and set(revisions) <= {old, new} and revisions[0] == old and after == {new} and switches == 1
print("order", "ok" if ok else "BAD")
print("during", "ok" if len(during) >= 10 else "BAD")
print("gap", "ok" if gap <= 1000 else "BAD")
PY
sed 's/^/      /' $E2E_WORK/reload-check.txt
if ! grep -qx "order ok" $E2E_WORK/reload-check.txt; then
    echo "      the dropper said:"; sed 's/^/        /' $E2E_WORK/dropper.log | tail -5
    echo "      the gate's journal:"; ns journalctl -u supportgate.service --no-pager -o cat | grep -v '^draft ' | tail -15 | sed 's/^/        /'
fi
check "each decision names the revision in force: the old one, then the reloaded one (every draft dropped after systemctl reload returned), switching once" grep -qx "order ok" $E2E_WORK/reload-check.txt
check "drafts went on being decided while the large directory loaded" grep -qx "during ok" $E2E_WORK/reload-check.txt
check "no gap over 1 s between decisions around the reload, at 40 % of a CPU" grep -qx "gap ok" $E2E_WORK/reload-check.txt
stop_systemd
