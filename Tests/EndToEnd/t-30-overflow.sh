# fs.inotify.max_queued_events at 16 and 10,000 drafts at once: the queue overflows,
# the gate rescans, and no draft is lost. The setting is restored afterwards.
source "$(dirname "$0")/lib.sh"
work="$E2E_WORK/overflow"
saved=$(sysctl -n fs.inotify.max_queued_events)
trap 'sysctl -qw fs.inotify.max_queued_events=$saved; kill -9 $DAEMON_PID 2>/dev/null' EXIT
make_spool "$work"
make_drafts "$work/spool/feed" 10000 flood
spool="$work/spool"

sysctl -qw fs.inotify.max_queued_events=16
start_daemon "$work"
wait_until 10 grep -q "supportgate started" "$work/daemon.log"
# Renames within one file system: all 10,000 land in well under a second.
(cd "$spool/feed" && find . -name 'flood-*' -printf '%f\0' | xargs -0 mv -t "$spool/incoming/")
wait_until 180 sh -c "[ \$(find '$spool/accepted' '$spool/rejected' -mindepth 2 -maxdepth 2 -name 'flood-*' | wc -l) -ge 10000 ]"
stop_daemon
sysctl -qw fs.inotify.max_queued_events=$saved

check "the inotify queue overflowed and the gate said so" grep -q "inotify queue overflowed" "$work/daemon.log"
check "10000 results for 10000 drafts" test "$(count_results "$spool" flood)" -eq 10000
check "incoming/ and processing/ are empty" no_entries "$spool/incoming" "$spool/processing"
check "the setting is restored ($saved)" test "$(sysctl -n fs.inotify.max_queued_events)" -eq "$saved"
