# The Debian package, as an operator uses it, in a throwaway root (overlays on /usr, /etc
# and /var/lib under the namespaced systemd): lintian finds no error; apt's dpkg installs
# it and the service is up; a submitter's draft is decided; the man page and completions
# are in place; an upgrade restarts the service and loses no draft; remove keeps
# /etc/supportgate and the spool; purge removes /etc/supportgate and never the results.
source "$(dirname "$0")/lib.sh"
trap stop_systemd EXIT
spool=/var/spool/supportgate
example="$E2E_ROOT/Config/examples"
packages="$E2E_WORK/packages"
mkdir -p "$packages"
# Built from the checkout, then copied into the stage: a checkout under /tmp is hidden in the namespace.
(cd "$E2E_CHECKOUT" && Scripts/package.sh) > "$packages/first" 2> "$E2E_WORK/package.log" || { tail -20 "$E2E_WORK/package.log"; fail "Scripts/package.sh builds the package"; exit 1; }
(cd "$E2E_CHECKOUT" && VERSION=0.19.0+upgrade1 Scripts/package.sh) > "$packages/second" 2>> "$E2E_WORK/package.log" || { fail "Scripts/package.sh builds a higher version"; exit 1; }
cp "$(cat "$packages/first")" "$(cat "$packages/second")" "$packages/"
first="$packages/$(basename "$(cat "$packages/first")")" second="$packages/$(basename "$(cat "$packages/second")")"
chmod 0644 "$first" "$second"
check "the package is named after GateVersion.current" sh -c "basename '$first' | grep -qx 'supportgate_$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' "$E2E_CHECKOUT/Sources/SupportGateCore/GateVersion.swift")_amd64.deb'"
check "lintian reports no errors (it exits 0, and ran: it names the package's warnings)" sh -c "lintian '$first' > $E2E_WORK/lintian 2>&1 && grep -q '^W: supportgate:' $E2E_WORK/lintian"

E2E_THROWAWAY_ROOT=1 boot_systemd || { fail "systemd boots in a throwaway root"; exit 1; }
# A build image's policy-rc.d forbids starting services; a machine the package is for has
# none (removed in the throwaway root only).
ns rm -f /usr/sbin/policy-rc.d
ns dpkg -i "$first" > "$E2E_WORK/dpkg.log" 2>&1 || { cat "$E2E_WORK/dpkg.log"; fail "dpkg -i installs the package"; exit 1; }
wait_until 20 ns systemctl is-active --quiet supportgate.service
check "installed, the service is up and enabled" sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl is-active --quiet supportgate.service && nsenter -t $SYSTEMD_PID -m -p systemctl is-enabled --quiet supportgate.service"
check "the retention timer is enabled" ns systemctl is-enabled --quiet supportgate-prune.timer
check "the binary is /usr/bin/supportgate and says its version" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p /usr/bin/supportgate --version)\" = \"\$(nsenter -t $SYSTEMD_PID -m -p dpkg-query -W -f '\${Version}' supportgate)\" ]"
check "the man page and the bash, zsh and fish completions are in place" ns sh -c "zcat /usr/share/man/man1/supportgate.1.gz | grep -q '^.Dt SUPPORTGATE 1' && test -s /usr/share/man/man1/supportgate.submit.1.gz && grep -q supportgate /usr/share/bash-completion/completions/supportgate && test -s /usr/share/zsh/vendor-completions/_supportgate && test -s /usr/share/fish/vendor_completions.d/supportgate.fish"
check "the configuration is a conffile in /etc/supportgate" ns sh -c "dpkg-query -W -f '\${Conffiles}' supportgate | grep -q /etc/supportgate/supportgate.toml"

sed 's/"draftId": "azure-billing-own"/"draftId": "pkg-first"/' "$example/azure-billing-own.draft.json" > "$E2E_WORK/pkg-first.json"
chmod 0644 "$E2E_WORK/pkg-first.json"
status=0; as_uid 1001 /usr/bin/supportgate submit --wait --timeout 30 "$E2E_WORK/pkg-first.json" > "$E2E_WORK/out" 2>&1 || status=$?
check "a submitter's draft is decided by the installed gate (submit --wait: exit 0, accepted)" sh -c "[ $status -eq 0 ] && grep -q ACCEPT $E2E_WORK/out"

# The upgrade, while drafts keep coming.
pid_before=$(ns systemctl show -p MainPID --value supportgate.service)
for n in $(seq 1 40); do
    sed "s/\"draftId\": \"azure-billing-own\"/\"draftId\": \"pkg-up-$n\"/" "$example/azure-billing-own.draft.json" > "$E2E_WORK/pkg-up-$n.json"
    chmod 0644 "$E2E_WORK/pkg-up-$n.json"
done
(for n in $(seq 1 40); do as_uid 1001 cp "$E2E_WORK/pkg-up-$n.json" "$spool/incoming/pkg-up-$n.json"; sleep 0.05; done) &
dropper=$!
ns dpkg -i "$second" > "$E2E_WORK/dpkg-upgrade.log" 2>&1 || { cat "$E2E_WORK/dpkg-upgrade.log"; fail "dpkg -i upgrades the package"; }
wait "$dropper"
wait_until 20 ns systemctl is-active --quiet supportgate.service
pid_after=$(ns systemctl show -p MainPID --value supportgate.service)
check "the upgrade installed the higher version and restarted the service" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p dpkg-query -W -f '\${Version}' supportgate)\" = 0.19.0+upgrade1 ] && [ '$pid_before' != '$pid_after' ] && [ '$pid_after' != 0 ]"
wait_until 30 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'ls $spool/accepted/$CONTOSO' | grep -c '^pkg-up-') -eq 40 ]"
check "no draft lost across the upgrade: all 40 decided, once each" sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'ls $spool/accepted/$CONTOSO' | grep -c '^pkg-up-') -eq 40 ] && [ \$(nsenter -t $SYSTEMD_PID -m -p find $spool/incoming $spool/processing -type f | wc -l) -eq 0 ]"

ns dpkg -r supportgate > "$E2E_WORK/dpkg-remove.log" 2>&1 || fail "dpkg -r removes the package"
check "removed: the service is stopped and the binary gone" sh -c "! nsenter -t $SYSTEMD_PID -m -p systemctl is-active --quiet supportgate.service && ! nsenter -t $SYSTEMD_PID -m -p test -e /usr/bin/supportgate"
check "removed: /etc/supportgate and the spool's results are kept" ns sh -c "test -s /etc/supportgate/supportgate.toml && test -s $spool/accepted/$CONTOSO/pkg-first.json"
ns dpkg -P supportgate > "$E2E_WORK/dpkg-purge.log" 2>&1 || { cat "$E2E_WORK/dpkg-purge.log" >&2; fail "dpkg -P purges the package"; }
check "purged: /etc/supportgate is gone" ns sh -c "! test -e /etc/supportgate/supportgate.toml"
check "purged: the spool's results are never removed" ns test -s "$spool/accepted/$CONTOSO/pkg-first.json"
check "purged: nothing of the package is left in dpkg's database" ns sh -c "! dpkg-query -W supportgate 2>/dev/null | grep -q ."
