/* config.h: the runtime's options, filled from defaults, aclInit's JSON file, then the
 * environment (see config_table.h). */
#ifndef GECL_BASE_CONFIG_H
#define GECL_BASE_CONFIG_H

#include "acl/acl_base.h"
#include "config_table.h"

#define GECL_CFG_FIELD_STR(key) char key[512];
#define GECL_CFG_FIELD_BOOL(key) int key;
#define GECL_CFG_FIELD_SIZE(key) unsigned long long key;
#define GECL_CFG_FIELD(key, env, type, def, doc) GECL_CFG_FIELD_##type(key)

typedef struct gecl_config {
    GECL_CONFIG_TABLE(GECL_CFG_FIELD)
} gecl_config;

/* Defaults then environment. */
void gecl_config_defaults(gecl_config *cfg);
void gecl_config_from_env(gecl_config *cfg);

/* Reads aclInit's file (NULL or "" means none). Returns ACL_SUCCESS or an ACL error with a
 * message naming the file and the problem. */
aclError gecl_config_from_file(gecl_config *cfg, const char *path);
/* A whole file, NUL-terminated (malloc'ed), its length in *len; NULL with errno in *err. */
char *gecl_read_text_file(const char *path, size_t *len, int *err);

#endif
