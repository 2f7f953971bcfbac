# Metrics for Prometheus with Debian's real node_exporter: the shipped unit writes
# metrics.textfile into the exporter's textfile folder, the exporter (in a network
# namespace of its own, so port 9100 is never someone else's) serves it, and the scrape has
# the gate's series with the values of a known set of drafts.
source "$(dirname "$0")/lib.sh"
# A textfile folder of the test's own (the host's exporter folder is never touched), which a
# drop-in lets the hardened unit write, as docs/operations.md says for another folder.
textdir="$E2E_WORK/textfile"
exporter=$(command -v prometheus-node-exporter || true)
trap stop_systemd EXIT
if [[ -z "$exporter" ]]; then
    fail "Debian's prometheus-node-exporter is installed (Scripts/setup.sh installs it)"
    exit 1
fi
mkdir -p "$textdir"

boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
install_gate
spool=/var/spool/supportgate
example="$E2E_ROOT/Config/examples"
ns sh -c "printf '\n[metrics]\ntextfile = \"$textdir/supportgate.prom\"\nintervalSeconds = 1\n' >> /etc/supportgate/supportgate.toml"
setfacl -m u:supportgate:rwx "$textdir"
ns mkdir -p /run/systemd/system/supportgate.service.d
ns sh -c "printf '[Service]\nReadWritePaths=$textdir\n' > /run/systemd/system/supportgate.service.d/metrics.conf"
ns systemctl daemon-reload
ns systemctl start supportgate.service
wait_until 15 ns systemctl is-active --quiet supportgate.service
drop() { # drop ID EXAMPLE
    sed "s/\"draftId\": \"$2\"/\"draftId\": \"$1\"/" "$example/$2.draft.json" > "$E2E_WORK/$1.json"
    chmod 0644 "$E2E_WORK/$1.json"
    as_uid 1001 cp "$E2E_WORK/$1.json" "$spool/incoming/$1.json"
}
drop metric-a1 azure-billing-own
drop metric-a2 azure-billing-own
drop metric-r1 azure-own-tenant-csp
wait_until 15 ns test -e "$spool/rejected/$CONTOSO/metric-r1.json"
wait_until 15 ns test -e "$spool/accepted/$CONTOSO/metric-a2.json"
# Decided, and the originals archived (the backlog counts processing/ too).
wait_until 10 sh -c "grep -q 'supportgate_decisions_total{outcome=\"accepted\"} 2' $textdir/supportgate.prom && grep -q '^supportgate_backlog 0$' $textdir/supportgate.prom"
check "the gate writes the file, readable by the exporter, with no temporary left" \
    sh -c "[ \$(stat -c %a $textdir/supportgate.prom) = 644 ] && ! ls $textdir | grep -q '\.tmp$'"

unshare --net sh -c "ip link set lo up
    '$exporter' --collector.disable-defaults --collector.textfile --collector.textfile.directory='$textdir' --web.listen-address=127.0.0.1:9100 2> '$E2E_WORK/exporter.log' &
    pid=\$!
    for i in \$(seq 1 100); do curl -sf http://127.0.0.1:9100/metrics > '$E2E_WORK/scrape' && break; sleep 0.1; done
    kill \$pid; wait \$pid 2>/dev/null; true"
scrape="$E2E_WORK/scrape"
check "the exporter serves the scrape on 127.0.0.1:9100" test -s "$scrape"
check "it parsed the file without error" grep -q '^node_textfile_scrape_error 0' "$scrape"
check "decisions by outcome: 2 accepted, 1 rejected" sh -c "grep -q '^supportgate_decisions_total{outcome=\"accepted\"} 2$' $scrape && grep -q '^supportgate_decisions_total{outcome=\"rejected\"} 1$' $scrape"
check "by reason: OWN_TENANT_NOT_COVERED once, as an error" grep -q '^supportgate_reasons_total{code="OWN_TENANT_NOT_COVERED",severity="error"} 1$' "$scrape"
revision=$(ns journalctl -u supportgate -o json --no-pager | python3 -c "
import json, sys
for line in sys.stdin:
    e = json.loads(line)
    if e.get('MESSAGE_ID') == '5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f62': print(e['CONFIG_REVISION'])" | tail -1)
check "the configuration in use, as the journal names it" grep -q "^supportgate_config_info{config_revision=\"$revision\"} 1$" "$scrape"
check "the directory: 6 partners, 5 customers, and its load time" sh -c "grep -q '^supportgate_directory_partners 6$' $scrape && grep -q '^supportgate_directory_customers 5$' $scrape && grep -q '^supportgate_directory_load_seconds ' $scrape"
check "commit latency as a histogram, with at least one commit" python3 -c "
import re, sys
text = open('$scrape').read()
count = int(re.search(r'^supportgate_commit_seconds_count (\d+)$', text, re.M).group(1))
inf = int(re.search(r'^supportgate_commit_seconds_bucket\{le=\"\+Inf\"\} (\d+)$', text, re.M).group(1))
sys.exit(0 if count >= 1 and inf == count and '# TYPE supportgate_commit_seconds histogram' in text else 1)"
check "backlog, undelivered journal entries and the last decision time are there (faults have no series until one happens)" python3 -c "
import re, sys, time
text = open('$scrape').read()
def value(name):
    return float(re.search('^' + name + r' (\S+)$', text, re.M).group(1))
ok = value('supportgate_backlog') == 0 and value('supportgate_journal_undelivered_total') == 0
ok = ok and abs(value('supportgate_last_decision_timestamp_seconds') - time.time()) < 600
sys.exit(0 if ok else 1)"
ns sed -i '/^\[metrics\]/,$d' /etc/supportgate/supportgate.toml
ns systemctl reload supportgate.service
check "near miss: a reload that turns metrics off removes the file, so nothing frozen is served" sh -c "! test -e $textdir/supportgate.prom"
