# supportgate forward --once against the real gate's results under a real systemd: a Partner
# Center draft of Contoso's submitter (uid 1001) gets a manual record that its dropper may
# read and Fabrikam's submitter (uid 1003) may not (the result's ACL, copied); a result
# planted on Contoso's shelf by anyone but the gate is never filed and is journaled; a link
# request is applied. The forwarder runs as root here (its own user and unit come with the
# gate's side of issue 24); without the HTTPS client no Azure draft is dropped.
source "$(dirname "$0")/lib.sh"
started_at=$SECONDS
trap stop_systemd EXIT

boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
install_gate
spool=/var/spool/supportgate
ns install -d -m 0711 "$spool/filed"
ns install -d -m 0700 /var/lib/supportgate-forward /etc/supportgate/credentials
printf '{"clientId": "e2e-app", "clientSecret": "CANARY-e2e-secret"}\n' > "$E2E_WORK/creds.json"
ns install -m 0600 "$E2E_WORK/creds.json" "/etc/supportgate/credentials/$CONTOSO.json"
cat "$E2E_WORK/supportgate.toml" - > "$E2E_WORK/forward.toml" <<TOML

[forward]
since = "2026-01-01T00:00:00Z"
TOML
ns install -m 0644 "$E2E_WORK/forward.toml" /etc/supportgate/forward.toml
ns systemctl start supportgate.service

example="$E2E_ROOT/Config/examples/office365-technical-customer.draft.json"
cp "$example" "$E2E_WORK/o365.json"; chmod 0644 "$E2E_WORK/o365.json"
as_uid 1001 cp "$E2E_WORK/o365.json" "$spool/incoming/o365.json"
result="$spool/accepted/$CONTOSO/office365-technical-customer.json"
wait_until 15 ns test -e "$result"
check "the gate accepted the Partner Center draft" ns test -e "$result"
# Planted: a copy of the gate's result under another id, owned by Fabrikam's submitter.
ns sh -c "sed 's/office365-technical-customer/planted-by-1003/g' '$result' > '$spool/accepted/$CONTOSO/planted-by-1003.json' && chown 1003:1003 '$spool/accepted/$CONTOSO/planted-by-1003.json'"

cursor=$(ns journalctl --show-cursor -n 0 -o cat | sed -n 's/^-- cursor: //p')
ns /usr/local/bin/supportgate forward --config /etc/supportgate/forward.toml --once --log journal
code=$?
check "forward --once exits 0" test "$code" -eq 0
record="$spool/filed/$CONTOSO/office365-technical-customer.json"
check "the Partner Center draft has a manual record" sh -c "nsenter -t $SYSTEMD_PID -m -p cat '$record' | grep -q '\"state\": \"manual\"'"
check "its dropper (uid 1001) reads the record, as it reads the result" as_uid 1001 sh -c "cat '$record' >/dev/null"
check "Fabrikam's submitter (uid 1003) cannot read it" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups cat '$record' >/dev/null 2>&1"
check "the planted result was not filed" sh -c "! nsenter -t $SYSTEMD_PID -m -p test -e '$spool/filed/$CONTOSO/planted-by-1003.json'"
# Entries written after the run began. journalctl here finds nothing for a field match given with a cursor, so grep instead.
after_run() { ns journalctl --after-cursor="$cursor" -o json | grep "\"MESSAGE_ID\":\"$1\""; }
check "the journal says why, after this run" sh -c "$(declare -f ns after_run); SYSTEMD_PID=$SYSTEMD_PID cursor='$cursor' after_run 5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f87 | grep -q 'owned by uid 1003'"
check "the manual filing is journaled with its own MESSAGE_ID" sh -c "$(declare -f ns after_run); SYSTEMD_PID=$SYSTEMD_PID cursor='$cursor' after_run 5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f82 | grep -q '\"DRAFT_ID\":\"office365-technical-customer\"'"

ns /usr/local/bin/supportgate filed link office365-technical-customer 616122292874576 --config /etc/supportgate/forward.toml >/dev/null
ns /usr/local/bin/supportgate forward --config /etc/supportgate/forward.toml --once --log journal
check "the link is applied to the record" sh -c "nsenter -t $SYSTEMD_PID -m -p cat '$record' | grep -q '\"ticketId\": \"616122292874576\"'"
check "the canary secret is in no record and no journal entry" sh -c "! nsenter -t $SYSTEMD_PID -m -p sh -c 'cat $spool/filed/*/*.json; journalctl -o json' | grep -q CANARY-e2e"
echo "  t-90-forward: $((SECONDS - started_at)) s"
