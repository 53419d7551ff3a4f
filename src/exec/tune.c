/* tune.c: `gecl tune` (gecl_tune_device). For each kernel family it builds one graph per
 * candidate tile and work-group, loads them all, and times them in interleaved rounds (the
 * median of the rounds' medians); the fastest whose output matches the built-in table's within
 * 1e-4 of its largest value goes into the device's tuning table (tuning_file.c), which later
 * loads read. Families: the GEMM (MatMulV2 1024^3; 512^3 with quick), the batch-1 row (gemv,
 * 1x2048x1000), and 3x3 convolutions, each with the lowering its tile is for forced: the direct
 * kernel (32 -> 128 channels at 27x27), output channels as the vector (conv_cov, 64 -> 256 at
 * 13x13) and depthwise (144 channels at 56x56). */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "acl/acl.h"
#include "gecl/gecl.h"
#include "gecl/gecl_rt.h"
#include "ge_error.h"
#include "progcache.h"
#include "tuning.h"

#define MAX_CANDIDATES 32
#define GRAPH_ID_BASE 0x7e000000u

/* What a family's graph is: MatMulV2 (dims m, k, n) or a Conv2D 3x3 pad 1 (dims ci, co, hw)
 * lowered the way its tile is for. */
typedef enum { FAM_MATMUL, FAM_CONV_DIRECT, FAM_CONV_COV, FAM_CONV_DW } family_kind;

typedef struct family {
    const char *name;              /* the tuning field it sets */
    size_t field;                  /* offsetof(gecl_tuning, that gecl_tile) */
    family_kind conv;              /* FAM_MATMUL (0) or one of the Conv2D kinds */
    int64_t dims[3];
    size_t n_in;
    gecl_tensor_desc in[2], out;
} family;

typedef struct candidate {
    gecl_tile tile;
    int ok;                        /* loaded, ran, and matched the built-in table's output */
    double ms;
} candidate;

typedef struct tuner {
    gecl_device_desc desc;
    gecl_tuning base, best;
    gecl_session session;
    aclrtStream stream;
    int rounds, runs;
    void *in[2], *out;
    float *ref, *got;
} tuner;

static gecl_tile *tile_of(gecl_tuning *t, const family *f) { return (gecl_tile *)((char *)t + f->field); }

static size_t elems(const gecl_tensor_desc *d)
{
    size_t n = 1;
    for (uint32_t i = 0; i < d->ndim; i++) n *= (size_t)d->dims[i];
    return n;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void set_family(family *f, const char *name, size_t field, family_kind conv, int64_t d0, int64_t d1, int64_t d2)
{
    *f = (family){.name = name, .field = field, .conv = conv, .dims = {d0, d1, d2}};
    if (conv) {
        f->n_in = 1;
        f->in[0] = (gecl_tensor_desc){GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, {1, d0, d2, d2}};
        f->out = (gecl_tensor_desc){GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, {1, d1, d2, d2}};
    } else {
        f->n_in = 2;
        f->in[0] = (gecl_tensor_desc){GECL_DT_FLOAT, GECL_FORMAT_ND, 2, {d0, d1}};
        f->in[1] = (gecl_tensor_desc){GECL_DT_FLOAT, GECL_FORMAT_ND, 2, {d1, d2}};
        f->out = (gecl_tensor_desc){GECL_DT_FLOAT, GECL_FORMAT_ND, 2, {d0, d2}};
    }
}

/* The filter is a constant, as in a model, so the lowering picks what it would pick there. */
static gecl_status add_conv(gecl_graph *g, const family *f, gecl_port x, int32_t *node)
{
    const int64_t ci = f->dims[0], co = f->dims[1], groups = f->conv == FAM_CONV_DW ? ci : 1;
    const int64_t nw = co * ci / groups * 9, ones[4] = {1, 1, 1, 1};
    const gecl_tensor_desc dw = {GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, {co, ci / groups, 3, 3}};
    float *w = malloc((size_t)nw * sizeof *w);
    if (!w) return gecl_ge_fail(GECL_FAILED, "gecl tune: out of host memory");
    for (int64_t i = 0; i < nw; i++) w[i] = (float)(i * 7919 % 201 - 100) / 1000.0f;
    gecl_port wp;
    gecl_status st = gecl_graph_add_const(g, "w", &dw, w, (size_t)nw * sizeof *w, &wp);
    free(w);
    if (!st) st = gecl_graph_add_op(g, "conv", "Conv2D", 2, (gecl_port[]){x, wp}, node);
    if (!st) st = gecl_graph_set_attr_ints(g, *node, "strides", ones, 4);
    if (!st) st = gecl_graph_set_attr_ints(g, *node, "pads", ones, 4);
    if (!st) st = gecl_graph_set_attr_int(g, *node, "groups", groups);
    if (!st) st = gecl_graph_set_attr_string(g, *node, "data_format", "NCHW");
    return st;
}

static gecl_graph *build(const family *f)
{
    gecl_graph *g = NULL;
    gecl_port in[2];
    int32_t node = -1;
    gecl_status st = gecl_graph_create(f->name, &g);
    for (size_t i = 0; !st && i < f->n_in; i++) st = gecl_graph_add_data(g, i ? "b" : "a", (int64_t)i, &f->in[i], &in[i]);
    if (!st) st = f->conv ? add_conv(g, f, in[0], &node) : gecl_graph_add_op(g, "mm", "MatMulV2", 2, in, &node);
    if (!st) st = gecl_graph_set_outputs(g, 1, &(gecl_port){node, 0});
    if (st) {
        gecl_graph_destroy(g);
        return NULL;
    }
    return g;
}

static int run_once(tuner *T, const family *f, uint32_t id)
{
    gecl_tensor in[2], out = {f->out, T->out, elems(&f->out) * sizeof(float), GECL_ON_DEVICE};
    for (size_t i = 0; i < f->n_in; i++)
        in[i] = (gecl_tensor){f->in[i], T->in[i], elems(&f->in[i]) * sizeof(float), GECL_ON_DEVICE};
    return gecl_session_run_graph_with_stream_async(T->session, id, T->stream, f->n_in, in, 1, &out) == GECL_SUCCESS &&
           aclrtSynchronizeStream(T->stream) == ACL_SUCCESS;
}

/* Compiles and loads candidate c under id with its tile in the device's table, runs it once and
 * compares its output with ref (NULL: this is the reference, copied there). */
static int load_candidate(tuner *T, const family *f, const gecl_tile *tile, uint32_t id, float *ref)
{
    gecl_tuning t = T->best;
    *tile_of(&t, f) = *tile;
    if (f->conv) { /* the lowering the tile is for, whichever this device's table would pick */
        t.wino_min_ci = 0;
        t.cov_max_pixels = f->conv == FAM_CONV_COV ? (int64_t)1 << 30 : 0;
        t.cov_min_k = 0;
    }
    gecl_tuning_set(&T->desc, &t);
    gecl_graph *g = build(f);
    int ok = g && !gecl_session_add_graph(T->session, id, g, 0, NULL, NULL) &&
             !gecl_session_load_graph(T->session, id, 0, NULL, NULL, T->stream) && run_once(T, f, id);
    gecl_graph_destroy(g);
    const size_t n = elems(&f->out);
    float *dst = ref ? T->got : T->ref;
    ok = ok && aclrtMemcpy(dst, n * sizeof(float), T->out, n * sizeof(float), ACL_MEMCPY_DEVICE_TO_HOST) == ACL_SUCCESS;
    if (!ok || !ref) return ok;
    double diff = 0, mag = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(dst[i])) return 0;
        diff = fmax(diff, fabs((double)dst[i] - ref[i]));
        mag = fmax(mag, fabs((double)ref[i]));
    }
    return diff <= 1e-4 * mag;
}

/* Interleaved rounds: each candidate's median of T->runs runs per round, then the median over
 * the rounds. */
static void time_candidates(tuner *T, const family *f, candidate *c, size_t n)
{
    double *per = calloc(n * (size_t)T->rounds, sizeof *per), *runs = calloc((size_t)T->runs, sizeof *runs);
    for (int r = 0; per && runs && r < T->rounds; r++) {
        for (size_t i = 0; i < n; i++) {
            if (!c[i].ok) continue;
            c[i].ok = run_once(T, f, GRAPH_ID_BASE + (uint32_t)i);
            for (int k = 0; c[i].ok && k < T->runs; k++) {
                const double t0 = now_ms();
                c[i].ok = run_once(T, f, GRAPH_ID_BASE + (uint32_t)i);
                runs[k] = now_ms() - t0;
            }
            per[i * (size_t)T->rounds + (size_t)r] = c[i].ok ? median(runs, (size_t)T->runs) : 0;
        }
    }
    for (size_t i = 0; i < n; i++) c[i].ms = c[i].ok && per && runs ? median(per + i * (size_t)T->rounds, (size_t)T->rounds) : 0;
    free(per);
    free(runs);
}

/* The candidates of a family: the built-in tile first (the reference), then rows x vectors x
 * work-groups around it at the device's vector width (quick: the built-in tile's rows and
 * vectors in two other work-groups). The depthwise kernel takes one vector of pixels, so there
 * the vector's width varies instead of the vector count. */
static size_t candidates(const tuner *T, const family *f, int quick, candidate *c)
{
    const gecl_tile b = *tile_of((gecl_tuning *)&T->base, f);
    const int gpu = !(T->desc.type & CL_DEVICE_TYPE_CPU), dw = f->conv == FAM_CONV_DW;
    const int gemv = f->field == offsetof(gecl_tuning, gemv);
    static const unsigned cpu_locals[][2] = {{1, 64}, {4, 4}, {2, 32}, {16, 1}};
    static const unsigned gpu_locals[][2] = {{16, 4}, {8, 8}, {16, 16}, {32, 4}};
    const unsigned (*locals)[2] = gpu ? gpu_locals : cpu_locals;
    const unsigned tile_rows[] = {4, 6, 8}, gemv_rows[] = {1}, tile_nvec[] = {1, 2}, gemv_nvec[] = {2, 4, 8};
    const unsigned dw_rows[] = {2, 4, 8}, dw_vec[] = {b.vec / 2 ? b.vec / 2 : 1, b.vec, b.vec * 2 <= 16 ? b.vec * 2 : 16};
    const unsigned *rows = quick ? &b.rows : gemv ? gemv_rows : dw ? dw_rows : tile_rows;
    const unsigned *nvec = quick ? (dw ? &b.vec : &b.nvec) : gemv ? gemv_nvec : dw ? dw_vec : tile_nvec;
    const size_t n_rows = quick || gemv ? 1 : 3, n_nvec = quick ? 1 : gemv || dw ? 3 : 2, n_local = quick ? 2 : 4;
    size_t n = 0;
    c[n++] = (candidate){.tile = b};
    for (size_t r = 0; r < n_rows; r++)
        for (size_t v = 0; v < n_nvec; v++)
            for (size_t l = 0; l < n_local && n < MAX_CANDIDATES; l++) {
                const gecl_tile t = {rows[r], dw ? nvec[v] : b.vec, dw ? 1 : nvec[v], {locals[l][0], locals[l][1]}};
                int seen = 0;
                for (size_t i = 0; i < n; i++) seen |= !memcmp(&t, &c[i].tile, sizeof t);
                if (!seen) c[n++] = (candidate){.tile = t};
            }
    return n;
}

static void print_tile(FILE *out, const gecl_tile *t)
{
    fprintf(out, "%2ux%-2u x%u  local %3ux%-3u", t->rows, t->vec, t->nvec, t->local[0], t->local[1]);
}

/* Measures one family and keeps its winner in T->best. */
static void tune_family(tuner *T, const family *f, int quick)
{
    if (f->conv == FAM_CONV_COV && !T->base.cov_max_pixels) {
        printf("%s: this device's table never takes that lowering; skipped\n", f->name);
        return;
    }
    candidate c[MAX_CANDIDATES];
    const size_t n = candidates(T, f, quick, c);
    /* the built-in tile's output is the reference: without it nothing else can be checked */
    c[0].ok = load_candidate(T, f, &c[0].tile, GRAPH_ID_BASE, NULL);
    for (size_t i = 1; i < n; i++) c[i].ok = c[0].ok && load_candidate(T, f, &c[i].tile, GRAPH_ID_BASE + (uint32_t)i, T->ref);
    time_candidates(T, f, c, n);
    size_t best = 0;
    for (size_t i = 1; i < n; i++)
        if (c[i].ok && (!c[best].ok || c[i].ms < c[best].ms)) best = i;
    printf("%s (%s %lldx%lldx%lld):\n", f->name,
           f->conv == FAM_CONV_DW ? "depthwise Conv2D 3x3 ci x co x hw" : f->conv ? "Conv2D 3x3 ci x co x hw" : "MatMulV2 m x k x n",
           (long long)f->dims[0], (long long)f->dims[1], (long long)f->dims[2]);
    for (size_t i = 0; i < n; i++) {
        printf("  ");
        print_tile(stdout, &c[i].tile);
        if (c[i].ok) printf("  %9.3f ms%s%s\n", c[i].ms, i == 0 ? "  (built-in)" : "", i == best ? "  <- best" : "");
        else printf("  %s\n", i == 0 ? "failed: the built-in tile does not run; family skipped"
                               : c[0].ok ? "failed or wrong result" : "not tried");
        gecl_session_remove_graph(T->session, GRAPH_ID_BASE + (uint32_t)i);
    }
    if (c[best].ok) *tile_of(&T->best, f) = c[best].tile;
}

/* The temporary file the table is written to first, opened for writing; NULL with the error set. */
static FILE *open_tmp(const char *path, char *tmp, size_t cap)
{
    if ((size_t)snprintf(tmp, cap, "%s.%ld.tmp", path, (long)getpid()) >= cap) {
        gecl_ge_fail(GECL_PARAM_INVALID, "gecl tune: the path '%.64s...' is too long", path);
        return NULL;
    }
    FILE *f = gecl_create_new_file(tmp); /* the cache folder's rules: no link followed */
    if (!f) gecl_ge_fail(GECL_FAILED, "gecl tune: cannot write %s: %s", tmp, strerror(errno));
    return f;
}

/* Whether the table can be written there: checked before minutes of measuring, not after. */
static gecl_status check_writable(const char *path)
{
    char tmp[1280];
    FILE *f = open_tmp(path, tmp, sizeof tmp);
    if (!f) return GECL_FAILED;
    fclose(f);
    unlink(tmp);
    return GECL_SUCCESS;
}

/* Writes the table through a temporary file and a rename, so a reader never sees half of it. */
static gecl_status write_table(const tuner *T, const char *path)
{
    char tmp[1280];
    FILE *f = open_tmp(path, tmp, sizeof tmp);
    if (!f) return GECL_FAILED;
    fprintf(f, "# gecl tune: %s (%s, %s %s)\n", T->desc.name, T->desc.platform, T->desc.driver, T->desc.version);
    gecl_tuning_write(f, &T->best);
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        return gecl_ge_fail(GECL_FAILED, "gecl tune: cannot write %s: %s", path, strerror(errno));
    }
    return GECL_SUCCESS;
}

static gecl_status open_tuner(tuner *T, int32_t device, int rounds)
{
    memset(T, 0, sizeof *T);
    T->rounds = rounds;
    T->runs = 5;
    if (gecl_rt_describe_device(device, &T->desc) != ACL_SUCCESS)
        return gecl_ge_fail(GECL_PARAM_INVALID, "gecl tune: no device %d", device);
    T->base = T->best = *gecl_tuning_builtin(&T->desc);
    char id[16];
    snprintf(id, sizeof id, "%d", device);
    const char *keys[] = {"ge.exec.deviceId"}, *values[] = {id};
    if (aclrtSetDevice(device) != ACL_SUCCESS || aclrtCreateStream(&T->stream) != ACL_SUCCESS)
        return gecl_ge_fail(GECL_FAILED, "gecl tune: device %d: %s", device, aclGetRecentErrMsg());
    return gecl_session_create(1, keys, values, &T->session);
}

/* Buffers for the largest family: inputs filled with a fixed pattern. */
static gecl_status alloc_buffers(tuner *T, const family *fams, size_t n_fams)
{
    size_t in_max[2] = {1, 1}, out_max = 1;
    for (size_t i = 0; i < n_fams; i++) {
        for (size_t k = 0; k < fams[i].n_in; k++) in_max[k] = elems(&fams[i].in[k]) > in_max[k] ? elems(&fams[i].in[k]) : in_max[k];
        out_max = elems(&fams[i].out) > out_max ? elems(&fams[i].out) : out_max;
    }
    float *host = malloc((in_max[0] > in_max[1] ? in_max[0] : in_max[1]) * sizeof *host);
    T->ref = malloc(out_max * sizeof *T->ref);
    T->got = malloc(out_max * sizeof *T->got);
    if (!host || !T->ref || !T->got) {
        free(host);
        return gecl_ge_fail(GECL_FAILED, "gecl tune: out of host memory");
    }
    aclError rc = aclrtMalloc(&T->out, out_max * sizeof(float), ACL_MEM_MALLOC_HUGE_FIRST);
    for (size_t k = 0; k < 2 && !rc; k++) {
        for (size_t i = 0; i < in_max[k]; i++) host[i] = (float)((int)((i * 2654435761u + k) % 2001) - 1000) / 1000.0f;
        rc = aclrtMalloc(&T->in[k], in_max[k] * sizeof(float), ACL_MEM_MALLOC_HUGE_FIRST);
        if (!rc) rc = aclrtMemcpy(T->in[k], in_max[k] * sizeof(float), host, in_max[k] * sizeof(float), ACL_MEMCPY_HOST_TO_DEVICE);
    }
    free(host);
    return rc ? gecl_ge_fail(GECL_FAILED, "gecl tune: device memory: %s", aclGetRecentErrMsg()) : GECL_SUCCESS;
}

static void close_tuner(tuner *T)
{
    if (T->session) gecl_session_destroy(T->session);
    for (size_t k = 0; k < 2; k++)
        if (T->in[k]) aclrtFree(T->in[k]);
    if (T->out) aclrtFree(T->out);
    if (T->stream) aclrtDestroyStream(T->stream);
    free(T->ref);
    free(T->got);
}

gecl_status gecl_tune_device(int32_t device, int rounds, int quick, const char *path)
{
    if (rounds < 1 || rounds > 100) return gecl_ge_fail(GECL_PARAM_INVALID, "gecl tune: rounds must be 1-100, not %d", rounds);
    tuner T;
    enum { N_FAMS = 5 };
    family fams[N_FAMS];
    const int64_t sq = quick ? 512 : 1024;
    set_family(&fams[0], "gemm", offsetof(gecl_tuning, gemm), FAM_MATMUL, sq, sq, sq);
    set_family(&fams[1], "gemv", offsetof(gecl_tuning, gemv), FAM_MATMUL, 1, 2048, 1000);
    set_family(&fams[2], "conv_nchw", offsetof(gecl_tuning, conv_nchw), FAM_CONV_DIRECT, 32, 128, 27);
    set_family(&fams[3], "conv_cov", offsetof(gecl_tuning, conv_cov), FAM_CONV_COV, 64, 256, 13);
    set_family(&fams[4], "dw_nchw", offsetof(gecl_tuning, dw_nchw), FAM_CONV_DW, 144, 144, 56);
    gecl_status st = open_tuner(&T, device, rounds);
    char where[1200];
    if (!st && !path && !gecl_tuning_path(&T.desc, where, sizeof where))
        st = gecl_ge_fail(GECL_FAILED, "gecl tune: no cache folder to write the table to (GECL_DISK_CACHE=0?); give --out FILE");
    if (!st) st = check_writable(path ? path : where);
    if (!st) st = alloc_buffers(&T, fams, N_FAMS);
    if (!st)
        printf("device %d: %s (%s, %s %s); %d rounds of %d runs\n", device, T.desc.name, T.desc.platform, T.desc.driver,
               T.desc.version, rounds, T.runs);
    for (size_t i = 0; !st && i < N_FAMS; i++) tune_family(&T, &fams[i], quick);
    if (!st) st = write_table(&T, path ? path : where);
    if (!st) printf("wrote %s\n", path ? path : where);
    gecl_tuning_set(&T.desc, NULL); /* the next compile reads the file back */
    close_tuner(&T);
    return st;
}
