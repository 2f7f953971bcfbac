#!/usr/bin/env bash
# The main job on the example configuration: builds supportgate, lays out a spool under
# .build-example/, starts `supportgate daemon` on Config/supportgate.toml (spool moved
# there), drops every example draft into it, waits for every result, prints the
# decisions as the daemon logged them, and stops the daemon.
#
# The example directory lets uid 1001 file for Contoso. Run as root, the drafts are given
# to uid 1001 before they are dropped (as a Contoso submitter would drop them); run as
# another user they are dropped as that user and rejected SUBMITTER_NOT_AUTHORIZED.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product supportgate >&2
bin="$(swift build -c release --show-bin-path)/supportgate"
work="$PWD/.build-example"
rm -rf "$work"
mkdir -p "$work"/spool/{staging,incoming,processing,accepted,rejected,quarantine,archive}
# A copy readable by this user alone: git checks the directory out 0644, and the gate refuses
# a tenant directory that others may read (contract §7).
install -m 0600 Config/directory.json "$work/directory.json"
sed -e "s#^root = .*#root = \"$work/spool\"#" -e "s#^directory = .*#directory = \"$work/directory.json\"#" \
    -e "s#^path = .*#path = \"$work/ledger.sqlite\"#" \
    Config/supportgate.toml > "$work/supportgate.toml"

"$bin" daemon --config "$work/supportgate.toml" --log stderr 2> "$work/daemon.log" &
daemon=$!
trap 'kill $daemon 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q "supportgate started" "$work/daemon.log" && break; sleep 0.1; done

drafts=(Config/examples/*.draft.json)
if [ "$(id -u)" -eq 0 ]; then
    cp "${drafts[@]}" "$work/spool/staging/"
    chown 1001 "$work"/spool/staging/*.json
    # One mv per file: with several, GNU mv stats each moved file afterwards, and the
    # gate may already have claimed it (mv then fails with "cannot stat").
    for staged in "$work"/spool/staging/*.json; do
        mv "$staged" "$work/spool/incoming/"
    done
else
    "$bin" submit --spool "$work/spool" "${drafts[@]}" >/dev/null
fi
for _ in $(seq 1 200); do
    [ "$(find "$work/spool/accepted" "$work/spool/rejected" -mindepth 2 -type f | grep -c '\.json$')" -ge "${#drafts[@]}" ] && break
    sleep 0.1
done
kill -TERM $daemon
wait $daemon || true
trap - EXIT

echo "== ${#drafts[@]} example drafts dropped into $work/spool; the daemon's log:"
sed -e 's/ DRAFT_ID=.*//' "$work/daemon.log"
echo "== results: $(find "$work/spool/accepted" -mindepth 2 -type f | wc -l) in accepted/, $(find "$work/spool/rejected" -mindepth 2 -type f | wc -l) in rejected/ (full entries: $work/daemon.log)"
