/*
 * sysparam.c: aclrt(Ctx)Get/SetSysParamOpt, CANN's system options (aclSysParamOpt).
 *
 * A value set on a context applies to that context; the process value applies everywhere else.
 * gecl records what the program sets and answers it back: its kernels compute the same bits run
 * after run whatever ACL_OPT_DETERMINISTIC says, and there is no debug kernel or early kernel
 * start to switch on, so the options change no behaviour (docs/runtime.md).
 */
#include <stdatomic.h>

#include "context.h"
#include "runtime.h"

#define SYS_OPT_COUNT 4

static _Atomic int64_t process_opt[SYS_OPT_COUNT];

/* The range CANN gives each option: deterministic 0..3 (off, deterministic, strong, batch
 * consistency), the others off/on. */
static aclError check_opt(aclSysParamOpt opt, int64_t value, int check_value)
{
    if ((int)opt < 0 || (int)opt >= SYS_OPT_COUNT)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "opt %d is not an aclSysParamOpt (0..%d)", (int)opt, SYS_OPT_COUNT - 1);
    int64_t max = opt == ACL_OPT_DETERMINISTIC ? 3 : 1;
    if (check_value && (value < 0 || value > max))
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "value %lld is out of range for option %d (0..%lld)",
                         (long long)value, (int)opt, (long long)max);
    return ACL_SUCCESS;
}

aclError aclrtSetSysParamOpt(aclSysParamOpt opt, int64_t value)
{
    GECL_CHECK_INIT();
    aclError rc = check_opt(opt, value, 1);
    if (rc) return rc;
    atomic_store(&process_opt[opt], value);
    return ACL_SUCCESS;
}

aclError aclrtGetSysParamOpt(aclSysParamOpt opt, int64_t *value)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(value, "value must not be NULL");
    aclError rc = check_opt(opt, 0, 0);
    if (rc) return rc;
    *value = atomic_load(&process_opt[opt]);
    return ACL_SUCCESS;
}

aclError aclrtCtxSetSysParamOpt(aclSysParamOpt opt, int64_t value)
{
    GECL_CHECK_INIT();
    aclError rc = check_opt(opt, value, 1);
    if (rc) return rc;
    gecl_context *c;
    /* Under the runtime lock, so a concurrent aclrtDestroyContext cannot free the context. */
    pthread_mutex_lock(&gecl_rt.lock);
    rc = gecl_context_current(&c);
    if (!rc) {
        c->sys_opt[opt] = value;
        c->sys_opt_set |= 1u << opt;
    }
    pthread_mutex_unlock(&gecl_rt.lock);
    return rc;
}

aclError aclrtCtxGetSysParamOpt(aclSysParamOpt opt, int64_t *value)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(value, "value must not be NULL");
    aclError rc = check_opt(opt, 0, 0);
    if (rc) return rc;
    gecl_context *c;
    pthread_mutex_lock(&gecl_rt.lock);
    rc = gecl_context_current(&c);
    if (!rc) *value = (c->sys_opt_set & (1u << opt)) ? c->sys_opt[opt] : atomic_load(&process_opt[opt]);
    pthread_mutex_unlock(&gecl_rt.lock);
    return rc;
}
