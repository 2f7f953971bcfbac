/*
 * lmdb-bench: issue 13 — compiled LMDB directory (postmap style) vs. our in-memory table.
 *
 * Measures LMDB's OWN cost for a tenant directory of 1,000,000 customers and 50,000
 * partners, with no JSON parsing: records are generated deterministically in C with the
 * shape and sizes of bench-out/directory-1m.json (key = 16-byte tenant GUID; customer value
 * ~140 B: cloud, name, 2 domains, 1-3 relationships of partner id + flag; partner value ~600 B).
 * In the daemon the JSON parse would come ON TOP of the LMDB compile.
 *
 * Modes (each a fresh process; Scripts/bench-lmdb/run.sh drives them, 3 runs, medians):
 *   compile DIR sorted|random sync|nosync  write all records in one write txn (sorted keys +
 *                                  MDB_APPEND, or generation = random order), commit, close
 *   evict DIR                      drop data.mdb from the page cache (fadvise DONTNEED; only
 *                                  that file, no global drop_caches) and report residency
 *   lookup DIR                     open time (env_open + first read txn), then 1M random
 *                                  mdb_get of existing customers + 1000 misses, each timed
 *   mem                            the floor: flat record buffer + open-addressing index on the
 *                                  16-byte key (power-of-two slots, <=50% load), like
 *                                  Sources/SupportGateCore/CustomerTable.swift; build + lookups
 * Output: one "key=value" per line. Latencies are per lookup, clock_gettime(CLOCK_MONOTONIC)
 * around the lookup plus a read of the value's first and last byte; timer_ns is the cost of
 * an empty timed region, included in every latency.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <lmdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { NCUST = 1000000, NPART = 50000, NLOOK = 1000000, NMISS = 1000 };
enum { CUST_SEED = 1, PART_SEED = 2, MISS_SEED = 3, LOOK_SEED = 4 };

static uint64_t mix(uint64_t z) { /* splitmix64 finaliser */
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static uint64_t rng_state;
static uint64_t rng(void) { return mix(rng_state++); }
static double now_ns(void) {
    struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}
static void die(const char *what, int rc) { fprintf(stderr, "%s: %s\n", what, mdb_strerror(rc)); exit(1); }
#define CHECK(call) do { int rc_ = (call); if (rc_) die(#call, rc_); } while (0)

/* A version-4 GUID as 16 bytes, determined by (seed, i). */
static void gen_key(uint64_t seed, uint64_t i, uint8_t k[16]) {
    uint64_t a = mix(seed * 0x100000000ULL + i * 2), b = mix(seed * 0x100000000ULL + i * 2 + 1);
    memcpy(k, &a, 8); memcpy(k + 8, &b, 8);
    k[6] = (k[6] & 0x0f) | 0x40; k[8] = (k[8] & 0x3f) | 0x80;
}

static const char *words1[] = {"Contoso", "Fabrikam", "Northwind", "Adatum", "Wingtip", "Fourth Coffee",
                               "Tailspin", "Wide World", "Coho", "Litware", "Fincher", "Tasmanian"};
static const char *words2[] = {"Hospital", "Toys", "Motors", "Airlines", "Bank", "Retail",
                               "Logistics", "Pharmaceuticals", "Insurance", "Foods"};

static uint8_t *put_str(uint8_t *p, const char *s, int n) { *p++ = (uint8_t)n; memcpy(p, s, n); return p + n; }

/* Customer i: cloud, name, 2 domains, 1-3 relationships (partner id + azureAccessGranted). */
static size_t gen_customer(uint64_t i, uint8_t *out) {
    uint64_t r = mix(i ^ 0xC0FFEE);
    const char *w1 = words1[r % 12], *w2 = words2[(r >> 8) % 10];
    char s[128], slug[64]; int n, m;
    uint8_t *p = out;
    *p++ = 0; /* cloud: public */
    n = snprintf(s, sizeof s, "%s %s %llu", w1, w2, (unsigned long long)i); p = put_str(p, s, n);
    m = snprintf(slug, sizeof slug, "%s-%s-%llu", w1, w2, (unsigned long long)i);
    for (int j = 0; j < m; j++) slug[j] = slug[j] == ' ' ? '-' : (char)(slug[j] | 0x20);
    *p++ = 2;
    n = snprintf(s, sizeof s, "%s.com", slug); p = put_str(p, s, n);
    n = snprintf(s, sizeof s, "%s.onmicrosoft.com", slug); p = put_str(p, s, n);
    int nrel = 1 + (int)((r >> 16) % 3);
    *p++ = (uint8_t)nrel;
    for (int j = 0; j < nrel; j++) {
        gen_key(PART_SEED, (r >> (20 + 8 * j)) % NPART, p); p += 16;
        *p++ = (r >> (44 + j)) & 1;
    }
    return (size_t)(p - out);
}

/* Partner j: cloud/status/program/trial, name, 2 domains, submitters, 4 entitlements (~600 B). */
static size_t gen_partner(uint64_t j, uint8_t *out) {
    char s[256]; int n; uint8_t *p = out;
    *p++ = 0; *p++ = 1; *p++ = (uint8_t)(j % 3); *p++ = 0;
    n = snprintf(s, sizeof s, "%s Partner Services %llu", words1[j % 12], (unsigned long long)j); p = put_str(p, s, n);
    *p++ = 2;
    n = snprintf(s, sizeof s, "partner-%llu.com", (unsigned long long)j); p = put_str(p, s, n);
    n = snprintf(s, sizeof s, "partner-%llu-csp.onmicrosoft.com", (unsigned long long)j); p = put_str(p, s, n);
    uint32_t uid = 1000 + (uint32_t)j; memcpy(p, &uid, 4); p += 4;
    n = snprintf(s, sizeof s, "partner-%llu-support", (unsigned long long)j); p = put_str(p, s, n);
    *p++ = 4;
    for (int e = 0; e < 4; e++) {
        n = snprintf(s, sizeof s, "partner-%llu-entitlement-%d|premier|azure,office365,dynamics365,ems|"
                     "2026-01-01T00:00:00Z|2027-01-01T00:00:00Z|20", (unsigned long long)j, e);
        p = put_str(p, s, n);
    }
    return (size_t)(p - out);
}

/* All records in one arena: keys[i], values at off[i]..off[i+1]. */
typedef struct { size_t n; uint8_t (*keys)[16]; size_t *off; uint8_t *data; } Recs;
static Recs generate(size_t n, int partners) {
    Recs r = {n, malloc(n * 16), malloc((n + 1) * sizeof(size_t)), malloc(n * (partners ? 700 : 200))};
    r.off[0] = 0;
    for (size_t i = 0; i < n; i++) {
        gen_key(partners ? PART_SEED : CUST_SEED, i, r.keys[i]);
        r.off[i + 1] = r.off[i] + (partners ? gen_partner(i, r.data + r.off[i]) : gen_customer(i, r.data + r.off[i]));
    }
    return r;
}
static void release(Recs *r) { free(r->keys); free(r->off); free(r->data); }

static const Recs *sort_recs;
static int by_key(const void *a, const void *b) {
    return memcmp(sort_recs->keys[*(const uint32_t *)a], sort_recs->keys[*(const uint32_t *)b], 16);
}

static void put_all(MDB_txn *txn, MDB_dbi dbi, const Recs *r, int sorted) {
    uint32_t *order = malloc(r->n * sizeof *order);
    for (uint32_t i = 0; i < r->n; i++) order[i] = i;
    if (sorted) { sort_recs = r; qsort(order, r->n, sizeof *order, by_key); }
    for (size_t k = 0; k < r->n; k++) {
        uint32_t i = order[k];
        MDB_val key = {16, r->keys[i]}, val = {r->off[i + 1] - r->off[i], r->data + r->off[i]};
        CHECK(mdb_put(txn, dbi, &key, &val, sorted ? MDB_APPEND : 0));
    }
    free(order);
}

static void print_status(const char *when) { /* VmRSS, VmHWM, RssAnon, RssFile in kB; major faults */
    struct rusage ru; getrusage(RUSAGE_SELF, &ru); printf("%s_majflt=%ld\n%s_minflt=%ld\n", when, ru.ru_majflt, when, ru.ru_minflt);
    FILE *f = fopen("/proc/self/status", "r"); char line[256];
    while (fgets(line, sizeof line, f)) {
        long kb;
        if (sscanf(line, "VmRSS: %ld", &kb) == 1) printf("%s_rss_kb=%ld\n", when, kb);
        if (sscanf(line, "VmHWM: %ld", &kb) == 1) printf("%s_hwm_kb=%ld\n", when, kb);
        if (sscanf(line, "RssAnon: %ld", &kb) == 1) printf("%s_rss_anon_kb=%ld\n", when, kb);
        if (sscanf(line, "RssFile: %ld", &kb) == 1) printf("%s_rss_file_kb=%ld\n", when, kb);
    }
    fclose(f);
}

static int cmp_u32(const void *a, const void *b) { uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b; return (x > y) - (x < y); }
static void report(const char *name, uint32_t *lat, size_t n) {
    qsort(lat, n, sizeof *lat, cmp_u32);
    printf("%s_p50_ns=%u\n%s_p99_ns=%u\n", name, lat[n / 2], name, lat[n * 99 / 100]);
}
static void timer_cost(void) {
    static uint32_t lat[100000];
    for (int i = 0; i < 100000; i++) { double t0 = now_ns(); lat[i] = (uint32_t)(now_ns() - t0); }
    report("timer", lat, 100000);
}

/* Lookup driver shared by LMDB and the floor: find(key, &len) returns the value or NULL. */
typedef const uint8_t *(*Find)(const uint8_t key[16], size_t *len);
static void run_lookups(Find find, const char *prefix) {
    uint32_t *lat = malloc(NLOOK * sizeof *lat); char name[64]; uint64_t sum = 0; size_t found = 0;
    rng_state = LOOK_SEED * 0x1000000ULL;
    double start = now_ns();
    for (size_t k = 0; k < NLOOK; k++) {
        uint8_t key[16]; size_t len; gen_key(CUST_SEED, rng() % NCUST, key);
        double t0 = now_ns();
        const uint8_t *v = find(key, &len);
        if (v) { sum += v[0] + v[len - 1] + len; found++; }
        lat[k] = (uint32_t)(now_ns() - t0);
    }
    printf("%s_total_ms=%.1f\n%s_first_ns=%u\n", prefix, (now_ns() - start) / 1e6, prefix, lat[0]);
    snprintf(name, sizeof name, "%s_first1k", prefix); report(name, lat, 1000);
    report(prefix, lat, NLOOK);
    for (size_t k = 0; k < NMISS; k++) {
        uint8_t key[16]; size_t len; gen_key(MISS_SEED, k, key);
        double t0 = now_ns();
        if (find(key, &len)) found += NLOOK; /* would flag a bogus hit */
        lat[k] = (uint32_t)(now_ns() - t0);
    }
    snprintf(name, sizeof name, "%s_miss", prefix); report(name, lat, NMISS);
    printf("%s_found=%zu\n%s_checksum=%llu\n", prefix, found, prefix, (unsigned long long)sum);
    free(lat);
}

/* ---- LMDB ---- */
static MDB_txn *rtxn; static MDB_dbi cust_dbi;
static const uint8_t *lmdb_find(const uint8_t key[16], size_t *len) {
    MDB_val k = {16, (void *)key}, v;
    int rc = mdb_get(rtxn, cust_dbi, &k, &v);
    if (rc == MDB_NOTFOUND) return NULL;
    if (rc) die("mdb_get", rc);
    *len = v.mv_size; return v.mv_data;
}

static MDB_env *open_env(const char *dir, unsigned flags) {
    MDB_env *env;
    CHECK(mdb_env_create(&env));
    CHECK(mdb_env_set_maxdbs(env, 2));
    CHECK(mdb_env_set_mapsize(env, (size_t)4 << 30));
    CHECK(mdb_env_open(env, dir, flags, 0644));
    return env;
}

static double resident_pct(const char *path) { /* share of the file in the page cache */
    int fd = open(path, O_RDONLY); struct stat st; fstat(fd, &st);
    size_t pages = (st.st_size + 4095) / 4096, in = 0;
    void *m = mmap(NULL, st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    unsigned char *vec = malloc(pages);
    mincore(m, st.st_size, vec);
    for (size_t i = 0; i < pages; i++) in += vec[i] & 1;
    munmap(m, st.st_size); free(vec); close(fd);
    return 100.0 * in / pages;
}

static void mode_compile(const char *dir, int sorted, int sync) {
    Recs c = generate(NCUST, 0), p = generate(NPART, 1); /* not timed */
    printf("customer_value_avg_bytes=%.1f\npartner_value_avg_bytes=%.1f\n",
           (double)c.off[NCUST] / NCUST, (double)p.off[NPART] / NPART);
    mkdir(dir, 0755);
    double t0 = now_ns();
    MDB_env *env = open_env(dir, sync ? 0 : MDB_NOSYNC);
    MDB_txn *txn; MDB_dbi cdbi, pdbi;
    CHECK(mdb_txn_begin(env, NULL, 0, &txn));
    CHECK(mdb_dbi_open(txn, "customers", MDB_CREATE, &cdbi));
    CHECK(mdb_dbi_open(txn, "partners", MDB_CREATE, &pdbi));
    put_all(txn, pdbi, &p, sorted);
    put_all(txn, cdbi, &c, sorted);
    double t1 = now_ns();
    CHECK(mdb_txn_commit(txn));
    double t2 = now_ns();
    mdb_env_close(env);
    double t3 = now_ns();
    char path[4096]; struct stat st; snprintf(path, sizeof path, "%s/data.mdb", dir); stat(path, &st);
    printf("puts_ms=%.1f\ncommit_ms=%.1f\ncompile_ms=%.1f\nfile_bytes=%lld\n",
           (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t0) / 1e6, (long long)st.st_size);
    release(&c); release(&p);
}

static void mode_evict(const char *dir) {
    char path[4096]; snprintf(path, sizeof path, "%s/data.mdb", dir);
    printf("resident_before_pct=%.1f\n", resident_pct(path));
    int fd = open(path, O_RDONLY);
    fdatasync(fd); /* dirty pages cannot be dropped */
    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    close(fd);
    printf("resident_after_pct=%.1f\n", resident_pct(path));
}

static void mode_lookup(const char *dir) {
    char path[4096]; snprintf(path, sizeof path, "%s/data.mdb", dir);
    printf("resident_at_start_pct=%.1f\n", resident_pct(path));
    timer_cost();
    double t0 = now_ns();
    MDB_env *env = open_env(dir, MDB_RDONLY);
    CHECK(mdb_txn_begin(env, NULL, MDB_RDONLY, &rtxn));
    CHECK(mdb_dbi_open(rtxn, "customers", 0, &cust_dbi));
    printf("open_us=%.1f\n", (now_ns() - t0) / 1e3);
    print_status("after_open");
    run_lookups(lmdb_find, "lmdb");
    print_status("after_lookups");
    mdb_txn_abort(rtxn); mdb_env_close(env);
}

/* ---- The floor: flat records + open-addressing index (CustomerTable.swift's layout) ---- */
typedef struct { size_t n; uint8_t (*ids)[16]; uint32_t *off; uint8_t *text; uint32_t *slots; size_t mask; } Table;
static Table table;
static size_t hash_key(const uint8_t k[16]) {
    uint64_t a, b; memcpy(&a, k, 8); memcpy(&b, k + 8, 8);
    return (size_t)mix(mix(a ^ 0x5eed) ^ b);
}
static Table build_table(const Recs *r) {
    Table t = {r->n, malloc(r->n * 16), malloc((r->n + 1) * 4), NULL, NULL, 0};
    size_t cap = 1 << 16, used = 0;
    t.text = malloc(cap);
    t.off[0] = 0;
    for (size_t i = 0; i < r->n; i++) { /* append, growing like a Swift array */
        size_t len = r->off[i + 1] - r->off[i];
        if (used + len > cap) t.text = realloc(t.text, cap *= 2);
        memcpy(t.text + used, r->data + r->off[i], len);
        memcpy(t.ids[i], r->keys[i], 16);
        t.off[i + 1] = (uint32_t)(used += len);
    }
    size_t slots = 1; while (slots < 2 * r->n) slots <<= 1;
    t.slots = calloc(slots, 4); t.mask = slots - 1;
    for (size_t i = 0; i < r->n; i++) {
        size_t s = hash_key(t.ids[i]) & t.mask;
        while (t.slots[s]) s = (s + 1) & t.mask;
        t.slots[s] = (uint32_t)i + 1;
    }
    return t;
}
static const uint8_t *mem_find(const uint8_t key[16], size_t *len) {
    for (size_t s = hash_key(key) & table.mask;; s = (s + 1) & table.mask) {
        uint32_t e = table.slots[s];
        if (!e) return NULL;
        if (!memcmp(table.ids[e - 1], key, 16)) {
            *len = table.off[e] - table.off[e - 1]; return table.text + table.off[e - 1];
        }
    }
}

static void mode_mem(void) {
    timer_cost();
    Recs c = generate(NCUST, 0); /* not timed */
    double t0 = now_ns();
    table = build_table(&c);
    printf("mem_build_ms=%.1f\n", (now_ns() - t0) / 1e6);
    release(&c); /* the generator's copy; RSS below is the table */
    print_status("mem_after_build");
    run_lookups(mem_find, "mem");
    print_status("mem_after_lookups");
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 5 && !strcmp(argv[1], "compile"))
        mode_compile(argv[2], !strcmp(argv[3], "sorted"), !strcmp(argv[4], "sync"));
    else if (argc == 3 && !strcmp(argv[1], "evict")) mode_evict(argv[2]);
    else if (argc == 3 && !strcmp(argv[1], "lookup")) mode_lookup(argv[2]);
    else if (argc == 2 && !strcmp(argv[1], "mem")) mode_mem();
    else { fprintf(stderr, "usage: %s compile DIR sorted|random sync|nosync | evict DIR | lookup DIR | mem\n", argv[0]); return 2; }
    return 0;
}
