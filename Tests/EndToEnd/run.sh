#!/usr/bin/env bash
# The end-to-end tests: the real daemon, a real systemd 252 with journald, real files.
# Needs root (namespaces, users, sysctl). Prints "end-to-end: N passed, M failed".
#   Tests/EndToEnd/run.sh            all of them
#   Tests/EndToEnd/run.sh crash      only t-*crash*.sh
set -uo pipefail
filter="${1:-}"
cd "$(dirname "$0")"
repo="$(cd ../.. && pwd)"
(cd "$repo" && swift build --product supportgate >/dev/null) || { echo "build failed"; exit 1; }
binary="$(cd "$repo" && swift build --show-bin-path)/supportgate"
source ./stage.sh
stage_gate "$repo" "$binary" || exit 1
trap 'rm -rf "$E2E_STAGE"' EXIT
trap 'exit 130' INT TERM
export E2E_STAGE
# The checkout itself, for the package test's build (read as root; it may be under /tmp).
export E2E_CHECKOUT="$repo"
source ./lib.sh
: > "$E2E_RESULTS"
echo "staged in $E2E_STAGE (checkout: $repo)"

# Users, as an installation creates them: the gate's own (sysusers.d) and two submitters:
# uid 1001 files for Contoso, uid 1003 for Fabrikam (see Config/directory.json).
systemd-sysusers "$E2E_ROOT/systemd/supportgate.sysusers" >/dev/null
for entry in "1001 sgtest-contoso" "1003 sgtest-fabrikam"; do
    read -r uid name <<< "$entry"
    if ! getent passwd "$uid" >/dev/null; then
        useradd --uid "$uid" --no-create-home --shell /usr/sbin/nologin "$name"
    fi
    usermod -a -G supportgate-submit "$(getent passwd "$uid" | cut -d: -f1)"
done
# uid 1011 files for Contoso through its group contoso-support, not by its uid.
getent group contoso-support >/dev/null || groupadd contoso-support
getent passwd 1011 >/dev/null || useradd --uid 1011 --no-create-home --shell /usr/sbin/nologin sgtest-contoso-team
usermod -a -G supportgate-submit,contoso-support "$(getent passwd 1011 | cut -d: -f1)"
# uid 1012 is a second Contoso submitter by its uid alone, not in contoso-support: a colleague
# of 1001 that the tests that need one add to Contoso's "uids" in their copy of the directory.
getent passwd 1012 >/dev/null || useradd --uid 1012 --no-create-home --shell /usr/sbin/nologin sgtest-contoso-second
usermod -a -G supportgate-submit "$(getent passwd 1012 | cut -d: -f1)"

status=0
for test in t-*${filter}*.sh; do
    echo "== $test"
    bash "$test" || status=1
done
summary || status=1
exit $status
