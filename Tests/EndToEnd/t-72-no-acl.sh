# A spool on a file system without POSIX ACLs: the gate refuses to start with one clear
# line, unless spool.resultAccess = "group" chooses the weaker mode, which it warns about.
source "$(dirname "$0")/lib.sh"
# ramfs keeps owners and modes but has no extended attributes, so no ACLs (ext4 no
# longer accepts "noacl" on current kernels).
work="$E2E_WORK/no-acl"
mnt="$work.mnt"
cleanup() { stop_daemon; umount "$mnt" 2>/dev/null; rm -rf "$mnt" "$work-drafts"; }
trap cleanup EXIT
mkdir -p "$mnt"
mount -t ramfs -o mode=0755 ramfs "$mnt" || { fail "a ramfs can be mounted"; exit 1; }
make_spool "$mnt/gate"
"$E2E_BIN" daemon --config "$mnt/gate/supportgate.toml" --log stderr > "$mnt/gate/refused.log" 2>&1
code=$?
check "without ACLs the gate does not start (exit $code, spool fault)" test "$code" -eq 1
check "it says why in one line, and the way out" sh -c "grep -c 'does not take POSIX ACLs' '$mnt/gate/refused.log' | grep -qx 1 && grep -q 'spool.resultAccess = \"group\"' '$mnt/gate/refused.log'"
check "nothing is left behind by the probe" test -z "$(find "$mnt/gate/spool/accepted" -mindepth 1 -print -quit)"

sed -i 's/^\[spool\]$/[spool]\nresultAccess = "group"/' "$mnt/gate/supportgate.toml"
start_daemon "$mnt/gate"
wait_until 10 grep -q "supportgate started" "$mnt/gate/daemon.log"
check "with resultAccess = \"group\" it starts, with a warning" grep -q '<4> spool.resultAccess = "group"' "$mnt/gate/daemon.log"
make_drafts "$work-drafts" 3 noacl >/dev/null
chown 1001:1001 "$work-drafts"/*.json
for draft in "$work-drafts"/*.json; do cp -p "$draft" "$mnt/gate/spool/incoming/"; done
wait_until 10 sh -c "[ \$(find '$mnt/gate/spool/accepted' '$mnt/gate/spool/rejected' -mindepth 2 -name 'noacl-*' | wc -l) -eq 3 ]"
check "drafts are decided, results on their shelves without ACLs, group-readable" \
    sh -c "[ \$(find '$mnt/gate/spool/accepted' '$mnt/gate/spool/rejected' -mindepth 2 -name 'noacl-*' | wc -l) -eq 3 ] && [ -z \"\$(find '$mnt/gate/spool/accepted' '$mnt/gate/spool/rejected' -mindepth 2 -type f ! -perm -g=r)\" ]"
