#!/usr/bin/env bash
# Issue 13: measure a compiled LMDB tenant directory against the in-memory table's floor.
# See lmdb-bench.c for what is measured. Runs everything one process at a time, RUNS times
# (default 3), and prints the medians as a markdown table.
#
#   Scripts/bench-lmdb/run.sh [RUNS]
#
# Needs root for apt-get (only if lmdb.h is missing). Writes nothing in the repository: the
# binary, the LMDB environments and the raw results go to $LMDB_BENCH_OUT (default a fresh
# /var/tmp/lmdb-bench.XXXXXX, on disk, not tmpfs); the environments are deleted at the end.
# "Cold" evicts only data.mdb from the page cache (posix_fadvise DONTNEED), not the whole
# cache, so other work on the machine keeps its cache. Reads served from the hypervisor's
# cache still look like fast disk reads from inside this VM.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-3}

if [ ! -f /usr/include/lmdb.h ]; then
    apt-get update -qq && apt-get install -y -qq liblmdb-dev >/dev/null
fi
out=${LMDB_BENCH_OUT:-$(mktemp -d /var/tmp/lmdb-bench.XXXXXX)}
mkdir -p "$out"
trap 'rm -rf "$out/db"' EXIT
gcc -O2 -Wall -o "$out/lmdb-bench" "$here/lmdb-bench.c" -llmdb
bin=$out/lmdb-bench
db=$out/db

tag() { sed "s/^/$1./"; }
for run in $(seq 1 "$runs"); do
    echo "run $run/$runs" >&2
    {
        "$bin" mem | tag mem
        # The sorted+sync environment is compiled last and kept for the lookups.
        for variant in "random sync" "random nosync" "sorted nosync" "sorted sync"; do
            set -- $variant
            rm -rf "$db"; sync
            "$bin" compile "$db" "$1" "$2" | tag "compile_$1_$2"
            sync # flush a nosync run's dirty pages before anything else is timed
        done
        "$bin" evict "$db" | tag evict
        "$bin" lookup "$db" | tag cold
        cat "$db/data.mdb" >/dev/null # page cache warm; the process's own mapping is not
        "$bin" lookup "$db" | tag warm
    } >"$out/run$run.txt"
done
rm -rf "$db"

# Median of each key over the runs.
cat "$out"/run*.txt | sort -t= -k1,1 -k2,2g |
    awk -F= '{ v[$1] = v[$1] " " $2; n[$1]++ }
             END { for (k in v) { split(substr(v[k], 2), a, " "); print k "=" a[int((n[k] + 1) / 2)] } }' |
    sort >"$out/medians.txt"
dev=$(df --output=source "$out" | tail -1)
disk=$(lsblk -no pkname "$dev" 2>/dev/null | head -1); disk=${disk:-$(basename "$dev")}
readahead=$(cat "/sys/block/$disk/queue/read_ahead_kb" 2>/dev/null || echo '?')
m() { awk -F= -v k="$1" '$1 == k { print $2 }' "$out/medians.txt"; }
ms() { awk -v x="$(m "$1")" 'BEGIN { printf "%.0f ms", x }'; }
us() { awk -v x="$(m "$1")" 'BEGIN { printf "%.1f µs", x / 1000 }'; }
mb() { awk -v x="$(m "$1")" 'BEGIN { printf "%.0f MB", x / 1024 }'; }

cat <<EOF
Medians of $runs runs ($(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"), LMDB $(dpkg-query -W -f='${Version}' liblmdb-dev)).
1,000,000 customers (avg value $(m compile_sorted_sync.customer_value_avg_bytes) B) + 50,000 partners (avg $(m compile_sorted_sync.partner_value_avg_bytes) B); keys 16 B.
Per-lookup times include the timer itself: $(m mem.timer_p50_ns) ns (p50). Block-device readahead: $readahead kB.

| measurement | LMDB | in-memory floor |
| --- | --- | --- |
| compile/build, sorted + MDB_APPEND, durable (sort included) | $(ms compile_sorted_sync.compile_ms) (commit+sync $(ms compile_sorted_sync.commit_ms)) | $(ms mem.mem_build_ms) |
| compile, sorted + MDB_APPEND, MDB_NOSYNC | $(ms compile_sorted_nosync.compile_ms) (commit $(ms compile_sorted_nosync.commit_ms)) | |
| compile, random-order puts, durable | $(ms compile_random_sync.compile_ms) (commit+sync $(ms compile_random_sync.commit_ms)) | |
| compile, random-order puts, MDB_NOSYNC | $(ms compile_random_nosync.compile_ms) (commit $(ms compile_random_nosync.commit_ms)) | |
| data.mdb size, sorted / random | $(awk -v a="$(m compile_sorted_sync.file_bytes)" -v b="$(m compile_random_sync.file_bytes)" 'BEGIN { printf "%.0f MB / %.0f MB", a / 1048576, b / 1048576 }') | |
| open (env_open + first read txn + dbi), cold / warm | $(m cold.open_us) µs / $(m warm.open_us) µs | |
| lookup p50 / p99, warm page cache, 1M hits | $(m warm.lmdb_p50_ns) / $(m warm.lmdb_p99_ns) ns | $(m mem.mem_p50_ns) / $(m mem.mem_p99_ns) ns |
| lookup p50 / p99, warm cache, first 1000 (page-table faults) | $(m warm.lmdb_first1k_p50_ns) / $(m warm.lmdb_first1k_p99_ns) ns | $(m mem.mem_first1k_p50_ns) / $(m mem.mem_first1k_p99_ns) ns |
| lookup p50 / p99, cold (data.mdb evicted), first 1000 | $(m cold.lmdb_first1k_p50_ns) / $(m cold.lmdb_first1k_p99_ns) ns | |
| lookup p50 / p99, cold, all 1M | $(m cold.lmdb_p50_ns) / $(m cold.lmdb_p99_ns) ns | |
| very first lookup, cold / warm | $(us cold.lmdb_first_ns) / $(us warm.lmdb_first_ns) | $(us mem.mem_first_ns) |
| 1M lookups total (incl. key generation), cold / warm | $(ms cold.lmdb_total_ms) / $(ms warm.lmdb_total_ms) | $(ms mem.mem_total_ms) |
| miss p50 / p99 (1000 absent keys, after the hits) | $(m warm.lmdb_miss_p50_ns) / $(m warm.lmdb_miss_p99_ns) ns | $(m mem.mem_miss_p50_ns) / $(m mem.mem_miss_p99_ns) ns |
| major faults during cold open / cold 1M lookups | $(m cold.after_open_majflt) / $(m cold.after_lookups_majflt) | |
| VmRSS after open (file-backed part) | $(mb warm.after_open_rss_kb) ($(mb warm.after_open_rss_file_kb)) | $(mb mem.mem_after_build_rss_kb) after build |
| VmRSS / VmHWM after 1M lookups (file-backed part of RSS) | $(mb warm.after_lookups_rss_kb) / $(mb warm.after_lookups_hwm_kb) ($(mb warm.after_lookups_rss_file_kb)) | $(mb mem.mem_after_lookups_rss_kb) / $(mb mem.mem_after_lookups_hwm_kb) (HWM includes the generator's copy) |

Raw results: $out/run*.txt, medians: $out/medians.txt
EOF
