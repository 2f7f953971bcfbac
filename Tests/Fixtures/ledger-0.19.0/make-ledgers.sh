#!/usr/bin/env bash
# How the 0.19.0 fixture ledgers were made (SOURCES.md says when, with which commit). Runs the
# 0.19.0 daemon on a spool of its own under WORK with this folder's directory.json, drops the
# drafts of drafts/ in four rounds, each as the uid a partner's submitter would, releases one
# incident, and stops the daemon with SIGTERM (so SQLite checkpoints its WAL into the file).
#
#   make-ledgers.sh BIN WORK [POSTGRES_URL]     (as root: the drafts are given to uids 1001, 1011, 1003)
#
# Without POSTGRES_URL the ledger is WORK/ledger.sqlite; with it, that database (empty).
set -euo pipefail
bin=${1:?the 0.19.0 supportgate}; work=${2:?a new folder}; url=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
[ ! -e "$work" ] || { echo "make-ledgers.sh: $work exists" >&2; exit 2; }
mkdir -p "$work"/spool/{staging,incoming,processing,accepted,rejected,quarantine,archive}
install -m 0640 "$here/directory.json" "$work/directory.json"
tree=$(cd "$(dirname "$bin")" && git rev-parse --show-toplevel)
if [ -n "$url" ]; then ledger="url = \"${url//&/\\&}\""; else ledger="path = \"$work/ledger.sqlite\""; fi
sed -e "s#^root = .*#root = \"$work/spool\"#" -e "s#^directory = .*#directory = \"$work/directory.json\"#" \
    -e "s#^path = .*#$ledger#" "$tree/Config/supportgate.toml" > "$work/supportgate.toml"

"$bin" daemon --config "$work/supportgate.toml" --log stderr 2> "$work/daemon.log" &
daemon=$!
trap 'kill $daemon 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q "supportgate started" "$work/daemon.log" && break; sleep 0.1; done
grep -q "supportgate started" "$work/daemon.log" || { cat "$work/daemon.log" >&2; exit 1; }

results() { find "$work/spool/accepted" "$work/spool/rejected" -mindepth 2 -type f -name '*.json' | wc -l; }
# drop UID DRAFT [NAME]: as the submitter UID would, under NAME (default: the draft's file name).
drop() {
    local name=${3:-$(basename "$2")}
    cp "$here/drafts/$2" "$work/spool/staging/$name"
    chown "$1" "$work/spool/staging/$name"
    chmod 0600 "$work/spool/staging/$name"
    mv "$work/spool/staging/$name" "$work/spool/incoming/$name"
}
# settle N: waits until N results exist and nothing is left in incoming/ or processing/.
settle() {
    for _ in $(seq 1 300); do
        [ "$(results)" -ge "$1" ] && [ -z "$(find "$work/spool/incoming" "$work/spool/processing" -mindepth 1 -print -quit)" ] && return 0
        sleep 0.1
    done
    echo "make-ledgers.sh: expected $1 results, found $(results)" >&2; exit 1
}

# Round 1: Fabrikam's submitter drops Contoso's bytes first (a stranger: SUBMITTER_NOT_AUTHORIZED).
drop 1003 own-premier-1.json stolen-own-premier-1.json
settle 1
# Round 2: every draft by its own submitter; Contoso's through uid 1001 and through uid 1011
# (a member of contoso-support); Fabrikam's through 1003, under an id Contoso uses too.
drop 1001 own-premier-1.json
drop 1011 own-premier-2.json
drop 1001 own-premier-released.json
drop 1001 customer-azure-mpn.json
drop 1011 own-unified-1.json
drop 1001 own-support-plan.json
drop 1001 billing-own.json
drop 1011 customer-office365.json
drop 1001 customer-quota.json
drop 1001 customer-via-portal.json
drop 1003 fabrikam-billing-own.json
settle 12
# Unified's allowance is 2: the third is ENTITLEMENT_EXHAUSTED, decided after the first two.
drop 1011 own-unified-2.json
settle 13
drop 1001 own-unified-3.json
settle 14
# Round 3: repeats and duplicates. Other bytes under an accepted id (DRAFT_DUPLICATE); a
# colleague's identical bytes (1011 drops 1001's draft; 1001 drops 1011's); the same
# submitter's identical repeat.
drop 1001 own-premier-1.other-bytes.json
drop 1011 own-premier-1.json colleague-own-premier-1.json
drop 1001 own-premier-2.json colleague-own-premier-2.json
drop 1011 billing-own.json colleague-billing-own.json
settle 18
drop 1001 own-premier-1.json repeat-own-premier-1.json
drop 1001 customer-quota.json repeat-customer-quota.json
sleep 2
settle 18
# Round 4: one incident given back.
released=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["decisionId"])' \
    "$work/spool/accepted/c0a70500-0000-4000-8000-000000000001/own-premier-released.json")
"$bin" ledger release --config "$work/supportgate.toml" "$released" --reason "filed by mistake" --log stderr 2>> "$work/release.log"
"$bin" ledger show --config "$work/supportgate.toml" > "$work/ledger-show.txt"
"$bin" ledger show --config "$work/supportgate.toml" --format json > "$work/ledger-show.json"
kill -TERM $daemon
wait $daemon || true
trap - EXIT
echo "== $(results) results; ledger show:"
cat "$work/ledger-show.txt"
