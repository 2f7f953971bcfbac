# The rest of the attack surface, under the shipped unit and tmpfiles in a real systemd, as a
# hostile submitter of another partner: uid 1003 (Fabrikam) against uid 1001 (Contoso).
#   1. ACLs and extended attributes a submitter sets on its own pending draft;
#   2. submit --wait on another partner's draft ids, and whether timing tells a result exists;
#   3. spool prune racing the gate while it commits and archives;
#   4. symlinks and hard links planted in shelves and in the folders a submitter can write;
#   5. the reload answer file and the metrics textfile planted as symlinks.
source "$(dirname "$0")/lib.sh"
started=$SECONDS
textdir="$E2E_WORK/textfile"
prune_loop=""
cleanup() { [ -n "$prune_loop" ] && kill "$prune_loop" 2>/dev/null; stop_systemd; }
trap cleanup EXIT

boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
install_gate
spool=/var/spool/supportgate
gate=/usr/local/bin/supportgate
example="$E2E_ROOT/Config/examples"
# A metrics textfile folder of the test's own, as t-28 sets one up.
mkdir -p "$textdir"
setfacl -m u:supportgate:rwx "$textdir"
ns sh -c "printf '\n[metrics]\ntextfile = \"$textdir/supportgate.prom\"\nintervalSeconds = 1\n' >> /etc/supportgate/supportgate.toml"
ns mkdir -p /run/systemd/system/supportgate.service.d
ns sh -c "printf '[Service]\nReadWritePaths=$textdir\n' > /run/systemd/system/supportgate.service.d/metrics.conf"
ns systemctl daemon-reload
# What a link planted for the gate to write through would hit: files the gate's user may write.
ns sh -c "echo precious > /var/lib/supportgate/victim && chown supportgate: /var/lib/supportgate/victim"
# (inside the textfile folder, the one place there the unit lets the gate write)
echo precious > "$textdir/victim.txt"; chown supportgate: "$textdir/victim.txt"
ln -s "$textdir/victim.txt" "$textdir/supportgate.prom"
ns systemctl start supportgate.service
wait_until 15 ns systemctl is-active --quiet supportgate.service
# Only entries written from here on count (the last one before now is the cursor).
cursor=$(ns journalctl -n 1 --show-cursor --no-pager -o cat | sed -n 's/^-- cursor: //p')
[ -n "$cursor" ] || fail "the journal gives a cursor to read on from"

# draft FILE ID [TITLE] [EXAMPLE]: the example (Contoso's billing draft) with draftId ID, readable.
draft() {
    local file=$1 id=$2 title=${3:-my title} base=${4:-azure-billing-own}
    sed -e "s/\"draftId\": \"$base\"/\"draftId\": \"$id\"/" -e "s/\"title\": \"my title\"/\"title\": \"$title\"/" "$example/$base.draft.json" > "$file"
    chmod 0644 "$file"
}
as_hostile() { as_uid 1003 "$@"; }
# restarts SECTION: says how many times systemd restarted the gate so far, and when (for a failure's diagnosis).
restarts() { echo "      after $1 ($((SECONDS - started)) s): NRestarts=$(ns systemctl show -p NRestarts --value supportgate.service)"; }
# check_or_show "what" "shell command to show on failure" command...
check_or_show() {
    local what=$1 show=$2; shift 2
    if "$@"; then pass "$what"; else fail "$what"; bash -c "$show" 2>&1 | sed 's/^/      /'; fi
}
result() { echo "$spool/$1/$CONTOSO/$2.json"; }

# --- 1. ACLs and extended attributes on a pending draft -------------------------------------
# Contoso writes a hidden name (the gate skips it), grants Fabrikam read and sets xattrs on it,
# then renames it into view.
draft "$E2E_WORK/acl-draft.json" acl-draft
as_uid 1001 cp "$E2E_WORK/acl-draft.json" "$spool/incoming/.acl-draft.json"
as_uid 1001 setfacl -m u:1003:rw,m::rw "$spool/incoming/.acl-draft.json"
check "a default ACL cannot be set on a file" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1001 --regid=1001 --init-groups setfacl -d -m u:1003:r $spool/incoming/.acl-draft.json 2>/dev/null"
# user.* xattrs: the partner's id, one of 60,000 bytes, and 50 more.
as_uid 1001 /usr/bin/python3 -c "
import os, sys
path = sys.argv[1]
os.setxattr(path, 'user.partner', sys.argv[2].encode())
os.setxattr(path, 'user.huge', b'x' * 60000)
for n in range(50): os.setxattr(path, f'user.k{n}', str(n).encode())
" "$spool/incoming/.acl-draft.json" "$CONTOSO"
user_xattrs() { ns /usr/bin/python3 -c "import os, sys; print(sum(1 for name in os.listxattr(sys.argv[1], follow_symlinks=False) if name.startswith('user.')))" "$1"; }
draft_xattrs=$(user_xattrs $spool/incoming/.acl-draft.json)
check "the submitter's ACL (Fabrikam rw) and 52 user xattrs (one of 60,000 bytes) are on its draft" \
    sh -c "nsenter -t $SYSTEMD_PID -m -p getfacl -p $spool/incoming/.acl-draft.json | grep -q '^user:sgtest-fabrikam:rw-\|^user:1003:rw-' && [ '$draft_xattrs' = 52 ]"
t0=$(date +%s%N)
as_uid 1001 mv "$spool/incoming/.acl-draft.json" "$spool/incoming/acl-draft.json"
wait_until 10 ns test -e "$(result accepted acl-draft)"
acl_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check "the draft is decided as usual (accepted in $acl_ms ms, under 3 s)" sh -c "nsenter -t $SYSTEMD_PID -m -p test -e $(result accepted acl-draft) && [ $acl_ms -lt 3000 ]"
result_xattrs=$(user_xattrs "$(result accepted acl-draft)")
check "the result's access is the gate's alone: no entry for Fabrikam, no user xattr" \
    sh -c "! nsenter -t $SYSTEMD_PID -m -p getfacl -np $(result accepted acl-draft) | grep -q 'user:1003' && [ '$result_xattrs' = 0 ]"
check "Fabrikam cannot read the result" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups cat $(result accepted acl-draft) >/dev/null 2>&1"
wait_until 5 sh -c "nsenter -t $SYSTEMD_PID -m -p ls $spool/archive | grep -q 'acl-draft.json'"
archived="$spool/archive/$(ns ls $spool/archive | grep 'acl-draft.json' | head -n 1)"
check "Fabrikam cannot read the archived original by its exact path" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups cat '$archived' >/dev/null 2>&1"
check "nor can its submitter once archived (archive/ is the gate's)" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1001 --regid=1001 --init-groups cat '$archived' >/dev/null 2>&1"
# The same for a draft rejected in rule 1, whose original goes to quarantine/.
printf '{"draftId": "acl-broken", ' > "$E2E_WORK/acl-broken.json"; chmod 0644 "$E2E_WORK/acl-broken.json"
as_uid 1001 cp "$E2E_WORK/acl-broken.json" "$spool/incoming/.acl-broken.json"
as_uid 1001 setfacl -m u:1003:r,m::r "$spool/incoming/.acl-broken.json"
as_uid 1001 mv "$spool/incoming/.acl-broken.json" "$spool/incoming/acl-broken.json"
wait_until 10 sh -c "nsenter -t $SYSTEMD_PID -m -p ls $spool/quarantine | grep -q 'acl-broken.json'"
quarantined="$spool/quarantine/$(ns ls $spool/quarantine | grep 'acl-broken.json' | head -n 1)"
check "Fabrikam cannot read the quarantined original its ACL names either" sh -c "nsenter -t $SYSTEMD_PID -m -p test -f '$quarantined' && ! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups cat '$quarantined' >/dev/null 2>&1"
check "near miss: the archived bytes are the draft's" sh -c "nsenter -t $SYSTEMD_PID -m -p cat '$archived' | cmp -s - $E2E_WORK/acl-draft.json"

restarts "section 1 (ACLs)"

# --- 2. submit --wait on another partner's draft ids: nothing about them is learnt ----------
for n in $(seq 0 9); do draft "$E2E_WORK/victim-$n.json" "victim-$n"; as_uid 1001 cp "$E2E_WORK/victim-$n.json" "$spool/incoming/victim-$n.json"; done
wait_until 10 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'ls $spool/accepted/$CONTOSO' | grep -c '^victim-') -eq 10 ]"
check "Contoso's ten victim-N ids are decided (accepted)" sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'ls $spool/accepted/$CONTOSO' | grep -c '^victim-') -eq 10 ]"
: > "$E2E_WORK/wait-times"
# Fabrikam submits --wait, naming Contoso, ids that exist there (victim-N) and ids that do not
# (absent-N), interleaved, each with bytes of its own; the time of each answer is kept.
for round in $(seq 1 16); do
    # Which kind goes first alternates, so that neither pays for coming first.
    kinds="victim absent"; ((round % 2)) && kinds="absent victim"
    for kind in $kinds; do
        n=$((round % 10)); id="$kind-$n"
        draft "$E2E_WORK/h-$kind-$round.json" "$id" "probe $round"
        t0=$(date +%s%N)
        code=0
        as_hostile "$gate" submit --spool $spool --wait --timeout 10 --format json "$E2E_WORK/h-$kind-$round.json" > "$E2E_WORK/h-$kind-$round.out" 2>&1 || code=$?
        echo "$kind $(( ($(date +%s%N) - t0) / 1000 )) $code $id" >> "$E2E_WORK/wait-times"
    done
done
check "every probe is answered, exit 1, SUBMITTER_NOT_AUTHORIZED on Fabrikam's own shelf" \
    sh -c "[ \$(awk '\$3 == 1' $E2E_WORK/wait-times | wc -l) -eq 32 ] && [ \$(grep -l '\"code\":\"SUBMITTER_NOT_AUTHORIZED\"' $E2E_WORK/h-*.out | wc -l) -eq 32 ]"
# An answer is taken as soon as it is written: none waits out submit's 5 s for an earlier
# result (a drop timed on a finer clock than files are stamped with made 5 of 32 wait).
slowest=$(awk '{ if ($2 > max) max = $2 } END { print int(max / 1000) }' "$E2E_WORK/wait-times")
check "no probe waits for the 5 s meant for earlier results (slowest $slowest ms)" test "$slowest" -lt 4500
# Each answer with what is its own (ids, decision, time, digest) blanked: all 32 the same.
check "the answers for existing and absent ids are the same but for the draft's own values" python3 - "$E2E_WORK" <<'PY'
import glob, json, re, sys
shapes = set()
for path in glob.glob(sys.argv[1] + "/h-*.out"):
    result = json.loads(open(path).read().splitlines()[0])
    for key in ("draftId", "decisionId", "decidedAt", "draftSha256"):
        result.pop(key, None)
    shapes.add(re.sub(r"(victim|absent)-\d", "ID", json.dumps(result, sort_keys=True)))
print(f"      {len(shapes)} distinct answer(s)")
sys.exit(0 if len(shapes) == 1 else 1)
PY
check "the timing does not tell: no difference between existing and absent ids (rank test)" python3 - "$E2E_WORK/wait-times" <<'PY'
import math, statistics, sys
times = {"victim": [], "absent": []}
for line in open(sys.argv[1]):
    kind, micros, _, _ = line.split()
    times[kind].append(int(micros) / 1000)
exists, absent = statistics.median(times["victim"]), statistics.median(times["absent"])
print(f"      median answer: existing id {exists:.0f} ms, absent id {absent:.0f} ms")
for kind, values in times.items():
    print(f"      {kind}: " + " ".join(f"{v:.0f}" for v in values))
# Mann-Whitney U (normal approximation): a leak shows as a shift of one kind's times. The
# machine is shared and noisy, so a shift counts only when it is both significant (p < 0.001)
# and larger than 25 ms.
a, b = times["victim"], times["absent"]
u = sum(1.0 if x > y else 0.5 if x == y else 0.0 for x in a for y in b)
mean, sd = len(a) * len(b) / 2, math.sqrt(len(a) * len(b) * (len(a) + len(b) + 1) / 12)
p = math.erfc(abs(u - mean) / sd / math.sqrt(2))
print(f"      Mann-Whitney U {u:.0f} of {len(a) * len(b)}, p = {p:.3f}")
sys.exit(1 if p < 0.001 and abs(exists - absent) > 25 else 0)
PY
check "the gate never looked for Contoso's results: no DRAFT_DUPLICATE for Fabrikam in the journal" \
    sh -c "nsenter -t $SYSTEMD_PID -m -p journalctl -u supportgate --after-cursor='$cursor' -o json | grep -q '\"SUBMITTER_UID\":\"1003\"' && ! nsenter -t $SYSTEMD_PID -m -p journalctl -u supportgate --after-cursor='$cursor' -o json | grep '\"SUBMITTER_UID\":\"1003\"' | grep -q DRAFT_DUPLICATE"
# A submitter may only list its own shelf, and the answers there are its own.
check "Fabrikam's shelf holds only its own results" sh -c "! nsenter -t $SYSTEMD_PID -m -p sh -c 'cat $spool/rejected/uid-1003/*' | grep -q '\"submitterUid\": 1001'"

restarts "section 2 (submit --wait)"

# --- 3. prune racing the gate --------------------------------------------------------------
# Batch A decided, then a cutoff after it; prune runs in a loop while batch B is decided.
python3 - "$E2E_WORK/prune-a" "$E2E_WORK/prune-b" "$example" <<'PY'
import json, os, sys
# Accepted and rejected (a CSP's own tenant), so both accepted/ and rejected/ are written.
bases = [json.load(open(f"{sys.argv[3]}/{name}.draft.json")) for name in ("azure-billing-own", "azure-own-tenant-csp")]
for folder, prefix, count in ((sys.argv[1], "pa", 60), (sys.argv[2], "pb", 300)):
    os.makedirs(folder, exist_ok=True)
    for i in range(count):
        d = dict(bases[i % 3 == 2]); d["draftId"] = f"{prefix}-{i:04d}"
        path = f"{folder}/{prefix}-{i:04d}.json"
        open(path, "w").write(json.dumps(d)); os.chmod(path, 0o644)
PY
chmod 0755 "$E2E_WORK/prune-a" "$E2E_WORK/prune-b"
as_uid 1001 sh -c "cp $E2E_WORK/prune-a/*.json $spool/incoming/"
wait_until 15 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p find $spool/archive -name '*-pa-*' | wc -l) -eq 60 ]"
sleep 1.1
cutoff=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sleep 1.1
(
    runs=0; failures=0
    while [ ! -e "$E2E_WORK/prune-stop" ]; do
        # At the shipped service's priorities (Nice=10, idle I/O), as the timer would run it.
        as_uid supportgate nice -n 10 ionice -c 3 "$gate" spool prune --config /etc/supportgate/supportgate.toml --before "$cutoff" > /dev/null 2>> "$E2E_WORK/prune-errors" || failures=$((failures + 1))
        runs=$((runs + 1))
        sleep 0.1
    done
    echo "$runs $failures" > "$E2E_WORK/prune-runs"
) &
prune_loop=$!
as_uid 1001 sh -c "for f in $E2E_WORK/prune-b/*.json; do cp \$f $spool/incoming/; done"
flood_started=$SECONDS
wait_until 90 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p find $spool/archive -name '*-pb-*' | wc -l) -eq 300 ]"
echo "      the 300 drafts were decided and archived in $((SECONDS - flood_started)) s"
touch "$E2E_WORK/prune-stop"; wait "$prune_loop"; prune_loop=""
read -r prune_runs prune_failures < "$E2E_WORK/prune-runs"
check_or_show "prune ran $prune_runs times during the flood, every run succeeded" "cat $E2E_WORK/prune-errors" sh -c "[ $prune_runs -ge 3 ] && [ $prune_failures -eq 0 ]"
check_or_show "nothing decided after the cutoff is lost: 300 results and 300 originals of batch B" \
    "echo results: \$(nsenter -t $SYSTEMD_PID -m -p find $spool/accepted $spool/rejected -name 'pb-*.json' | wc -l), archived: \$(nsenter -t $SYSTEMD_PID -m -p find $spool/archive -name '*-pb-*' | wc -l), incoming: \$(nsenter -t $SYSTEMD_PID -m -p ls $spool/incoming | wc -l), processing: \$(nsenter -t $SYSTEMD_PID -m -p ls $spool/processing | wc -l); nsenter -t $SYSTEMD_PID -m -p journalctl -u supportgate --after-cursor='$cursor' -o short-monotonic | grep -v ' draft ' | tail -n 15" \
    sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p find $spool/accepted $spool/rejected -name 'pb-*.json' | wc -l) -eq 300 ] && [ \$(nsenter -t $SYSTEMD_PID -m -p find $spool/archive -name '*-pb-*' | wc -l) -eq 300 ]"
check "batch A, decided before the cutoff, is gone: results and originals" \
    sh -c "[ -z \"\$(nsenter -t $SYSTEMD_PID -m -p find $spool/accepted $spool/rejected $spool/archive -name '*pa-*')\" ]"
check "nothing left in processing/, no temporary result" sh -c "[ -z \"\$(nsenter -t $SYSTEMD_PID -m -p find $spool/processing $spool/accepted $spool/rejected -name '~tmp-*' -o -path '$spool/processing/*')\" ]"

restarts "section 3 (prune)"

# --- 4. links planted in shelves and in the drop folders -------------------------------------
hostile_result=$(ns sh -c "ls $spool/rejected/uid-1003 | head -n 1")
for target in "rejected/uid-1003" "accepted/$CONTOSO" "rejected/$CONTOSO" "accepted" "rejected"; do
    check "Fabrikam cannot plant a link in $target/" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups ln -s /var/lib/supportgate/victim $spool/$target/planted.json 2>/dev/null"
done
check "Fabrikam cannot hard-link its own result (the gate's file) into incoming/ or staging/" \
    sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups ln $spool/rejected/uid-1003/$hostile_result $spool/incoming/own-result.json 2>/dev/null && ! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups ln $spool/rejected/uid-1003/$hostile_result $spool/staging/own-result.json 2>/dev/null"
check "nor Contoso's result (near miss: it is there)" sh -c "nsenter -t $SYSTEMD_PID -m -p test -e $(result accepted pb-0001) && ! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups ln $(result accepted pb-0001) $spool/incoming/stolen.json 2>/dev/null"
# A Contoso file that Fabrikam may write (a careless 0666 left in staging/), hard-linked by
# Fabrikam into incoming/: owned by Contoso, it must not be decided as Contoso's draft.
draft "$E2E_WORK/careless.json" careless-1
as_uid 1001 sh -c "cp $E2E_WORK/careless.json $spool/staging/careless.json && chmod 0666 $spool/staging/careless.json"
check "Fabrikam hard-links Contoso's writable file into incoming/" as_hostile ln "$spool/staging/careless.json" "$spool/incoming/careless.json"
wait_until 10 sh -c "nsenter -t $SYSTEMD_PID -m -p sh -c 'ls $spool/rejected/uid-1001/' 2>/dev/null | grep -q '^careless'"
check "the link is rejected DRAFT_UNREADABLE, not decided as Contoso's draft" \
    sh -c "! nsenter -t $SYSTEMD_PID -m -p test -e $(result accepted careless-1) && nsenter -t $SYSTEMD_PID -m -p sh -c 'cat $spool/rejected/uid-1001/careless*' | grep -q DRAFT_UNREADABLE"
check "Contoso's file is untouched" sh -c "nsenter -t $SYSTEMD_PID -m -p cat $spool/staging/careless.json | cmp -s - $E2E_WORK/careless.json"
check "and Fabrikam cannot read that rejection" sh -c "! nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups sh -c 'cat $spool/rejected/uid-1001/*' >/dev/null 2>&1"
# A symlink in incoming/ to Contoso's result: quarantined, never followed, nothing of it told.
victim_digest=$(ns sh -c "python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[\"draftSha256\"])' $(result accepted pb-0001)")
as_hostile ln -s "$(result accepted pb-0001)" "$spool/incoming/peek.json"
wait_until 10 sh -c "nsenter -t $SYSTEMD_PID -m -p sh -c 'ls $spool/rejected/uid-1003/' | grep -q '^peek'"
check "a symlink to Contoso's result: Fabrikam's DRAFT_UNREADABLE, nothing of the target in it" \
    sh -c "out=\$(nsenter -t $SYSTEMD_PID -m -p setpriv --reuid=1003 --regid=1003 --init-groups sh -c 'cat $spool/rejected/uid-1003/peek*'); echo \"\$out\" | grep -q DRAFT_UNREADABLE && ! echo \"\$out\" | grep -q -e '$victim_digest' -e pb-0001"

restarts "section 4 (links)"

# --- 5. the reload answer and the metrics textfile planted as symlinks ------------------------
check "metrics: the planted supportgate.prom link was replaced, not written through" \
    sh -c "[ \"\$(cat $textdir/victim.txt)\" = precious ] && [ -f $textdir/supportgate.prom ] && [ ! -L $textdir/supportgate.prom ]"
main_pid=$(ns systemctl show -p MainPID --value supportgate.service)
rm -f "$textdir/supportgate.prom"
ln -s "$textdir/victim.txt" "$textdir/supportgate.prom"
ln -s "$textdir/victim.txt" "$textdir/supportgate.prom.$main_pid.tmp"
wait_until 5 sh -c "[ -f $textdir/supportgate.prom ] && [ ! -L $textdir/supportgate.prom ]"
check "metrics: links at the file and at the gate's temporary name are never followed" \
    sh -c "[ \"\$(cat $textdir/victim.txt)\" = precious ] && [ -f $textdir/supportgate.prom ] && [ ! -L $textdir/supportgate.prom ] && grep -q '^supportgate_backlog' $textdir/supportgate.prom"
# The reload answer: its temporary and final names (the token is the requester's pid) planted
# as links to a file the gate's user may write; the request must still get its answer.
code=0
ns sh -c "ln -s /var/lib/supportgate/victim /run/supportgate/.reload-\$\$.tmp && ln -s /var/lib/supportgate/victim /run/supportgate/reload-\$\$ \
    && exec setpriv --reuid=supportgate --regid=supportgate --clear-groups env RUNTIME_DIRECTORY=/run/supportgate $gate reload --pid $main_pid --timeout 20" > "$E2E_WORK/reload.out" 2>&1 || code=$?
check "reload: the planted links are not followed" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p cat /var/lib/supportgate/victim)\" = precious ]"
check_or_show "reload: the answer still arrives (exit $code, applied)" "cat $E2E_WORK/reload.out" test "$code" -eq 0

restarts "section 5 (reload, metrics)"

# --- the gate through all of it ----------------------------------------------------------------
check_or_show "the gate never restarted (NRestarts=0) and is active" \
    "nsenter -t $SYSTEMD_PID -m -p journalctl --after-cursor='$cursor' -o short-monotonic | grep -v ' draft ' | grep -i -e supportgate -e watchdog | tail -n 25" \
    sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p NRestarts --value supportgate.service)\" = 0 ] && nsenter -t $SYSTEMD_PID -m -p systemctl is-active --quiet supportgate.service"

check "near miss: the journal read on from the cursor has this run's decisions" sh -c "nsenter -t $SYSTEMD_PID -m -p journalctl -u supportgate --after-cursor='$cursor' -o json | grep -q '\"DRAFT_ID\":\"acl-draft\"'"
check "no spool fault was logged" sh -c "! nsenter -t $SYSTEMD_PID -m -p journalctl -u supportgate --after-cursor='$cursor' -o cat | grep -q 'spool fault'"
echo "  t-36 took $((SECONDS - started)) s"
