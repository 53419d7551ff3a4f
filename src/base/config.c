/* config.c: option parsing. JSON through cJSON, so that malformed files get a position. */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "log.h"

static void set_str(char *dst, size_t cap, const char *text)
{
    snprintf(dst, cap, "%s", text);
}

static int parse_bool(const char *text, int *out)
{
    if (!strcmp(text, "1") || !strcmp(text, "true") || !strcmp(text, "on")) *out = 1;
    else if (!strcmp(text, "0") || !strcmp(text, "false") || !strcmp(text, "off")) *out = 0;
    else return -1;
    return 0;
}

/* Bytes: digits with an optional K, M or G suffix (powers of 1024); nothing else, no overflow. */
static int parse_size(const char *text, unsigned long long *out)
{
    unsigned long long v = 0;
    const char *p = text;
    if (*p < '0' || *p > '9') return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > (ULLONG_MAX - (unsigned)(*p - '0')) / 10) return -1;
        v = v * 10 + (unsigned)(*p - '0');
    }
    const int shift = *p == 'K' || *p == 'k' ? 10 : *p == 'M' || *p == 'm' ? 20 : *p == 'G' || *p == 'g' ? 30 : 0;
    if (shift) p++;
    if (*p || v > ULLONG_MAX >> shift) return -1;
    *out = v << shift;
    return 0;
}

#define SET_DEFAULT_STR(key, def) set_str(cfg->key, sizeof cfg->key, def);
#define SET_DEFAULT_BOOL(key, def) parse_bool(def, &cfg->key);
#define SET_DEFAULT_SIZE(key, def) parse_size(def, &cfg->key);
#define SET_DEFAULT(key, env, type, def, doc) SET_DEFAULT_##type(key, def)

void gecl_config_defaults(gecl_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    GECL_CONFIG_TABLE(SET_DEFAULT)
}

/* Applies one textual value to option `key`; returns -1 if the value does not parse. */
#define APPLY_STR(key) set_str(cfg->key, sizeof cfg->key, value); return 0;
#define APPLY_BOOL(key) return parse_bool(value, &cfg->key);
#define APPLY_SIZE(key) return parse_size(value, &cfg->key);
#define APPLY(key, env, type, def, doc) if (!strcmp(name, #key)) { APPLY_##type(key) }

static int apply_option(gecl_config *cfg, const char *name, const char *value)
{
    GECL_CONFIG_TABLE(APPLY)
    return -2;
}

#define FROM_ENV(key, env, type, def, doc)                                                       \
    {                                                                                            \
        const char *v = getenv(env);                                                             \
        if (v && apply_option(cfg, #key, v) != 0)                                                \
            gecl_log(GECL_LOG_WARNING, "ignoring %s=%s: not a valid value", env, v);            \
    }

void gecl_config_from_env(gecl_config *cfg)
{
    GECL_CONFIG_TABLE(FROM_ENV)
}

char *gecl_read_text_file(const char *path, size_t *len, int *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) { *err = errno; return NULL; }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) break;
        char *bigger = realloc(buf, cap * 2 + 1);
        if (!bigger) { free(buf); buf = NULL; break; }
        buf = bigger;
        cap *= 2;
    }
    *err = ferror(f) ? EIO : (buf ? 0 : ENOMEM);
    fclose(f);
    if (*err) { free(buf); return NULL; }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static void position_of(const char *text, const char *at, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (const char *p = text; p < at && *p; p++) {
        if (*p == '\n') { (*line)++; *col = 1; } else (*col)++;
    }
}

static aclError apply_gecl_section(gecl_config *cfg, const cJSON *section, const char *path)
{
    if (!cJSON_IsObject(section))
        return gecl_fail(ACL_ERROR_FILE_ATTR_INVALID, "%s: \"gecl\" must be an object", path);
    const cJSON *item;
    cJSON_ArrayForEach(item, section) {
        char num[64];
        const char *value = NULL;
        if (cJSON_IsString(item)) value = item->valuestring;
        else if (cJSON_IsBool(item)) value = cJSON_IsTrue(item) ? "1" : "0";
        else if (cJSON_IsNumber(item)) { /* a whole number in full: a size must not become "2.7e+08" */
            const double d = item->valuedouble;
            snprintf(num, sizeof num, d >= 0 && d < 9e15 && d == (double)(long long)d ? "%.0f" : "%g", d);
            value = num;
        }
        int rc = value ? apply_option(cfg, item->string, value) : -1;
        if (rc == -2) gecl_log(GECL_LOG_WARNING, "%s: unknown gecl option \"%s\" ignored", path, item->string);
        else if (rc != 0)
            return gecl_fail(ACL_ERROR_FILE_ATTR_INVALID, "%s: gecl option \"%s\" has an invalid value",
                             path, item->string);
    }
    return ACL_SUCCESS;
}

aclError gecl_config_from_file(gecl_config *cfg, const char *path)
{
    if (!path || !*path) return ACL_SUCCESS;
    size_t len = 0;
    int err = 0;
    char *text = gecl_read_text_file(path, &len, &err);
    if (!text) return gecl_fail(ACL_ERROR_INVALID_FILE, "cannot read config file '%s': %s", path, strerror(err));
    const char *p = text;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    if (!*p) { free(text); return ACL_SUCCESS; } /* an empty file is an empty configuration */
    const char *end = NULL;
    /* With a required terminator, cJSON wants the length to include it. */
    cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
    aclError rc = ACL_SUCCESS;
    if (!root) {
        int line, col;
        position_of(text, end ? end : cJSON_GetErrorPtr(), &line, &col);
        rc = gecl_fail(ACL_ERROR_PARSE_FILE, "config file '%s' is not valid JSON (line %d, column %d)", path, line, col);
    } else if (!cJSON_IsObject(root)) {
        rc = gecl_fail(ACL_ERROR_PARSE_FILE, "config file '%s': the top level must be a JSON object", path);
    } else {
        const cJSON *section = cJSON_GetObjectItemCaseSensitive(root, "gecl");
        if (section) rc = apply_gecl_section(cfg, section, path);
    }
    cJSON_Delete(root);
    free(text);
    return rc;
}
