# Hostile and broken drops: each gets a located reject or is skipped safely; no
# original is lost, no secret is read, and the gate never stops. Run twice: as root
# (writers detected with a lease probe) and as the unprivileged supportgate user
# (no leases: a draft must be left alone for the quiet period).
source "$(dirname "$0")/lib.sh"
trap 'kill -9 $DAEMON_PID $writer 2>/dev/null' EXIT
writer=""

run_corpus() {
    local label=$1 as_user=$2
    local work="$E2E_WORK/bad-$label"
    make_spool "$work"
    local spool="$work/spool"
    local example="$E2E_ROOT/Config/examples/azure-billing-own.draft.json"
    echo "TOPSECRET-$label" > "$work/secret.txt"
    chmod 0644 "$work/secret.txt"
    if [ "$as_user" = yes ]; then
        chown -R supportgate:supportgate "$work"
        chmod 0755 "$work"
        setpriv --reuid=supportgate --regid=supportgate --init-groups \
            "$E2E_BIN" daemon --config "$work/supportgate.toml" --log stderr >>"$work/daemon.log" 2>&1 &
        DAEMON_PID=$!
    else
        start_daemon "$work"
    fi
    wait_until 10 grep -q "supportgate started" "$work/daemon.log"

    ln -s "$work/secret.txt" "$spool/incoming/symlink.json"
    mkfifo "$spool/incoming/fifo.json"
    mkdir "$spool/incoming/a-directory.json"
    truncate -s 1G "$spool/incoming/huge.json"
    printf '{"apiVersion":"supportgate/v1","draftId":"bad-utf8","x":"\xff\xfe"}' > "$spool/incoming/bad-utf8.json"
    python3 -c 'print("{\"apiVersion\":\"supportgate/v1\",\"draftId\":\"deep\",\"x\":" + "[" * 10000 + "]" * 10000 + "}")' > "$spool/incoming/deep.json"
    printf '{"apiVersion":"supportgate/v1",\n "draftId":"dup-keys",\n "draftId":"again"}' > "$spool/incoming/dup-keys.json"
    : > "$spool/incoming/empty.json"
    chmod 0644 "$spool"/incoming/*.json 2>/dev/null
    # A draft still being written when it is seen: half now, the rest in small pieces over 2 s.
    python3 - "$example" "$spool/incoming/slow.json" <<'PY' &
import sys, time
data = open(sys.argv[1], "rb").read().replace(b'"azure-billing-own"', b'"slow-writer"')
with open(sys.argv[2], "wb") as out:
    half = len(data) // 2
    out.write(data[:half]); out.flush()
    rest = data[half:]
    for i in range(0, len(rest), max(1, len(rest) // 7)):
        time.sleep(0.3)
        out.write(rest[i:i + max(1, len(rest) // 7)]); out.flush()
PY
    writer=$!
    wait "$writer"
    [ "$as_user" = yes ] && chown supportgate "$spool/incoming/slow.json" 2>/dev/null

    result_for() { results_ls "$spool" | grep -m1 "^$1" ; }
    wait_until 20 sh -c "find '$spool/accepted' -mindepth 2 -maxdepth 2 -type f -printf '%f\n' | grep -q '^slow-writer.json$' || find '$spool/rejected' -mindepth 2 -maxdepth 2 -type f -printf '%f\n' | grep -q '^slow-writer'"
    sleep 1

    check "[$label] symlink: rejected DRAFT_UNREADABLE, link kept in quarantine" sh -c "grep -l DRAFT_UNREADABLE '$spool'/rejected/*/symlink* >/dev/null && [ -L \"\$(ls -d '$spool'/quarantine/*symlink.json)\" ]"
    check "[$label] symlink: the secret was not read" sh -c "! grep -r 'TOPSECRET' '$spool/rejected' '$spool/accepted' '$work/daemon.log'"
    check "[$label] FIFO: rejected DRAFT_UNREADABLE and quarantined" sh -c "grep -q 'a FIFO' '$spool'/rejected/*/fifo* && [ -p \"\$(ls -d '$spool'/quarantine/*fifo.json)\" ]"
    check "[$label] directory: skipped and left where it is" test -d "$spool/incoming/a-directory.json"
    check "[$label] 1 GB file: DRAFT_TOO_LARGE before reading; only its first maxDraftBytes kept" sh -c "grep -q DRAFT_TOO_LARGE '$spool'/rejected/*/huge* && [ \$(stat -c %s '$spool'/quarantine/*huge.json.head) -eq 262144 ] && ! ls '$spool'/quarantine/*huge.json >/dev/null 2>&1"
    check "[$label] invalid UTF-8: located reject" sh -c "grep -q 'DRAFT_UNREADABLE' '$spool'/rejected/*/bad-utf8* && grep -q 'line 1, column' '$spool'/rejected/*/bad-utf8*"
    check "[$label] 10,000-deep nesting: DRAFT_MALFORMED_JSON" grep -q DRAFT_MALFORMED_JSON "$spool"/rejected/*/"$(result_for deep)"
    check "[$label] duplicate keys: located DRAFT_MALFORMED_JSON" sh -c "grep -q 'duplicate key' '$spool'/rejected/*/dup-keys* && grep -q 'line 3' '$spool'/rejected/*/dup-keys*"
    check "[$label] empty file: DRAFT_MALFORMED_JSON" grep -q DRAFT_MALFORMED_JSON "$spool"/rejected/*/"$(result_for empty)"
    check "[$label] a draft still being written is decided whole, once" sh -c "[ \$(find '$spool/accepted' '$spool/rejected' -mindepth 2 -name 'slow-writer*' | wc -l) -eq 1 ] && { [ -e '$spool'/accepted/*/slow-writer.json ] || grep -q SUBMITTER_NOT_AUTHORIZED '$spool'/rejected/*/slow-writer.*json; }"
    check "[$label] no original lost: 7 in quarantine, 1 archived" sh -c "[ \$(ls '$spool/quarantine' | wc -l) -eq 7 ] && [ \$(ls '$spool/archive' | wc -l) -eq 1 ]"
    check "[$label] the gate is still running" kill -0 "$DAEMON_PID"
    kill -TERM "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null; DAEMON_PID=""
}

run_corpus root no
run_corpus unprivileged yes
