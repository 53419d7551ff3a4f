/* progcache.c: memory cache (a hash table on the key) in front of a disk cache of
 * program binaries. The disk key hashes everything that can change the binary: source, options,
 * device, driver, platform and this cache's format version. Files are written to a temporary name
 * and renamed, so a concurrent reader never sees half a binary; each carries a header (key,
 * length, SHA-256) checked before the driver sees the binary, so a file cut short or damaged
 * on disk, or copied in from another machine, is removed and rebuilt instead of crashing. Only
 * regular files are read or written (O_NOFOLLOW): a link in the folder is never followed out of it. */
#include "progcache.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "kernel_sources.h"
#include "log.h"
#include "runtime.h"

#define FORMAT_VERSION "gecl-progcache-2"

/* A cache file: this header, then the driver's binary. The driver is handed a binary only
 * after the header proves it is whole and was written for this key (PoCL crashes on a
 * truncated one): magic, the key the file was written for, the binary's length and SHA-256. */
#define FILE_MAGIC "GECLPCB2"
typedef struct file_header {
    char magic[8];
    unsigned char key[32];
    uint64_t length;
    unsigned char digest[32];
} file_header;

typedef struct entry {
    unsigned char key[32];
    gecl_device *device;
    cl_program program;
    struct entry *next;
} entry;

/* The key is a SHA-256, so its first byte is already a uniform bucket index. */
#define N_BUCKETS 256
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static entry *g_buckets[N_BUCKETS];
static atomic_ullong g_mem_hits, g_disk_hits, g_builds, g_writes;

static void sha256(const void *data, size_t len, unsigned char out[32])
{
    unsigned int n = 32;
    EVP_Digest(data, len, out, &n, EVP_sha256(), NULL);
}

/* `il`: the program text is SPIR-V rather than OpenCL C (part of the key: the same bytes mean
 * different programs). */
static void hash_key(gecl_device *d, const char *src, size_t len, const char *opts, int il, unsigned char out[32])
{
    const gecl_device_desc *x = &d->desc;
    const char *parts[] = {FORMAT_VERSION, x->platform, x->vendor, x->name, x->driver, x->version, opts,
                           il ? "spirv" : "opencl-c"};
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) EVP_DigestUpdate(ctx, parts[i], strlen(parts[i]) + 1);
    EVP_DigestUpdate(ctx, src, len);
    unsigned int n = 32;
    EVP_DigestFinal_ex(ctx, out, &n);
    EVP_MD_CTX_free(ctx);
}

/* The cache directory (created if needed), or 0 when the disk cache is off or unusable. */
int gecl_progcache_dir(char *out, size_t cap)
{
    const gecl_config *cfg = &gecl_rt.cfg;
    if (!cfg->disk_cache) return 0;
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (cfg->cache_dir[0]) snprintf(out, cap, "%s", cfg->cache_dir);
    else if (xdg && *xdg) snprintf(out, cap, "%s/gecl", xdg);
    else if (home && *home) snprintf(out, cap, "%s/.cache/gecl", home);
    else return 0;
    for (char *p = out + 1; *p; p++) { /* mkdir -p */
        if (*p != '/') continue;
        *p = '\0';
        mkdir(out, 0755);
        *p = '/';
    }
    return (mkdir(out, 0755) == 0 || errno == EEXIST) ? 1 : 0;
}

static void key_path(const unsigned char key[32], char *out, size_t cap)
{
    char dir[1024], hex[65];
    for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", key[i]);
    if (!gecl_progcache_dir(dir, sizeof dir)) { out[0] = '\0'; return; }
    snprintf(out, cap, "%s/%s.clbin", dir, hex);
}

/* The binary of a cache file if its header checks out, else NULL and the reason in *why. */
static unsigned char *read_checked(FILE *f, const unsigned char key[32], size_t *len, const char **why)
{
    file_header h;
    if (fread(&h, sizeof h, 1, f) != 1) { *why = "shorter than its header"; return NULL; }
    if (memcmp(h.magic, FILE_MAGIC, sizeof h.magic)) { *why = "not a gecl program cache file"; return NULL; }
    if (memcmp(h.key, key, 32)) { *why = "written for another device, driver, source or options"; return NULL; }
    if (fseek(f, 0, SEEK_END) != 0) { *why = "unreadable"; return NULL; }
    long end = ftell(f);
    if (end < 0 || h.length == 0 || (uint64_t)end - sizeof h != h.length) { *why = "truncated or extended"; return NULL; }
    unsigned char *bin = malloc((size_t)h.length);
    if (!bin) { *why = "too large to read"; return NULL; }
    unsigned char digest[32];
    if (fseek(f, (long)sizeof h, SEEK_SET) != 0 || fread(bin, 1, (size_t)h.length, f) != h.length) {
        *why = "unreadable";
    } else {
        sha256(bin, (size_t)h.length, digest);
        if (!memcmp(digest, h.digest, 32)) { *len = (size_t)h.length; return bin; }
        *why = "its checksum does not match (corrupt)";
    }
    free(bin);
    return NULL;
}

/* A cache file opened for reading only if it is a regular file in the cache folder itself: a
 * symbolic link (to anywhere), a FIFO or a device node is never followed or read. */
static FILE *open_cache_file(const char *path)
{
    const int fd = path[0] ? open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) : -1;
    struct stat st;
    if (fd < 0) return NULL;
    FILE *f = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? fdopen(fd, "rb") : NULL;
    if (!f) close(fd);
    return f;
}

static cl_program load_binary(gecl_device *d, const char *path, const unsigned char key[32], const char *opts)
{
    FILE *f = open_cache_file(path);
    if (!f) {
        struct stat st;
        if (path[0] && lstat(path, &st) == 0) { /* there, but not a regular file: out of the way */
            gecl_log(GECL_LOG_WARNING, "program cache: %s is not a regular file; removed, rebuilding from source", path);
            unlink(path);
        }
        return NULL;
    }
    size_t len = 0;
    const char *why = "rejected by the driver";
    unsigned char *bin = read_checked(f, key, &len, &why);
    fclose(f);
    cl_program p = NULL;
    if (bin) {
        const unsigned char *bins[] = {bin};
        cl_int status = CL_SUCCESS, err = CL_SUCCESS;
        p = clCreateProgramWithBinary(d->ctx, 1, &d->dev, &len, bins, &status, &err);
        if (err != CL_SUCCESS || status != CL_SUCCESS) p = NULL;
        else if (clBuildProgram(p, 1, &d->dev, opts, NULL, NULL) != CL_SUCCESS) { clReleaseProgram(p); p = NULL; }
        free(bin);
    }
    if (!p) { /* removed so that the rebuild's binary takes its place */
        gecl_log(GECL_LOG_WARNING, "program cache: %s is %s; removed, rebuilding from source", path, why);
        unlink(path);
    }
    return p;
}

FILE *gecl_create_new_file(const char *path)
{
    /* whatever already has the name (a link planted there, a file left by a process that died
     * writing) is removed first, never written through */
    unlink(path);
    const int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (fd >= 0 && !f) close(fd);
    return f;
}

static void store_binary(cl_program p, const char *path, const unsigned char key[32])
{
    size_t len = 0;
    if (!path[0] || clGetProgramInfo(p, CL_PROGRAM_BINARY_SIZES, sizeof len, &len, NULL) != CL_SUCCESS || !len) return;
    unsigned char *bin = malloc(len);
    unsigned char *bins[] = {bin};
    if (bin && clGetProgramInfo(p, CL_PROGRAM_BINARIES, sizeof bins, bins, NULL) == CL_SUCCESS) {
        file_header h = {.length = len};
        memcpy(h.magic, FILE_MAGIC, sizeof h.magic);
        memcpy(h.key, key, 32);
        sha256(bin, len, h.digest);
        char tmp[1200];
        snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
        FILE *f = gecl_create_new_file(tmp);
        int ok = f && fwrite(&h, sizeof h, 1, f) == 1 && fwrite(bin, 1, len, f) == len;
        if (f && fclose(f) != 0) ok = 0;
        if (ok && rename(tmp, path) == 0) atomic_fetch_add(&g_writes, 1);
        else unlink(tmp);
    }
    free(bin);
}

/* A build that succeeds can still warn (PoCL prints only "N warnings generated." itself); the
 * warnings name the generated kernel's lines, so GECL_LOG=info shows them. */
static void log_build_warnings(gecl_device *d, cl_program p)
{
    char log[8192] = "";
    if (clGetProgramBuildInfo(p, d->dev, CL_PROGRAM_BUILD_LOG, sizeof log - 1, log, NULL) != CL_SUCCESS) return;
    size_t n = strlen(log);
    while (n && (log[n - 1] == '\n' || log[n - 1] == ' ')) log[--n] = 0;
    if (n) gecl_log(GECL_LOG_INFO, "build log for device %d (%s):\n%s", d->id, d->desc.name, log);
}

static aclError build_source(gecl_device *d, const char *src, size_t len, const char *opts, int il, cl_program *out)
{
    cl_int err = CL_SUCCESS;
    cl_program p = il ? clCreateProgramWithIL(d->ctx, src, len, &err) : clCreateProgramWithSource(d->ctx, 1, &src, &len, &err);
    if (err != CL_SUCCESS) return gecl_fail_cl(err, il ? "clCreateProgramWithIL" : "clCreateProgramWithSource");
    err = clBuildProgram(p, 1, &d->dev, opts, NULL, NULL);
    if (err != CL_SUCCESS) {
        char log[4096] = "";
        clGetProgramBuildInfo(p, d->dev, CL_PROGRAM_BUILD_LOG, sizeof log - 1, log, NULL);
        clReleaseProgram(p);
        return gecl_fail(ACL_ERROR_OP_LOAD_FAILED, "building an OpenCL program for device %d (%s) failed: %s\n%s",
                         d->id, d->desc.name, gecl_cl_error_name(err), log);
    }
    log_build_warnings(d, p);
    atomic_fetch_add(&g_builds, 1);
    *out = p;
    return ACL_SUCCESS;
}

static aclError get_program(gecl_device *d, const char *source, size_t length, const char *options, int il,
                           cl_program *out)
{
    cl_context ctx;
    aclError rc = gecl_device_context(d, &ctx);
    if (rc) return rc;
    const char *opts = options ? options : "";
    unsigned char key[32];
    hash_key(d, source, length, opts, il, key);
    pthread_mutex_lock(&g_lock); /* held across builds so one program is never built twice */
    entry **bucket = &g_buckets[key[0]];
    for (entry *e = *bucket; e; e = e->next) {
        if (e->device == d && !memcmp(e->key, key, 32)) {
            *out = e->program;
            pthread_mutex_unlock(&g_lock);
            atomic_fetch_add(&g_mem_hits, 1);
            return ACL_SUCCESS;
        }
    }
    char path[1200];
    key_path(key, path, sizeof path);
    cl_program p = load_binary(d, path, key, opts);
    if (p) atomic_fetch_add(&g_disk_hits, 1);
    else if (!(rc = build_source(d, source, length, opts, il, &p))) store_binary(p, path, key);
    entry *e = rc ? NULL : malloc(sizeof *e);
    if (e) {
        memcpy(e->key, key, 32);
        e->device = d;
        e->program = p;
        e->next = *bucket;
        *bucket = e;
        *out = p;
    } else if (!rc) {
        clReleaseProgram(p);
        rc = gecl_fail_oom();
    }
    pthread_mutex_unlock(&g_lock);
    return rc;
}

aclError gecl_progcache_get(gecl_device *d, const char *source, size_t length, const char *options, cl_program *out)
{
    return get_program(d, source, length, options, 0, out);
}

aclError gecl_progcache_get_il(gecl_device *d, const void *il, size_t length, const char *options, cl_program *out)
{
    return get_program(d, il, length, options, 1, out);
}

aclError gecl_progcache_kernel(gecl_device *d, const char *file, const char *options, const char *name, cl_kernel *out)
{
    const gecl_kernel_source *ks = gecl_kernel_source_find(file);
    if (!ks) return gecl_fail(ACL_ERROR_INTERNAL_ERROR, "no embedded kernel source '%s.cl'", file);
    cl_program p;
    aclError rc = gecl_progcache_get(d, ks->source, ks->length, options, &p);
    if (rc) return rc;
    cl_int err = CL_SUCCESS;
    *out = clCreateKernel(p, name, &err);
    return err == CL_SUCCESS ? ACL_SUCCESS : gecl_fail_cl(err, "clCreateKernel");
}

void gecl_progcache_clear(void)
{
    for (size_t b = 0; b < N_BUCKETS; b++) {
        pthread_mutex_lock(&g_lock);
        entry *e = g_buckets[b];
        g_buckets[b] = NULL;
        pthread_mutex_unlock(&g_lock);
        while (e) {
            entry *next = e->next;
            clReleaseProgram(e->program);
            free(e);
            e = next;
        }
    }
}

void gecl_progcache_get_stats(gecl_program_cache_stats *s)
{
    s->memory_hits = atomic_load(&g_mem_hits);
    s->disk_hits = atomic_load(&g_disk_hits);
    s->source_builds = atomic_load(&g_builds);
    s->disk_writes = atomic_load(&g_writes);
}
