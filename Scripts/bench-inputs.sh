# Sourced by the benchmark scripts: makes sure the 100,000-customer directory and its
# drafts exist and are newer than what they are generated from (REGENERATE=1 forces it).
#   bench_inputs DIRECTORY DRAFTS
bench_inputs() {
    local directory=$1 drafts=$2 source stale=0
    [[ "${REGENERATE:-0}" == "1" || ! -s "$directory" || ! -s "$drafts" ]] && stale=1
    for source in Scripts/generate-directory.py Config/directory.json Config/examples/*.json; do
        [[ "$source" -nt "$drafts" ]] && stale=1
    done
    if ((stale)); then
        echo "generating $directory and $drafts" >&2
        python3 Scripts/generate-directory.py "$directory" --drafts "$drafts" >&2
    fi
    return 0
}
