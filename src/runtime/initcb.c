/* initcb.c: callbacks that aclInit and aclFinalize run (aclInitCallbackRegister and friends).
 * CANN's own modules register themselves this way from library constructors, before any
 * aclInit, so registering needs no initialised runtime. Per type there is one callback, except
 * ACL_REG_TYPE_OTHER which takes any number; they run in type order, then registration order. */
#include <stdlib.h>
#include <string.h>

#include "acl/acl_rt.h"
#include "config.h"
#include "initcb.h"
#include "runtime.h"

typedef struct entry {
    aclRegisterCallbackType type;
    void (*fn)(void);          /* an aclInitCallbackFunc or an aclFinalizeCallbackFunc */
    void *user;
    struct entry *next;
} entry;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static entry *g_init, *g_fini;

static int known_type(aclRegisterCallbackType t)
{
    return (t >= ACL_REG_TYPE_ACL_MODEL && t <= ACL_REG_TYPE_ACL_RETR) || t == ACL_REG_TYPE_OTHER;
}

static aclError add(entry **list, aclRegisterCallbackType type, void (*fn)(void), void *user)
{
    GECL_CHECK_ARG(known_type(type), "type %d is not an aclRegisterCallbackType value", (int)type);
    pthread_mutex_lock(&g_lock);
    entry **p = list;
    while (*p && (*p)->type <= type) {
        if ((*p)->type == type && type != ACL_REG_TYPE_OTHER) {
            pthread_mutex_unlock(&g_lock);
            return gecl_fail(ACL_ERROR_INTERNAL_ERROR, "type %d already has a callback (one per type; "
                             "ACL_REG_TYPE_OTHER takes several)", (int)type);
        }
        p = &(*p)->next;
    }
    entry *e = malloc(sizeof *e);
    if (e) {
        *e = (entry){type, fn, user, *p};
        *p = e;
    }
    pthread_mutex_unlock(&g_lock);
    return e ? ACL_SUCCESS : gecl_fail_oom();
}

static aclError drop(entry **list, aclRegisterCallbackType type, void (*fn)(void))
{
    pthread_mutex_lock(&g_lock);
    entry **p = list;
    while (*p && ((*p)->type != type || (*p)->fn != fn)) p = &(*p)->next;
    entry *dead = *p;
    if (dead) *p = dead->next;
    pthread_mutex_unlock(&g_lock);
    if (!dead)
        return gecl_fail(ACL_ERROR_INTERNAL_ERROR, "no such callback is registered for type %d", (int)type);
    free(dead);
    return ACL_SUCCESS;
}

/* A copy of a list, so that callbacks run without the lock and may (un)register others. */
static entry *snapshot(const entry *list, size_t *n)
{
    pthread_mutex_lock(&g_lock);
    *n = 0;
    for (const entry *e = list; e; e = e->next) (*n)++;
    entry *copy = *n ? malloc(*n * sizeof *copy) : NULL;
    size_t i = 0;
    if (copy)
        for (const entry *e = list; e; e = e->next) copy[i++] = *e;
    if (!copy) *n = 0;
    pthread_mutex_unlock(&g_lock);
    return copy;
}

static int runtime_up(void)
{
    pthread_mutex_lock(&gecl_rt.lock);
    const int up = gecl_rt.refs > 0;
    pthread_mutex_unlock(&gecl_rt.lock);
    return up;
}

/* The text of aclInit's configuration file ("" without one), as CANN hands it over. */
static char *config_text(const char *path, size_t *len)
{
    *len = 0;
    int err = 0;
    char *text = path && *path ? gecl_read_text_file(path, len, &err) : NULL;
    if (!text) {
        *len = 0;
        text = calloc(1, 1);
    }
    return text;
}

static char *g_config;         /* the text the last aclInit ran its callbacks with */
static size_t g_config_len;

aclError aclInitCallbackRegister(aclRegisterCallbackType type, aclInitCallbackFunc cbFunc, void *userData)
{
    GECL_ENTER();
    GECL_CHECK_ARG(cbFunc, "cbFunc must not be NULL");
    aclError rc = add(&g_init, type, (void (*)(void))cbFunc, userData);
    /* Registered after aclInit: it runs now, as it would have then (its result is not ours). */
    if (!rc && runtime_up()) {
        pthread_mutex_lock(&g_lock);
        const char *cfg = g_config ? g_config : "";
        const size_t len = g_config ? g_config_len : 0;
        pthread_mutex_unlock(&g_lock);
        (void)cbFunc(cfg, len, userData);
    }
    return rc;
}

aclError aclInitCallbackUnRegister(aclRegisterCallbackType type, aclInitCallbackFunc cbFunc)
{
    GECL_ENTER();
    GECL_CHECK_ARG(cbFunc, "cbFunc must not be NULL");
    return drop(&g_init, type, (void (*)(void))cbFunc);
}

aclError aclFinalizeCallbackRegister(aclRegisterCallbackType type, aclFinalizeCallbackFunc cbFunc, void *userData)
{
    GECL_ENTER();
    GECL_CHECK_ARG(cbFunc, "cbFunc must not be NULL");
    return add(&g_fini, type, (void (*)(void))cbFunc, userData);
}

aclError aclFinalizeCallbackUnRegister(aclRegisterCallbackType type, aclFinalizeCallbackFunc cbFunc)
{
    GECL_ENTER();
    GECL_CHECK_ARG(cbFunc, "cbFunc must not be NULL");
    return drop(&g_fini, type, (void (*)(void))cbFunc);
}

aclError gecl_initcb_run_init(const char *configPath)
{
    size_t len = 0;
    char *text = config_text(configPath, &len);
    if (!text) return gecl_fail_oom();
    pthread_mutex_lock(&g_lock);
    free(g_config);
    g_config = text;
    g_config_len = len;
    pthread_mutex_unlock(&g_lock);
    size_t n = 0;
    entry *list = snapshot(g_init, &n);
    aclError rc = ACL_SUCCESS;
    for (size_t i = 0; i < n && !rc; i++) {
        rc = ((aclInitCallbackFunc)list[i].fn)(text, len, list[i].user);
        if (rc) rc = gecl_fail(rc, "the init callback registered for type %d failed with %d", (int)list[i].type, (int)rc);
    }
    free(list);
    return rc;
}

aclError gecl_initcb_run_finalize(void)
{
    size_t n = 0;
    entry *list = snapshot(g_fini, &n);
    aclError first = ACL_SUCCESS;
    for (size_t i = 0; i < n; i++) {
        aclError rc = ((aclFinalizeCallbackFunc)list[i].fn)(list[i].user);
        if (rc && !first)
            first = gecl_fail(rc, "the finalize callback registered for type %d failed with %d", (int)list[i].type,
                              (int)rc);
    }
    free(list);
    return first;
}
