/* npy.c: the .npy header is a Python dict literal: {'descr': '<f4', 'fortran_order': False,
 * 'shape': (2, 3), }. Only what gecl's dtypes map to is read or written. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "npy.h"

static const struct {
    const char *descr;
    gecl_dtype dtype;
} kinds[] = {{"<f4", GECL_DT_FLOAT}, {"<f8", GECL_DT_DOUBLE}, {"<f2", GECL_DT_FLOAT16}, {"<i8", GECL_DT_INT64},
             {"<i4", GECL_DT_INT32}, {"<i2", GECL_DT_INT16}, {"|i1", GECL_DT_INT8},   {"|u1", GECL_DT_UINT8},
             {"<u2", GECL_DT_UINT16}, {"<u4", GECL_DT_UINT32}, {"<u8", GECL_DT_UINT64}, {"|b1", GECL_DT_BOOL}};

static int fail(char *err, size_t size, const char *fmt, const char *a, const char *b)
{
    snprintf(err, size, fmt, a, b);
    return -1;
}

/* The dict's descr, fortran_order and shape. */
static int parse_header(const char *h, const char *path, gecl_tensor_desc *d, char *err, size_t size)
{
    const char *p = strstr(h, "'descr':");
    if (!p) return fail(err, size, "%s: no descr in the .npy header%s", path, "");
    p = strchr(p + 8, '\'');
    size_t k = 0;
    for (; p && k < sizeof kinds / sizeof *kinds; k++)
        if (!strncmp(p + 1, kinds[k].descr, 3) && p[4] == '\'') break;
    if (!p || k == sizeof kinds / sizeof *kinds)
        return fail(err, size, "%s: element type %.6s is not supported (float16/32/64, (u)int8-64, bool)", path,
                    p ? p + 1 : "?");
    d->dtype = kinds[k].dtype;
    if (strstr(h, "'fortran_order': True")) return fail(err, size, "%s: Fortran order is not supported%s", path, "");
    p = strstr(h, "'shape':");
    p = p ? strchr(p, '(') : NULL;
    if (!p) return fail(err, size, "%s: no shape in the .npy header%s", path, "");
    d->ndim = 0;
    for (p++; *p && *p != ')';) {
        char *end;
        long long v = strtoll(p, &end, 10);
        if (end == p) {
            p++;
            continue;
        }
        if (d->ndim == GECL_MAX_DIMS || v < 0) return fail(err, size, "%s: shape has too many or negative dims%s", path, "");
        d->dims[d->ndim++] = v;
        p = end;
    }
    if (*p != ')') return fail(err, size, "%s: the shape in the .npy header is not a closed tuple%s", path, "");
    d->format = GECL_FORMAT_ND;
    /* The byte count must be computable (gecl_desc_bytes does not check): a header may claim any
     * shape, and the data that follows is then checked against it. */
    uint64_t total = gecl_dtype_size(d->dtype);
    for (uint32_t i = 0; i < d->ndim; i++)
        if (__builtin_mul_overflow(total, (uint64_t)d->dims[i], &total) || total > (uint64_t)INT64_MAX)
            return fail(err, size, "%s: the shape in the .npy header is too large%s", path, "");
    return 0;
}

int npy_read(const char *path, gecl_tensor_desc *desc, void **data, size_t *bytes, char *err, size_t size)
{
    *data = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) return fail(err, size, "cannot open '%s': %s", path, strerror(errno));
    const int rc = npy_read_stream(f, path, desc, data, bytes, err, size);
    fclose(f);
    return rc;
}

int npy_read_stream(FILE *f, const char *path, gecl_tensor_desc *desc, void **data, size_t *bytes, char *err,
                    size_t size)
{
    *data = NULL;
    unsigned char magic[12];
    int rc = -1;
    char *header = NULL;
    if (fread(magic, 1, 10, f) != 10 || memcmp(magic, "\x93NUMPY", 6)) {
        fail(err, size, "%s: not a .npy file%s", path, "");
        goto out;
    }
    size_t hlen = magic[8] | (size_t)magic[9] << 8;
    if (magic[6] >= 2) { /* version 2: a 4-byte length */
        if (fread(magic + 10, 1, 2, f) != 2) {
            fail(err, size, "%s: truncated .npy header%s", path, "");
            goto out;
        }
        hlen = magic[8] | (size_t)magic[9] << 8 | (size_t)magic[10] << 16 | (size_t)magic[11] << 24;
    }
    if (hlen > 1 << 20 || !(header = calloc(hlen + 1, 1)) || fread(header, 1, hlen, f) != hlen) {
        fail(err, size, "%s: truncated .npy header%s", path, "");
        goto out;
    }
    memset(desc, 0, sizeof *desc);
    if (parse_header(header, path, desc, err, size)) goto out;
    *bytes = gecl_desc_bytes(desc);
    /* A seekable file must hold the bytes before they are allocated: a short file whose header
     * claims a huge shape is refused, not an allocation of that size. */
    const long at = ftell(f);
    long end = -1;
    if (at >= 0 && fseek(f, 0, SEEK_END) == 0) {
        end = ftell(f);
        if (fseek(f, at, SEEK_SET)) end = -1;
    }
    if ((end >= at && (uint64_t)(end - at) < *bytes) || !(*data = malloc(*bytes ? *bytes : 1)) ||
        fread(*data, 1, *bytes, f) != *bytes) {
        free(*data);
        *data = NULL;
        fail(err, size, "%s: the file holds fewer bytes than its shape needs%s", path, "");
        goto out;
    }
    rc = 0;
out:
    free(header);
    return rc;
}

int npy_write(const char *path, const gecl_tensor_desc *desc, const void *data, char *err, size_t size)
{
    const char *descr = NULL;
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        if (kinds[k].dtype == desc->dtype) descr = kinds[k].descr;
    if (!descr) return fail(err, size, "%s: dtype %s has no .npy type", path, gecl_dtype_name(desc->dtype));
    char dict[512];
    int n = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': (", descr);
    for (uint32_t k = 0; k < desc->ndim; k++) n += snprintf(dict + n, sizeof dict - (size_t)n, "%lld, ", (long long)desc->dims[k]);
    n += snprintf(dict + n, sizeof dict - (size_t)n, "), }"); /* "(2, 3, )" is a tuple too */
    const size_t total = 10 + (size_t)n + 1, pad = (64 - total % 64) % 64;
    FILE *f = fopen(path, "wb");
    if (!f) return fail(err, size, "cannot write '%s': %s", path, strerror(errno));
    const size_t hlen = (size_t)n + pad + 1;
    const unsigned char head[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)hlen, (unsigned char)(hlen >> 8)};
    int ok = fwrite(head, 1, 10, f) == 10 && fwrite(dict, 1, (size_t)n, f) == (size_t)n;
    for (size_t i = 0; ok && i < pad; i++) ok = fputc(' ', f) != EOF;
    ok = ok && fputc('\n', f) != EOF;
    const size_t bytes = gecl_desc_bytes(desc);
    ok = ok && fwrite(data, 1, bytes, f) == bytes;
    if (fclose(f) || !ok) return fail(err, size, "writing '%s' failed%s", path, "");
    return 0;
}
