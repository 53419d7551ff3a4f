/* options.c: checking GE option maps against options_table.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "log.h"
#include "options_table.h"

typedef struct option_row {
    const char *key;
    int where;
    gecl_option_check check;
} option_row;

static const option_row rows[] = {
#define GECL_OPTION_ROW(k, w, c) {k, w, c},
    GECL_GE_OPTIONS(GECL_OPTION_ROW)
#undef GECL_OPTION_ROW
};

static int parse_int(const char *s, long *v)
{
    char *end;
    errno = 0;
    *v = strtol(s, &end, 10);
    return errno == 0 && end != s && *end == '\0';
}

gecl_status gecl_parse_index_list(const char *key, const char *text, char *flags, size_t count)
{
    const char *c = text;
    while (*c) {
        char *end;
        errno = 0;
        long v = strtol(c, &end, 10);
        if (end == c || errno || v < 0)
            return gecl_ge_fail(GECL_PARAM_INVALID, "option %s='%s': expected indexes like \"0;2\"", key, text);
        if (flags && (size_t)v >= count)
            return gecl_ge_fail(GECL_PARAM_INVALID, "option %s='%s': index %ld, the graph has %zu inputs", key, text,
                                v, count);
        if (flags) flags[v] = 1;
        c = end;
        if (*c == ';' || *c == ',') c++;
        else if (*c) return gecl_ge_fail(GECL_PARAM_INVALID, "option %s='%s': expected indexes like \"0;2\"", key, text);
    }
    return GECL_SUCCESS;
}

static gecl_status check_value(const option_row *r, const char *value, int32_t *device)
{
    long v;
    switch (r->check) {
    case GECL_CHECK_DEVICE:
        if (!parse_int(value, &v) || v < -1 || v > 1 << 20)
            return gecl_ge_fail(GECL_PARAM_INVALID, "option %s='%s' is not a device id", r->key, value);
        if (device && v >= 0) *device = (int32_t)v;
        return GECL_SUCCESS;
    case GECL_CHECK_RUN_MODE:
        if (!parse_int(value, &v) || (v != 0 && v != 1))
            return gecl_ge_fail(GECL_PARAM_INVALID, "option %s='%s': expected 0 (inference) or 1 (training)", r->key,
                                value);
        return GECL_SUCCESS;
    case GECL_CHECK_INDEX_LIST:
        return gecl_parse_index_list(r->key, value, NULL, 0);
    }
    return GECL_SUCCESS;
}

static int level_bit(const char *level)
{
    if (strcmp(level, "global") == 0) return GECL_OPT_GLOBAL;
    if (strcmp(level, "session") == 0) return GECL_OPT_SESSION;
    if (strcmp(level, "load") == 0) return GECL_OPT_LOAD;
    return GECL_OPT_GRAPH;
}

gecl_status gecl_options_check(const char *level, size_t n, const char *const *keys, const char *const *values,
                               int32_t *device)
{
    GECL_GE_ARG(n == 0 || (keys && values), "options: keys and values must not be NULL");
    int bit = level_bit(level);
    for (size_t i = 0; i < n; i++) {
        GECL_GE_ARG(keys[i] && values[i], "option %zu: key and value must not be NULL", i);
        const option_row *r = NULL;
        for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++)
            if (strcmp(rows[k].key, keys[i]) == 0) r = &rows[k];
        if (!r) {
            gecl_ge_warn("%s option '%s'='%s' is not used by gecl; ignored", level, keys[i], values[i]);
            continue;
        }
        if (!(r->where & bit)) {
            gecl_ge_warn("option '%s' has no effect at %s level; ignored", keys[i], level);
            continue;
        }
        gecl_status rc = check_value(r, values[i], device);
        if (rc) return rc;
    }
    return GECL_SUCCESS;
}
