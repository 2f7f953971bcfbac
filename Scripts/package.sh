#!/usr/bin/env bash
# Builds the Debian package dist/supportgate_<version>_amd64.deb with dpkg-deb: the release
# binary (Swift's runtime linked in, so the machine needs no toolchain), the units, tmpfiles.d
# and sysusers.d, man pages and bash, zsh and fish completions (from swift-argument-parser),
# /usr/share/doc (README, docs/, the example configuration) and a default /etc/supportgate/
# marked as conffiles. The version is GateVersion.current unless VERSION is set (a test
# builds a higher one to upgrade to).
#
#   Scripts/package.sh                 # dist/supportgate_0.20.0_amd64.deb
#   VERSION=0.20.0+test1 Scripts/package.sh
#   lintian dist/supportgate_*_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
gate_version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/SupportGateCore/GateVersion.swift)
version=${VERSION:-$gate_version}
[[ -n "$version" ]] || { echo "package.sh: no version in Sources/SupportGateCore/GateVersion.swift" >&2; exit 2; }
scratch=.build-package
echo "package.sh: building supportgate $version (release, Swift runtime linked in)" >&2
flags=(-c release --static-swift-stdlib --scratch-path "$scratch")
swift build "${flags[@]}" --product supportgate >&2
bin="$(swift build "${flags[@]}" --show-bin-path)/supportgate"
[[ "$("$bin" --version)" == "$gate_version" ]] \
    || { echo "package.sh: the binary's --version is not GateVersion.current" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
chmod 0755 "$root"
install -D -m 0755 "$bin" "$root/usr/bin/supportgate"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/supportgate"
# No RUNPATH into the toolchain: the runtime is linked in, and the machine has no /opt/swift.
patchelf --remove-rpath "$root/usr/bin/supportgate"
# From here on the installed copy: the manual plugin below rebuilds the scratch binary
# without the runtime linked in.
installed="$root/usr/bin/supportgate"

# The units as shipped, with the package's paths.
for unit in supportgate.service supportgate-forward.service supportgate-prune.service supportgate-prune.timer supportgate-ledger-prune.service supportgate-ledger-prune.timer; do
    install -d "$root/lib/systemd/system"
    sed -e 's#/usr/local/bin/supportgate#/usr/bin/supportgate#g' -e 's#/usr/local/share/doc/supportgate#/usr/share/doc/supportgate#g' \
        "systemd/$unit" > "$root/lib/systemd/system/$unit"
    chmod 0644 "$root/lib/systemd/system/$unit"
done
install -D -m 0644 systemd/supportgate.tmpfiles "$root/usr/lib/tmpfiles.d/supportgate.conf"
install -D -m 0644 systemd/supportgate.sysusers "$root/usr/lib/sysusers.d/supportgate.conf"

# The default configuration: the example, its directory beside it in /etc/supportgate. The
# directory is confidential (contract §7): 0640, unpacked root:root, and postinst gives it to
# the group supportgate once sysusers has made it.
install -d -m 0755 "$root/etc/supportgate"
sed 's#^directory = .*#directory = "/etc/supportgate/directory.json"#' Config/supportgate.toml > "$root/etc/supportgate/supportgate.toml"
install -m 0640 Config/directory.json "$root/etc/supportgate/directory.json"
chmod 0644 "$root/etc/supportgate/supportgate.toml"

# Man pages, one per command (swift-argument-parser's generate-manual plugin writes them in
# the scratch folder), and the completions.
man="$scratch/plugins/GenerateManual/outputs/supportgate"
rm -rf "$man"
swift package --scratch-path "$scratch" --allow-writing-to-package-directory generate-manual --multi-page \
    --date "$(git log -1 --format=%cs 2>/dev/null || date +%F)" >&2
install -d "$root/usr/share/man/man1"
for page in "$man"/*.1; do
    gzip -9n < "$page" > "$root/usr/share/man/man1/$(basename "$page").gz"
done
[[ -f "$root/usr/share/man/man1/supportgate.1.gz" ]] || { echo "package.sh: no supportgate.1 from generate-manual" >&2; exit 1; }
chmod 0644 "$root"/usr/share/man/man1/*
install -d "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" "$root/usr/share/fish/vendor_completions.d"
"$installed" --generate-completion-script bash | sed '1{/^#!/d}' > "$root/usr/share/bash-completion/completions/supportgate"
"$installed" --generate-completion-script zsh > "$root/usr/share/zsh/vendor-completions/_supportgate"
"$installed" --generate-completion-script fish > "$root/usr/share/fish/vendor_completions.d/supportgate.fish"
chmod 0644 "$root/usr/share/bash-completion/completions/supportgate" "$root/usr/share/zsh/vendor-completions/_supportgate" "$root/usr/share/fish/vendor_completions.d/supportgate.fish"

# One lintian override, with its reason: AsyncHTTPClient (the forwarder's HTTPS client) pulls
# in swift-nio-extras' HTTP compression, which vendors zlib under prefixed names
# (cnioextras_z_*) and links it into the binary; decompression is disabled in the client, and
# no shared libz could take its place without patching that package.
install -D -m 0644 Scripts/debian/lintian-overrides "$root/usr/share/lintian/overrides/supportgate"

# Documentation.
doc="$root/usr/share/doc/supportgate"
install -d "$doc/docs" "$doc/examples"
install -m 0644 README.md "$doc/README.md"
install -m 0644 docs/*.md "$doc/docs/"
install -m 0644 Config/supportgate.toml Config/directory.json "$doc/examples/"
install -m 0644 Config/examples/*.json "$doc/examples/"
install -m 0644 Scripts/debian/copyright "$doc/copyright"
date=$(git log -1 --format=%cD 2>/dev/null || date -R)
printf 'supportgate (%s) unstable; urgency=medium\n\n  * Built from %s.\n\n -- supportgate developers <supportgate@example.org>  %s\n' \
    "$version" "$(git rev-parse --short HEAD 2>/dev/null || echo 'a source tree')" "$date" | gzip -9n > "$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"

# Control: the libraries the binary links, by the Debian packages that hold them.
install -d -m 0755 "$root/DEBIAN"
depends=()
for library in $(objdump -p "$installed" | awk '/NEEDED/{print $2}'); do
    holder=$(dpkg -S "/lib/x86_64-linux-gnu/$library" 2>/dev/null || dpkg -S "/usr/lib/x86_64-linux-gnu/$library" 2>/dev/null \
        || dpkg -S "/lib64/$library" 2>/dev/null) || { echo "package.sh: no Debian package holds $library" >&2; exit 1; }
    depends+=("$(head -1 <<< "$holder" | cut -d: -f1)")
done
depends=$(printf '%s\n' "${depends[@]}" | sort -u | paste -sd, | sed 's/,/, /g')
cat > "$root/DEBIAN/control" <<CONTROL
Package: supportgate
Version: $version
Architecture: amd64
Maintainer: supportgate developers <supportgate@example.org>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends, systemd, acl
Suggests: prometheus-node-exporter
Section: admin
Priority: optional
Description: gate in front of CSP support-ticket submission
 supportgate watches a spool folder into which a Microsoft Cloud Solution
 Provider partner's tools drop drafts of support requests. It decides accept
 or reject against the partner's tenant directory and support entitlements,
 writes a result file that explains every rejection, and logs each decision
 to the systemd journal.
CONTROL
printf '/etc/supportgate/supportgate.toml\n/etc/supportgate/directory.json\n' > "$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do
    install -m 0755 "Scripts/debian/$script" "$root/DEBIAN/$script"
done
(cd "$root" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -print0 | sort -z | xargs -0 md5sum | sed 's#  \./#  #') > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"

mkdir -p dist
deb="dist/supportgate_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >&2
echo "$repo/$deb"
