# The forwarder's access to the spool (contract §8), under the shipped units, sysusers and
# tmpfiles in a real systemd: user supportgate-forward lists partners' shelves in accepted/
# and reads accepted results, and nothing else; its ACL entries widen no one else's access.
# Then the same from inside supportgate-forward.service's own sandbox (its ExecStart
# replaced by a probe: the forward command is not what is tested here), with the
# credentials it is handed, and the unit's systemd-analyze security score.
source "$(dirname "$0")/lib.sh"
started_at=$SECONDS
trap stop_systemd EXIT

boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
install_gate
spool=/var/spool/supportgate
example="$E2E_ROOT/Config/examples"
FABRIKAM=fab00000-0000-4000-8000-000000000003
as_forwarder() { ns setpriv --reuid=supportgate-forward --regid=supportgate-forward --init-groups "$@"; }
denied() { ! as_forwarder "$@" >/dev/null 2>&1; }   # denied COMMAND...: it fails as the forwarder
# drop UID ID [EXAMPLE] [PARTNER DOMAIN]: the example with draftId ID (for PARTNER, contact at DOMAIN), dropped by UID.
drop() {
    local uid=$1 id=$2 base=${3:-azure-billing-own} partner=${4:-$CONTOSO} domain=${5:-contoso.com}
    sed -e "s/\"draftId\": \"$base\"/\"draftId\": \"$id\"/" -e "s/$CONTOSO/$partner/" -e "s/@contoso.com/@$domain/" \
        "$example/$base.draft.json" > "$E2E_WORK/$id-$uid.json"
    chmod 0644 "$E2E_WORK/$id-$uid.json"
    as_uid "$uid" cp "$E2E_WORK/$id-$uid.json" "$spool/incoming/$id-$uid.json"
}

check "the forwarder's user exists and is in no group of the gate's (not supportgate-submit: it could drop drafts)" \
    sh -c "id supportgate-forward >/dev/null && ! id -nG supportgate-forward | tr ' ' '\n' | grep -qx 'supportgate-submit\|supportgate'"
check "tmpfiles: accepted/ lets the forwarder pass (user:supportgate-forward:--x), rejected/ does not" \
    sh -c "nsenter -t $SYSTEMD_PID -m -p getfacl -p $spool/accepted | grep -qx 'user:supportgate-forward:--x' && ! nsenter -t $SYSTEMD_PID -m -p getfacl -p $spool/rejected | grep -q supportgate-forward"
check "tmpfiles: filed/ is the forwarder's, 0711" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p stat -c '%U %a' $spool/filed)\" = 'supportgate-forward 711' ]"

ns systemctl start supportgate.service
drop 1001 fw-accepted
drop 1001 fw-rejected azure-own-tenant-csp
drop 1003 fw-fabrikam azure-billing-own $FABRIKAM fabrikam-partner.com
drop 1003 fw-accepted azure-billing-own $FABRIKAM fabrikam-partner.com   # Contoso's draft id, for Fabrikam
accepted="$spool/accepted/$CONTOSO/fw-accepted.json"
rejected="$spool/rejected/$CONTOSO/fw-rejected.json"
wait_until 20 ns test -e "$accepted" -a -e "$rejected" -a -e "$spool/accepted/$FABRIKAM/fw-fabrikam.json" -a -e "$spool/accepted/$FABRIKAM/fw-accepted.json"
check "the drafts are decided: three accepted (Contoso, Fabrikam twice), one rejected" ns test -e "$accepted" -a -e "$rejected" -a -e "$spool/accepted/$FABRIKAM/fw-fabrikam.json" -a -e "$spool/accepted/$FABRIKAM/fw-accepted.json"
# The ticket's name (contract §2), computed here by Python's own uuid5 in the documented namespace.
ticket_of() { ns python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["submission"]["path"].split("/supportTickets/")[1].split("?")[0])' "$1"; }
expected_name() { python3 -c 'import uuid, sys; print(uuid.uuid5(uuid.UUID("f0e1c4eb-59ba-4a31-a7aa-d2974464a3de"), sys.argv[1] + "/" + sys.argv[2]))' "$1" "$2"; }
contoso_ticket=$(ticket_of "$accepted"); fabrikam_ticket=$(ticket_of "$spool/accepted/$FABRIKAM/fw-accepted.json")
check "the same draft id for two partners names two tickets, each the documented v5 UUID ($contoso_ticket, $fabrikam_ticket)" \
    sh -c "[ '$contoso_ticket' = '$(expected_name $CONTOSO fw-accepted)' ] && [ '$fabrikam_ticket' = '$(expected_name $FABRIKAM fw-accepted)' ] && [ '$contoso_ticket' != '$fabrikam_ticket' ]"

# --- what the forwarder may do -----------------------------------------------------------
check "the forwarder lists a partner's shelf in accepted/ (to find new results)" sh -c "nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=supportgate-forward --regid=supportgate-forward --init-groups ls $spool/accepted/$CONTOSO | grep -qx fw-accepted.json"
check "and the other partner's" sh -c "nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=supportgate-forward --regid=supportgate-forward --init-groups ls $spool/accepted/$FABRIKAM | grep -qx fw-fabrikam.json"
check "the forwarder reads an accepted result, and its submission names the partner's cloud" \
    sh -c "nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=supportgate-forward --regid=supportgate-forward --init-groups cat $accepted | grep -q '\"cloud\": \"public\"'"
check "the forwarder writes in filed/ (its records)" as_forwarder sh -c "mkdir $spool/filed/$CONTOSO && echo '{}' > $spool/filed/$CONTOSO/probe.json"
# --- what it may not ---------------------------------------------------------------------
check "the forwarder cannot read a rejected result, even by its exact name" denied cat "$rejected"
check "nor list rejected/ or a partner's shelf there" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=supportgate-forward --regid=supportgate-forward --init-groups ls $spool/rejected $spool/rejected/$CONTOSO >/dev/null 2>&1"
for folder in incoming staging accepted "accepted/$CONTOSO"; do
    check "the forwarder cannot create a file in $folder/" denied sh -c "echo x > $spool/$folder/planted.json"
done
check "the forwarder cannot write an accepted result" denied sh -c "echo x >> $accepted"
check "nor replace or remove one" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=supportgate-forward --regid=supportgate-forward --init-groups sh -c 'mv $accepted $accepted.x || rm -f $accepted' 2>/dev/null && nsenter -t $SYSTEMD_PID -m -p test -s $accepted"
check "nor read a pending draft, processing/ or archive/" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=supportgate-forward --regid=supportgate-forward --init-groups sh -c 'ls $spool/processing || ls $spool/archive || ls $spool/incoming' >/dev/null 2>&1"
# --- its entries widened no one else's access -----------------------------------------------
check "Fabrikam's submitter still cannot read Contoso's accepted result" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups cat $accepted >/dev/null 2>&1"
check "nor list Contoso's shelf (the shelf's mask is r-x now, its entry still --x)" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups ls $spool/accepted/$CONTOSO >/dev/null 2>&1"
check "nor can Contoso's own submitters list it: they enter by exact name only" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1001 --regid=1001 --init-groups ls $spool/accepted/$CONTOSO >/dev/null 2>&1 && ! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1011 --regid=1011 --init-groups ls $spool/accepted/$CONTOSO >/dev/null 2>&1"
shelf_acl=$(ns getfacl -np "$spool/accepted/$CONTOSO")
check "the shelf's entries: forwarder r-x; submitters and groups --x; owning group and others none" sh -c '
    echo "$1" | grep -qx "user:$(id -u supportgate-forward):r-x" &&
    [ -z "$(echo "$1" | grep "^user:[0-9]" | grep -v "^user:$(id -u supportgate-forward):" | grep -v ":--x$")" ] &&
    [ -z "$(echo "$1" | grep "^group:[0-9]" | grep -v ":--x$")" ] &&
    echo "$1" | grep -qx "group::---" && echo "$1" | grep -qx "other::---"' sh "$shelf_acl"
result_acl=$(ns getfacl -np "$accepted")
check "the result's entries: dropper and forwarder r--, mask r--, no write for anyone but the gate" sh -c '
    echo "$1" | grep -qx "user:1001:r--" && echo "$1" | grep -qx "user:$(id -u supportgate-forward):r--" &&
    echo "$1" | grep -qx "mask::r--" && echo "$1" | grep -qx "other::---" &&
    [ -z "$(echo "$1" | grep "^\(user\|group\):[0-9]" | grep -v ":r--$")" ]' sh "$result_acl"
check "near miss: Contoso's dropper and its group still read the result" sh -c "nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1001 --regid=1001 --init-groups cat $accepted >/dev/null && nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1011 --regid=1011 --init-groups cat $accepted >/dev/null"
check "the rejected result's ACL names no forwarder" sh -c "! nsenter -t $SYSTEMD_PID -m -p getfacl -np $rejected | grep -q \"user:\$(id -u supportgate-forward):\""

# --- inside the forwarder's own unit -------------------------------------------------------
# Its credentials folder with one partner's file (a canary, root's, 0600), then the unit
# with a probe for its ExecStart: what it finds in $CREDENTIALS_DIRECTORY, what it can reach.
shared_run   # LoadCredential= in the namespaced systemd (lib.sh says why)
canary="canary-$RANDOM$RANDOM"
ns sh -c "umask 077; printf '{\"clientId\": \"c\", \"clientSecret\": \"$canary\"}' > /etc/supportgate/credentials/$CONTOSO.json"
cat > "$E2E_WORK/probe.sh" <<PROBE
#!/bin/sh
out=$spool/filed/probe.txt
{
  echo "user=\$(id -un)"
  echo "creds=\$(ls "\$CREDENTIALS_DIRECTORY" | tr '\n' ' ')"
  grep -q '$canary' "\$CREDENTIALS_DIRECTORY/credentials_$CONTOSO.json" && echo "creds-read=yes"
  ls $spool/accepted/$CONTOSO | grep -qx fw-accepted.json && echo "list=yes"
  grep -q '"decision": "accept"' $accepted && echo "read=yes"
  cat $rejected >/dev/null 2>&1 && echo "rejected-read=YES"
  ls /etc/supportgate/credentials >/dev/null 2>&1 && echo "credentials-folder=YES"
  cat /etc/supportgate/directory.json >/dev/null 2>&1 && echo "directory=YES"
  touch $spool/accepted/$CONTOSO/planted.json 2>/dev/null && echo "planted=YES"
  touch $spool/incoming/planted.json 2>/dev/null && echo "dropped=YES"
  touch /var/lib/supportgate-forward/state 2>/dev/null && echo "state=yes"
  touch /etc/supportgate/x 2>/dev/null && echo "etc=YES"
} > \$out
PROBE
ns install -m 0755 "$E2E_WORK/probe.sh" /usr/local/bin/forward-probe.sh
ns mkdir -p /run/systemd/system/supportgate-forward.service.d
printf '[Service]\nType=oneshot\nRestart=no\nWatchdogSec=0\nExecStart=\nExecStart=/usr/local/bin/forward-probe.sh\n' > "$E2E_WORK/probe.conf"
ns install -m 0644 "$E2E_WORK/probe.conf" /run/systemd/system/supportgate-forward.service.d/probe.conf
ns systemctl daemon-reload
ns systemctl start supportgate-forward.service 2>/dev/null  # the probe exits 1: its last touch is refused, as it must be
probe=$(ns cat $spool/filed/probe.txt 2>/dev/null)
echo "$probe" | sed 's/^/      probe: /'
check "the unit runs as supportgate-forward" sh -c "echo '$probe' | grep -qx 'user=supportgate-forward'"
check "each file of the credentials folder is \$CREDENTIALS_DIRECTORY/credentials_<file>, readable by the unit" \
    sh -c "echo '$probe' | grep -qx 'creds=credentials_$CONTOSO.json ' && echo '$probe' | grep -qx 'creds-read=yes'"
check "under the unit it lists the shelf and reads the accepted result" sh -c "echo '$probe' | grep -qx list=yes && echo '$probe' | grep -qx read=yes"
check "its state directory is writable" sh -c "echo '$probe' | grep -qx state=yes && [ \"\$(nsenter -t $SYSTEMD_PID -m -p stat -c %a /var/lib/supportgate-forward)\" = 700 ]"
check "under the unit it reads no rejection, neither the credentials folder nor the tenant directory, and writes neither results, drafts nor /etc" \
    sh -c "! echo '$probe' | grep -q YES"
check "the canary secret is in no journal entry of the unit" sh -c "! nsenter -t $SYSTEMD_PID -m -p journalctl -o json --no-pager | grep -q '$canary'"
ns rm -f /run/systemd/system/supportgate-forward.service.d/probe.conf
ns systemctl daemon-reload

# The shipped unit itself: it loads, and how exposed it is (docs/operations.md).
verify_output=$(ns systemd-analyze verify /run/systemd/system/supportgate-forward.service 2>&1 | grep -v "supportgate forward" )
check "systemd-analyze verify of supportgate-forward.service is clean" test -z "$verify_output"
[ -z "$verify_output" ] || echo "$verify_output" | sed 's/^/      /'
exposure=$(ns systemd-analyze security --offline=true /run/systemd/system/supportgate-forward.service 2>&1 | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
echo "      supportgate-forward.service exposure: $exposure"
check "exposure $exposure <= 2.5 (networking allowed)" awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 2.5) }'
check "the gate keeps PrivateNetwork=yes" sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl show -p PrivateNetwork --value supportgate.service | grep -qx yes"
echo "  (t-82 took $((SECONDS - started_at)) s)"
