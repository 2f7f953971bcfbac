#!/usr/bin/env bash
# Mutation checks: each Tests/Mutants/NAME.patch breaks one claim the code makes (removes a
# lock, counts twice, skips a check). This script applies it to a scratch copy of the
# checkout, runs the test its header names, and expects that test to FAIL. A mutant that
# the test survives means the test does not reach its claim.
#
#   Scripts/mutants.sh            every mutant
#   Scripts/mutants.sh NAME...    only these (file names without .patch)
#
# A patch starts with header lines, then a diff that `git apply` takes:
#   # claim: what the guarded code promises
#   # test: the command (run from the copy's root) that must fail with the mutant applied
# Not part of Scripts/test.sh: each mutant rebuilds and runs its test (minutes each).
# Prints "mutants: N killed, M survived"; exits 1 when any survived or did not apply.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
scratch=$(mktemp -d /tmp/supportgate-mutants.XXXXXX)
trap 'git -C "$repo" worktree remove --force "$scratch/tree" >/dev/null 2>&1; rm -rf "$scratch"' EXIT
git -C "$repo" worktree add --detach --quiet "$scratch/tree" HEAD || exit 1
# The working tree's uncommitted changes count too: mutants are made against them.
(cd "$repo" && git diff HEAD --binary) | (cd "$scratch/tree" && git apply --allow-empty --whitespace=nowarn 2>/dev/null) || true
tree="$scratch/tree"

if (($#)); then
    patches=()
    for name in "$@"; do patches+=("$repo/Tests/Mutants/${name%.patch}.patch"); done
else
    patches=("$repo"/Tests/Mutants/*.patch)
fi

killed=0; survived=0; broken=0
for patch in "${patches[@]}"; do
    name=$(basename "$patch" .patch)
    claim=$(sed -n 's/^# claim: //p' "$patch" | head -n 1)
    test_command=$(sed -n 's/^# test: //p' "$patch" | head -n 1)
    echo "== $name: $claim"
    if [ -z "$test_command" ] || ! (cd "$tree" && git apply --whitespace=nowarn "$patch"); then
        echo "  BROKEN  the patch has no '# test:' line or no longer applies"
        broken=$((broken + 1)); continue
    fi
    log="$scratch/$name.log"
    if (cd "$tree" && bash -c "$test_command") >"$log" 2>&1; then
        echo "  SURVIVED  '$test_command' passed with the mutant (log: kept below)"
        tail -n 20 "$log" | sed 's/^/    /'
        survived=$((survived + 1))
    else
        echo "  killed  '$test_command' failed, as it must"
        killed=$((killed + 1))
    fi
    (cd "$tree" && git apply -R --whitespace=nowarn "$patch") || { echo "  cannot revert $name"; exit 1; }
done
echo "mutants: $killed killed, $((survived + broken)) survived"
((survived == 0 && broken == 0))
