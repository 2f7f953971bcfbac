# The Debian package, as an operator uses it, in a throwaway root (overlays on /usr, /etc
# and /var/lib under the namespaced systemd): lintian finds no error; apt's dpkg installs
# it and the service is up; a submitter's draft is decided; the man page and completions
# are in place; an upgrade restarts the service and loses no draft; remove keeps
# /etc/supportgate and the spool; purge removes /etc/supportgate and never the results.
# The tenant directory is confidential (contract §7): installed 0640 root:supportgate, and
# an upgrade from 0.19.0 (which installed it 0644) takes the others' read away.
source "$(dirname "$0")/lib.sh"
trap stop_systemd EXIT
spool=/var/spool/supportgate
example="$E2E_ROOT/Config/examples"
packages="$E2E_WORK/packages"
mkdir -p "$packages"
# Built from the checkout, then copied into the stage: a checkout under /tmp is hidden in the namespace.
(cd "$E2E_CHECKOUT" && Scripts/package.sh) > "$packages/first" 2> "$E2E_WORK/package.log" || { tail -20 "$E2E_WORK/package.log"; fail "Scripts/package.sh builds the package"; exit 1; }
(cd "$E2E_CHECKOUT" && VERSION=0.20.0+upgrade1 Scripts/package.sh) > "$packages/second" 2>> "$E2E_WORK/package.log" || { fail "Scripts/package.sh builds a higher version"; exit 1; }
cp "$(cat "$packages/first")" "$(cat "$packages/second")" "$packages/"
first="$packages/$(basename "$(cat "$packages/first")")" second="$packages/$(basename "$(cat "$packages/second")")"
# 0.19.0 as it installed the directory: 0644 root:root, and a postinst without the step that
# fixes it. Repacked from this build (rebuilding 0.19.0 would double the build time), so its
# binary is this one, which refuses that directory: the old service is not up here; what is
# tested is that the upgrade's postinst fixes the mode and the gate then starts.
old="$packages/supportgate_0.19.0_amd64.deb"
rm -rf "$E2E_WORK/old-root"
dpkg-deb -R "$first" "$E2E_WORK/old-root"
sed -i 's/^Version: .*/Version: 0.19.0/' "$E2E_WORK/old-root/DEBIAN/control"
sed -i 's/^\t\tconfidential_directory "\$2"$/\t\t:/' "$E2E_WORK/old-root/DEBIAN/postinst"
chmod 0644 "$E2E_WORK/old-root/etc/supportgate/directory.json"
dpkg-deb --root-owner-group -Zxz --build "$E2E_WORK/old-root" "$old" > /dev/null
chmod 0644 "$first" "$second" "$old"
check "the repacked 0.19.0 has no step that fixes the mode, and ships the directory 0644" sh -c "! grep -q '^\s*confidential_directory \"' '$E2E_WORK/old-root/DEBIAN/postinst' && dpkg-deb -c '$old' | grep '^-rw-r--r-- root/root .* ./etc/supportgate/directory.json' >/dev/null"
check "this version's package ships it 0640" sh -c "dpkg-deb -c '$first' | grep '^-rw-r----- root/root .* ./etc/supportgate/directory.json' >/dev/null"
check "the package is named after GateVersion.current" sh -c "basename '$first' | grep -qx 'supportgate_$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' "$E2E_CHECKOUT/Sources/SupportGateCore/GateVersion.swift")_amd64.deb'"
check "lintian reports no errors (it exits 0, and ran: it names the package's warnings)" sh -c "lintian '$first' > $E2E_WORK/lintian 2>&1 && grep -q '^W: supportgate:' $E2E_WORK/lintian"

E2E_THROWAWAY_ROOT=1 boot_systemd || { fail "systemd boots in a throwaway root"; exit 1; }
# A build image's policy-rc.d forbids starting services; a machine the package is for has
# none (removed in the throwaway root only).
ns rm -f /usr/sbin/policy-rc.d
ns dpkg -i "$old" > "$E2E_WORK/dpkg-old.log" 2>&1 || { cat "$E2E_WORK/dpkg-old.log"; fail "dpkg -i installs the 0.19.0 package"; exit 1; }
check "0.19.0 left the directory 0644 root:root" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p stat -c '%a %U:%G' /etc/supportgate/directory.json)\" = '644 root:root' ]"
ns dpkg -i "$first" > "$E2E_WORK/dpkg.log" 2>&1 || { cat "$E2E_WORK/dpkg.log"; fail "dpkg -i upgrades 0.19.0 to this version"; exit 1; }
check "the upgrade from 0.19.0 made the directory 0640 root:supportgate" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p stat -c '%a %U:%G' /etc/supportgate/directory.json)\" = '640 root:supportgate' ]"
check "a submitter (uid 1003) cannot read the installed directory" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --clear-groups cat /etc/supportgate/directory.json >/dev/null 2>&1"
wait_until 20 ns systemctl is-active --quiet supportgate.service
check "upgraded, the service is up and enabled" sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl is-active --quiet supportgate.service && nsenter -t $SYSTEMD_PID -m -p systemctl is-enabled --quiet supportgate.service"
check "the retention timers (spool and ledger) are enabled" ns systemctl is-enabled --quiet supportgate-prune.timer supportgate-ledger-prune.timer
check "the binary is /usr/bin/supportgate and says its version" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p /usr/bin/supportgate --version)\" = \"\$(nsenter -t $SYSTEMD_PID -m -p dpkg-query -W -f '\${Version}' supportgate)\" ]"
check "the man page and the bash, zsh and fish completions are in place" ns sh -c "zcat /usr/share/man/man1/supportgate.1.gz | grep -q '^.Dt SUPPORTGATE 1' && test -s /usr/share/man/man1/supportgate.submit.1.gz && grep -q supportgate /usr/share/bash-completion/completions/supportgate && test -s /usr/share/zsh/vendor-completions/_supportgate && test -s /usr/share/fish/vendor_completions.d/supportgate.fish"
check "the configuration is a conffile in /etc/supportgate" ns sh -c "dpkg-query -W -f '\${Conffiles}' supportgate | grep -q /etc/supportgate/supportgate.toml"

sed 's/"draftId": "azure-billing-own"/"draftId": "pkg-first"/' "$example/azure-billing-own.draft.json" > "$E2E_WORK/pkg-first.json"
chmod 0644 "$E2E_WORK/pkg-first.json"
status=0; as_uid 1001 /usr/bin/supportgate submit --wait --timeout 30 "$E2E_WORK/pkg-first.json" > "$E2E_WORK/out" 2>&1 || status=$?
check "a submitter's draft is decided by the installed gate (submit --wait: exit 0, accepted)" sh -c "[ $status -eq 0 ] && grep -q ACCEPT $E2E_WORK/out"

# The upgrade, while drafts keep coming; an operator has made the directory stricter
# (0600, read by the gate through an ACL entry), which the upgrade keeps.
ns sh -c 'chmod 0600 /etc/supportgate/directory.json && setfacl -m u:supportgate:r /etc/supportgate/directory.json'
acl_before=$(ns getfacl --absolute-names /etc/supportgate/directory.json)
pid_before=$(ns systemctl show -p MainPID --value supportgate.service)
for n in $(seq 1 40); do
    sed "s/\"draftId\": \"azure-billing-own\"/\"draftId\": \"pkg-up-$n\"/" "$example/azure-billing-own.draft.json" > "$E2E_WORK/pkg-up-$n.json"
    chmod 0644 "$E2E_WORK/pkg-up-$n.json"
done
(for n in $(seq 1 40); do as_uid 1001 cp "$E2E_WORK/pkg-up-$n.json" "$spool/incoming/pkg-up-$n.json"; sleep 0.05; done) &
dropper=$!
ns dpkg -i "$second" > "$E2E_WORK/dpkg-upgrade.log" 2>&1 || { cat "$E2E_WORK/dpkg-upgrade.log"; fail "dpkg -i upgrades the package"; }
wait "$dropper"
check "the operator's stricter choice is kept across the upgrade" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p getfacl --absolute-names /etc/supportgate/directory.json)\" = \"\$1\" ]" sh "$acl_before"
wait_until 20 ns systemctl is-active --quiet supportgate.service
pid_after=$(ns systemctl show -p MainPID --value supportgate.service)
check "the upgrade installed the higher version and restarted the service" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p dpkg-query -W -f '\${Version}' supportgate)\" = 0.20.0+upgrade1 ] && [ '$pid_before' != '$pid_after' ] && [ '$pid_after' != 0 ]"
wait_until 30 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'ls $spool/accepted/$CONTOSO' | grep -c '^pkg-up-') -eq 40 ]"
check "no draft lost across the upgrade: all 40 decided, once each" sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'ls $spool/accepted/$CONTOSO' | grep -c '^pkg-up-') -eq 40 ] && [ \$(nsenter -t $SYSTEMD_PID -m -p find $spool/incoming $spool/processing -type f | wc -l) -eq 0 ]"

ns dpkg -r supportgate > "$E2E_WORK/dpkg-remove.log" 2>&1 || fail "dpkg -r removes the package"
check "removed: the service is stopped and the binary gone" sh -c "! nsenter -t $SYSTEMD_PID -m -p systemctl is-active --quiet supportgate.service && ! nsenter -t $SYSTEMD_PID -m -p test -e /usr/bin/supportgate"
check "removed: /etc/supportgate and the spool's results are kept" ns sh -c "test -s /etc/supportgate/supportgate.toml && test -s $spool/accepted/$CONTOSO/pkg-first.json"
ns dpkg -P supportgate > "$E2E_WORK/dpkg-purge.log" 2>&1 || { cat "$E2E_WORK/dpkg-purge.log" >&2; fail "dpkg -P purges the package"; }
check "purged: /etc/supportgate is gone" ns sh -c "! test -e /etc/supportgate/supportgate.toml"
check "purged: the spool's results are never removed" ns test -s "$spool/accepted/$CONTOSO/pkg-first.json"
check "purged: nothing of the package is left in dpkg's database" ns sh -c "! dpkg-query -W supportgate 2>/dev/null | grep -q ."
