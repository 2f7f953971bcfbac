#!/usr/bin/env bash
# The end-to-end tests: the real daemon, a real systemd 252 with journald, real files.
# Needs root (namespaces, users, sysctl). Prints "end-to-end: N passed, M failed".
#   Tests/EndToEnd/run.sh            all of them
#   Tests/EndToEnd/run.sh crash      only t-*crash*.sh
set -uo pipefail
filter="${1:-}"
cd "$(dirname "$0")"
source ./lib.sh
export E2E_WORK E2E_RESULTS
: > "$E2E_RESULTS"

(cd "$E2E_ROOT" && swift build --product supportgate >/dev/null) || { echo "build failed"; exit 1; }
export E2E_BIN

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

status=0
for test in t-*${filter}*.sh; do
    echo "== $test"
    bash "$test" || status=1
done
summary || status=1
rm -f "$E2E_RESULTS"
exit $status
