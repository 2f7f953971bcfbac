# Shared by the end-to-end tests: assertions, a systemd in its own PID and mount
# namespace, and a spool with the daemon run directly. Source it; do not run it.
set -uo pipefail

# The tests never use the checkout, which may be anywhere (stage.sh says why): E2E_ROOT
# is the staged copy of Config/ and systemd/, E2E_WORK the scratch space beside it.
if [ -z "${E2E_STAGE:-}" ] || [ ! -x "$E2E_STAGE/bin/supportgate" ]; then
    echo "end-to-end: no staged gate; run the tests through Tests/EndToEnd/run.sh [FILTER]" >&2
    exit 2
fi
E2E_ROOT="$E2E_STAGE/repo"
E2E_WORK="$E2E_STAGE/work"
E2E_BIN="$E2E_STAGE/bin/supportgate"
E2E_RESULTS="$E2E_STAGE/results"
E2E_PASSED=${E2E_PASSED:-0}
E2E_FAILED=${E2E_FAILED:-0}
SYSTEMD_PID=""
DAEMON_PID=""

pass() { echo "  ok   $*"; echo "pass" >> "$E2E_RESULTS"; }
fail() { echo "  FAIL $*"; echo "fail" >> "$E2E_RESULTS"; }
check() { # check "what" command...
    local what="$1"; shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

# wait_until SECONDS command...: polls every 0.1 s.
wait_until() {
    local limit=$1; shift
    local deadline=$((SECONDS + limit))
    while ((SECONDS < deadline)); do
        "$@" && return 0
        sleep 0.1
    done
    "$@"
}

# --- systemd 252 as PID 1 of a new PID and mount namespace -------------------
# Everything it changes lives in tmpfs mounts private to the namespace: /run, /tmp and
# /var/tmp (its tmpfiles.d would otherwise empty the host's), the spool, the ledger, /usr/local/bin
# (where the unit expects the binary), /etc/supportgate, the forwarder's state and the journal. Killing
# SYSTEMD_PID ends the namespace and all of it.
# With E2E_THROWAWAY_ROOT=1, /usr, /etc, /var/lib, /var/log and /var/cache are overlays
# whose changes live in a tmpfs too: a package installed with dpkg inside (t-80) leaves the
# host as it was (its database, its logs and man-db's cache included).
boot_systemd() {
    mkdir -p /etc/supportgate /var/spool/supportgate /var/lib/supportgate /var/lib/supportgate-forward /var/log/journal
    E2E_THROWAWAY_ROOT=${E2E_THROWAWAY_ROOT:-0} unshare --fork --pid --mount --mount-proc --propagation private sh -c '
        if [ "$E2E_THROWAWAY_ROOT" = 1 ]; then
            mount -t tmpfs tmpfs /mnt
            for folder in usr etc var/lib var/log var/cache; do
                mkdir -p "/mnt/$folder.upper" "/mnt/$folder.work"
                mount -t overlay overlay -o "lowerdir=/$folder,upperdir=/mnt/$folder.upper,workdir=/mnt/$folder.work" "/$folder"
            done
        fi
        mount -t tmpfs tmpfs /run
        mount -t tmpfs tmpfs /tmp
        mount -t tmpfs tmpfs /var/tmp
        mount -t tmpfs tmpfs /var/spool/supportgate
        # Under the overlays these are already private, and a package must be able to remove them.
        if [ "$E2E_THROWAWAY_ROOT" != 1 ]; then
            mount -t tmpfs tmpfs /var/lib/supportgate
            mount -t tmpfs tmpfs /var/lib/supportgate-forward
            mount -t tmpfs tmpfs /usr/local/bin
            mount -t tmpfs tmpfs /etc/supportgate
        fi
        mount -t tmpfs tmpfs /var/log/journal
        exec /lib/systemd/systemd --system --unit=basic.target' >/dev/null 2>&1 &
    local unshare_pid=$!
    local child=""
    for _ in $(seq 1 100); do
        child=$(pgrep -P "$unshare_pid" -f "systemd --system" | head -n 1)
        [ -n "$child" ] && break
        sleep 0.1
    done
    SYSTEMD_PID="$child"
    [ -n "$SYSTEMD_PID" ] || { echo "systemd did not start"; return 1; }
    wait_until 30 sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl is-system-running 2>/dev/null | grep -qE 'running|degraded'"
}

ns() { nsenter -t "$SYSTEMD_PID" -m -p "$@"; }

stop_systemd() {
    stop_microsoft_doubles
    [ -n "$SYSTEMD_PID" ] && kill -9 "$SYSTEMD_PID" 2>/dev/null
    SYSTEMD_PID=""
}

# Installs the binary, the units (the gate, and the services and timers of the spool's and the
# ledger's retention), tmpfiles.d,
# and the example configuration pointing at
# /etc/supportgate/directory.json and /var/spool/supportgate, inside the namespace.
install_gate() {
    ns install -m 0755 "$E2E_BIN" /usr/local/bin/supportgate
    ns install -m 0644 "$E2E_ROOT/systemd/supportgate.service" /run/systemd/system/supportgate.service
    ns install -m 0644 "$E2E_ROOT/systemd/supportgate-forward.service" /run/systemd/system/supportgate-forward.service
    ns install -m 0644 "$E2E_ROOT/systemd/supportgate-prune.service" /run/systemd/system/supportgate-prune.service
    ns install -m 0644 "$E2E_ROOT/systemd/supportgate-prune.timer" /run/systemd/system/supportgate-prune.timer
    ns install -m 0644 "$E2E_ROOT/systemd/supportgate-ledger-prune.service" /run/systemd/system/supportgate-ledger-prune.service
    ns install -m 0644 "$E2E_ROOT/systemd/supportgate-ledger-prune.timer" /run/systemd/system/supportgate-ledger-prune.timer
    # Confidential, as the package installs it (contract §7): the gate refuses it readable by others.
    ns install -m 0640 -o root -g supportgate "$E2E_ROOT/Config/directory.json" /etc/supportgate/directory.json
    sed -e 's#^directory = .*#directory = "/etc/supportgate/directory.json"#' \
        "$E2E_ROOT/Config/supportgate.toml" > "$E2E_WORK/supportgate.toml"
    ns install -m 0644 "$E2E_WORK/supportgate.toml" /etc/supportgate/supportgate.toml
    ns systemd-tmpfiles --create "$E2E_ROOT/systemd/supportgate.tmpfiles"
    ns systemctl daemon-reload
}

# own_slice: the gate in a slice of this run's own. Gates of tests run at once on one host
# (the namespaced systemds share the host's cgroup tree) would otherwise share
# /system.slice/supportgate.service, and any CPU quota one of them sets there.
own_slice() {
    ns mkdir -p /run/systemd/system/supportgate.service.d
    printf '[Service]\nSlice=e2e%s.slice\n' "$RANDOM$RANDOM" > "$E2E_WORK/slice.conf"
    ns install -m 0644 "$E2E_WORK/slice.conf" /run/systemd/system/supportgate.service.d/slice.conf
    ns systemctl daemon-reload
}

# shared_run: lets LoadCredential= work in the namespace. systemd hands credentials over by
# moving a mount it made in a child mount namespace onto /run/credentials/<unit>, which
# reaches PID 1's view only through a shared /run, as on a booted host (systemd makes /
# rshared there); this namespace's mounts start out private, so without it a unit finds
# $CREDENTIALS_DIRECTORY empty and root's alone. Call it once after boot_systemd.
shared_run() { ns mount --make-rshared /run; }

journal_json() { ns journalctl -o json --no-pager "$@"; }

# as_uid UID command...: runs it in the namespace as that uid (its own group, its groups).
as_uid() { local uid=$1; shift; ns setpriv --reuid="$uid" --regid="$uid" --init-groups "$@"; }
as_contoso() { as_uid 1001 "$@"; }  # a submitter of Contoso (Config/directory.json)

# with_contoso_colleague IN OUT: the directory IN with uid 1012 added to Contoso's
# submitters.uids, as OUT: a second Contoso submitter by uid, not in contoso-support (run.sh
# makes the user). The checkout's directory stays as the golden tests' revisions expect.
with_contoso_colleague() {
    python3 - "$1" "$2" "$CONTOSO" <<'PY'
import json, sys
source, target, contoso = sys.argv[1:]
directory = json.load(open(source))
partner = next(p for p in directory["partners"] if p["tenantId"] == contoso)
partner["submitters"]["uids"].append(1012)
json.dump(directory, open(target, "w"), indent=1)
PY
}

# --- the daemon run directly, outside systemd ---------------------------------
make_spool() { # make_spool DIR: the layout, plus a configuration using it
    local dir=$1
    rm -rf "$dir"
    mkdir -p "$dir"/spool/{staging,incoming,processing,accepted,rejected,quarantine,archive}
    # A copy for root and the gate's group alone (run as either): the checkout's is 0644, which
    # the gate refuses (contract §7). Tests that rewrite it in place keep this mode.
    install -m 0640 -g supportgate "$E2E_ROOT/Config/directory.json" "$dir/directory.json"
    sed -e "s#^root = .*#root = \"$dir/spool\"#" \
        -e "s#^directory = .*#directory = \"$dir/directory.json\"#" \
        -e "s#^path = .*#path = \"$dir/ledger.sqlite\"#" \
        "$E2E_ROOT/Config/supportgate.toml" > "$dir/supportgate.toml"
}

start_daemon() { # start_daemon DIR [extra args]
    local dir=$1; shift
    "$E2E_BIN" daemon --config "$dir/supportgate.toml" --log stderr "$@" >>"$dir/daemon.log" 2>&1 &
    DAEMON_PID=$!
}

# kill_repeatedly DIR TIMES: starts the daemon on DIR and kills it with kill -9 after 10–99 ms, TIMES times.
kill_repeatedly() {
    local dir=$1 times=$2 kills=0
    while (( kills < times )); do
        start_daemon "$dir"
        sleep "0.0$(( RANDOM % 9 + 1 ))$(( RANDOM % 10 ))"
        kill -9 "$DAEMON_PID" 2>/dev/null
        wait "$DAEMON_PID" 2>/dev/null
        kills=$((kills + 1))
    done
    KILLS=$kills
}

stop_daemon() {
    [ -n "$DAEMON_PID" ] && kill -TERM "$DAEMON_PID" 2>/dev/null && wait "$DAEMON_PID" 2>/dev/null
    DAEMON_PID=""
}

# make_drafts DIR COUNT PREFIX: COUNT distinct drafts (unique draftId), a mix of accepts and rejects.
make_drafts() {
    python3 - "$1" "$2" "$3" "$E2E_ROOT" <<'PY'
import json, sys, pathlib
out, count, prefix, root = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], pathlib.Path(sys.argv[4])
out.mkdir(parents=True, exist_ok=True)
bases = ["azure-billing-own", "azure-technical-customer", "office365-technical-customer", "azure-own-tenant-csp", "azure-quota-cores-customer"]
drafts = [json.loads((root / "Config/examples" / f"{b}.draft.json").read_text()) for b in bases]
for i in range(count):
    d = dict(drafts[i % len(drafts)])
    d["draftId"] = f"{prefix}-{i:06d}"
    (out / f"{prefix}-{i:06d}.json").write_text(json.dumps(d))
PY
}

# Results sit on shelves: accepted/<partnerTenantId>/ and rejected/<partnerTenantId>/ for a
# submitter of the partner, rejected/uid-<n>/ for a draft refused before that (docs/spool.md).
CONTOSO=c0a70500-0000-4000-8000-000000000001

# count_results SPOOL PREFIX: how many result files exist for drafts PREFIX-*.
count_results() {
    find "$1/accepted" "$1/rejected" -mindepth 2 -maxdepth 2 -name "$2-*.json" | wc -l
}

# results_ls SPOOL: the names of every result, one per line, whatever its shelf.
results_ls() {
    find "$1/accepted" "$1/rejected" -mindepth 2 -maxdepth 2 -type f -printf '%f\n'
}

# no_entries DIR...: true when none of the folders has anything in it.
no_entries() {
    [ -z "$(find "$@" -mindepth 1 -maxdepth 1 -print -quit)" ]
}

# --- the test double of Microsoft (Tests/MicrosoftDouble/README.md) ---------------
# start_microsoft_double DIR [CONFIG]: starts the double with its state in DIR (its test CA
# is DIR/ca.pem; the same DIR again is a restart that remembers every ticket), with the world
# CONFIG (default: the double's example-world.json); waits until it listens and echoes its
# port. Each PID goes to $E2E_WORK/microsoft-doubles.pids: stop_microsoft_doubles (which
# stop_systemd calls too) stops them by PID; a test without systemd traps it on EXIT.
start_microsoft_double() {
    local dir=$1 config=${2:-$E2E_ROOT/MicrosoftDouble/example-world.json} pid
    mkdir -p "$dir"
    rm -f "$dir/port"
    python3 "$E2E_ROOT/MicrosoftDouble/double.py" --state "$dir" --config "$config" >>"$dir/double.log" 2>&1 < /dev/null &
    pid=$!
    echo "$pid" >> "$E2E_WORK/microsoft-doubles.pids"
    for _ in $(seq 1 300); do
        if [ -s "$dir/port" ]; then cat "$dir/port"; return 0; fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "start_microsoft_double: the double did not start; $dir/double.log says:" >&2
    tail -n 5 "$dir/double.log" >&2
    return 1
}

# stop_microsoft_doubles: SIGTERM to every double started (it writes its state and exits),
# SIGKILL after 5 s.
stop_microsoft_doubles() {
    local list="$E2E_WORK/microsoft-doubles.pids" pid
    [ -s "$list" ] || return 0
    while read -r pid; do kill -TERM "$pid" 2>/dev/null; done < "$list"
    for _ in $(seq 1 50); do
        local alive=0
        while read -r pid; do kill -0 "$pid" 2>/dev/null && alive=1; done < "$list"
        ((alive)) || break
        sleep 0.1
    done
    while read -r pid; do kill -9 "$pid" 2>/dev/null; done < "$list"
    : > "$list"
}

summary() {
    local passed failed
    passed=$(grep -c '^pass$' "$E2E_RESULTS" 2>/dev/null || true)
    failed=$(grep -c '^fail$' "$E2E_RESULTS" 2>/dev/null || true)
    echo "end-to-end: ${passed:-0} passed, ${failed:-0} failed"
    [ "${failed:-0}" -eq 0 ]
}
