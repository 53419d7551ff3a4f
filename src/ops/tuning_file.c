/* tuning_file.c: tuning tables as text files, and the per-device overrides gecl_tuning_for
 * returns instead of the built-in table (`gecl tune` measures and writes them; tuning.h).
 *
 * A file holds one field per line, by the gecl_tuning member's name:
 *   gemm 6 8 2 1 64          a tile: rows vec nvec local0 local1
 *   wino_min_ci 64           a number
 * with `#` comments. Fields a file leaves out keep the built-in value, so a file written for an
 * older gecl still loads. A file with any bad line (unknown field, wrong count, out of range) is
 * ignored as a whole, with a warning naming the file and the line: half a table is worse than
 * the built-in one. */
#include <errno.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "progcache.h"
#include "runtime.h"
#include "tuning.h"

/* Every field a file may set, once: X_TILE(name) or X_NUM(name, max). */
#define TUNING_FIELDS(X_TILE, X_NUM)                                                              \
    X_TILE(gemm) X_TILE(gemv) X_TILE(dot) X_TILE(conv_nchw) X_TILE(conv_nchw_thin)                 \
    X_TILE(conv_nchw_stem) X_TILE(dw_nchw) X_TILE(conv_nhwc) X_TILE(dw_nhwc) X_TILE(conv_cov)      \
    X_NUM(thin_k, 1 << 20) X_NUM(stem_max_ci, 1 << 20) X_NUM(pad_local, 1024)                       \
    X_NUM(pack_b_bytes, (int64_t)1 << 40) X_NUM(pack_b_min_k, 1 << 30)                              \
    X_NUM(conv_gemm_pointwise, 1) X_NUM(conv_gemm_col_bytes, (int64_t)1 << 40)                     \
    X_NUM(wino_min_ci, 1 << 30) X_NUM(wino_min_work, (int64_t)1 << 40)                              \
    X_NUM(cov_max_pixels, 1 << 30) X_NUM(cov_min_k, 1 << 30) X_NUM(gemm_t_max_cols, 1 << 30)

static int valid_vec(unsigned v) { return v == 1 || v == 2 || v == 3 || v == 4 || v == 8 || v == 16; }

/* A tile's five numbers; 0 and why on a value no kernel takes. */
static int parse_tile(const char *name, const char *rest, gecl_tile *t, char *why, size_t cap)
{
    unsigned r, v, n, l0, l1;
    char extra;
    if (sscanf(rest, "%u %u %u %u %u %c", &r, &v, &n, &l0, &l1, &extra) != 5) {
        snprintf(why, cap, "'%s' takes five numbers: rows vec nvec local0 local1", name);
        return 0;
    }
    if (r < 1 || r > 64 || n < 1 || n > 16 || !valid_vec(v) || l0 < 1 || l1 < 1 || (uint64_t)l0 * l1 > 1024) {
        snprintf(why, cap, "'%s': rows 1-64, vec 1, 2, 3, 4, 8 or 16, nvec 1-16, local0 x local1 1-1024", name);
        return 0;
    }
    if (!strcmp(name, "conv_cov") && v != 16) { /* kernels/conv_cov.cl's vector is float16 */
        snprintf(why, cap, "'conv_cov': vec must be 16");
        return 0;
    }
    *t = (gecl_tile){.rows = r, .vec = v, .nvec = n, .local = {l0, l1}};
    return 1;
}

static int parse_num(const char *name, const char *rest, int64_t max, int64_t *out, char *why, size_t cap)
{
    char *end;
    errno = 0;
    const long long v = strtoll(rest, &end, 10);
    while (*end == ' ' || *end == '\t') end++;
    if (errno || end == rest || *end || v < 0 || v > max) {
        snprintf(why, cap, "'%s' takes one number from 0 to %" PRId64, name, max);
        return 0;
    }
    *out = v;
    return 1;
}

/* One line's field into t: 1 set, 0 bad (why says what). */
static int parse_field(const char *name, const char *rest, gecl_tuning *t, char *why, size_t cap)
{
    int64_t v;
#define X_TILE(f) if (!strcmp(name, #f)) return parse_tile(name, rest, &t->f, why, cap);
#define X_NUM(f, max) \
    if (!strcmp(name, #f)) { if (!parse_num(name, rest, max, &v, why, cap)) return 0; t->f = (__typeof__(t->f))v; return 1; }
    TUNING_FIELDS(X_TILE, X_NUM)
#undef X_TILE
#undef X_NUM
    snprintf(why, cap, "unknown field '%s'", name);
    return 0;
}

int gecl_tuning_parse(const char *text, gecl_tuning *t, char *why, size_t cap)
{
    gecl_tuning out = *t;
    int line = 0;
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        const size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char buf[256], name[64];
        line++;
        if (len >= sizeof buf) {
            snprintf(why, cap, "line %d: longer than %zu characters", line, sizeof buf - 1);
            return 0;
        }
        memcpy(buf, p, len);
        buf[len] = '\0';
        p = nl ? nl + 1 : NULL;
        char *hash = strchr(buf, '#');
        if (hash) *hash = '\0';
        int used = 0;
        if (sscanf(buf, " %63[A-Za-z0-9_]%n", name, &used) != 1) {
            if (strspn(buf, " \t\r") != strlen(buf)) {
                snprintf(why, cap, "line %d: expected a field name", line);
                return 0;
            }
            continue; /* blank or comment */
        }
        char *rest = buf + used;
        rest[strcspn(rest, "\r")] = '\0';
        char what[160];
        if (!parse_field(name, rest, &out, what, sizeof what)) {
            snprintf(why, cap, "line %d: %s", line, what);
            return 0;
        }
    }
    *t = out;
    return 1;
}

void gecl_tuning_write(FILE *f, const gecl_tuning *t)
{
#define X_TILE(n) \
    fprintf(f, "%-20s %u %u %u %u %u\n", #n, t->n.rows, t->n.vec, t->n.nvec, t->n.local[0], t->n.local[1]);
#define X_NUM(n, max) fprintf(f, "%-20s %" PRId64 "\n", #n, (int64_t)t->n);
    TUNING_FIELDS(X_TILE, X_NUM)
#undef X_TILE
#undef X_NUM
}

/* What a tuning table is for: the device and the driver that ran it (a new driver can move
 * the best tile). */
static void device_key(const gecl_device_desc *d, char *out, size_t cap)
{
    snprintf(out, cap, "%s|%s|%s|%s|%s", d->platform, d->vendor, d->name, d->driver, d->version);
}

int gecl_tuning_path(const gecl_device_desc *dev, char *out, size_t cap)
{
    if (gecl_rt.cfg.tuning_file[0]) {
        snprintf(out, cap, "%s", gecl_rt.cfg.tuning_file);
        return 1;
    }
    char dir[1024], key[1024], hex[17];
    unsigned char md[32];
    unsigned int n = 32;
    if (!gecl_progcache_dir(dir, sizeof dir)) return 0;
    device_key(dev, key, sizeof key);
    EVP_Digest(key, strlen(key), md, &n, EVP_sha256(), NULL);
    for (int i = 0; i < 8; i++) snprintf(hex + 2 * i, 3, "%02x", md[i]);
    snprintf(out, cap, "%s/tuning-%s.txt", dir, hex);
    return 1;
}

/* Per device: the table gecl_tuning_for returns once the device's file was looked for. A slot
 * is never freed, so a returned pointer stays valid; gecl_tuning_set rewrites it in place. */
typedef struct slot {
    char key[1024];
    int state; /* 0: file not looked for; 1: the built-in table; 2: t */
    gecl_tuning t;
} slot;

#define N_SLOTS 16
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static slot g_slots[N_SLOTS];

static slot *find_slot(const gecl_device_desc *dev)
{
    char key[1024];
    device_key(dev, key, sizeof key);
    for (int i = 0; i < N_SLOTS; i++) {
        if (!g_slots[i].key[0]) {
            snprintf(g_slots[i].key, sizeof g_slots[i].key, "%s", key);
            return &g_slots[i];
        }
        if (!strcmp(g_slots[i].key, key)) return &g_slots[i];
    }
    return NULL; /* more devices than slots: they keep the built-in table */
}

/* The device's file applied over the built-in table: 1 when there is one and it is good. */
static int load_file(const gecl_device_desc *dev, const gecl_tuning *builtin, gecl_tuning *out)
{
    char path[1200], why[256];
    if (!gecl_tuning_path(dev, path, sizeof path)) return 0;
    size_t len;
    int err;
    char *text = gecl_read_text_file(path, &len, &err);
    if (!text) {
        if (err != ENOENT || gecl_rt.cfg.tuning_file[0])
            gecl_log(GECL_LOG_WARNING, "tuning table %s: %s; using the built-in table", path, strerror(err));
        return 0;
    }
    *out = *builtin;
    const int ok = strlen(text) == len && gecl_tuning_parse(text, out, why, sizeof why);
    if (!ok)
        gecl_log(GECL_LOG_WARNING, "tuning table %s: %s; using the built-in table", path,
                 strlen(text) == len ? why : "holds a NUL byte");
    else
        gecl_log(GECL_LOG_INFO, "tuning table %s for device '%s'", path, dev->name);
    free(text);
    return ok;
}

const gecl_tuning *gecl_tuning_for(const gecl_device_desc *dev)
{
    const gecl_tuning *builtin = gecl_tuning_builtin(dev);
    if (!dev) return builtin;
    pthread_mutex_lock(&g_lock);
    slot *s = find_slot(dev);
    if (s && s->state == 0) s->state = load_file(dev, builtin, &s->t) ? 2 : 1;
    const gecl_tuning *t = s && s->state == 2 ? &s->t : builtin;
    pthread_mutex_unlock(&g_lock);
    return t;
}

void gecl_tuning_set(const gecl_device_desc *dev, const gecl_tuning *t)
{
    pthread_mutex_lock(&g_lock);
    slot *s = find_slot(dev);
    if (s) {
        s->state = t ? 2 : 0;
        if (t) s->t = *t;
    }
    pthread_mutex_unlock(&g_lock);
}
