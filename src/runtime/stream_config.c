/* stream_config.c: streams made from a configuration (aclrtCreateStreamConfigHandle,
 * aclrtSetStreamConfigOpt, aclrtCreateStreamV2) and a stream's attributes afterwards
 * (aclrtGet/SetStreamAttribute, aclrtSetStreamFailureMode, aclrtStreamGetPriority / Flags,
 * the overflow switch). */
#include <stdlib.h>
#include <string.h>

#include "acl/acl_rt.h"
#include "objset.h"
#include "runtime.h"
#include "stream.h"

/* Config handles are the caller's plain structs; this set tells live ones from others. */
static gecl_objset g_configs = GECL_OBJSET_INIT;

aclrtStreamConfigHandle *aclrtCreateStreamConfigHandle(void)
{
    GECL_ENTER();
    aclrtStreamConfigHandle *h = calloc(1, sizeof *h);
    if (!h) { gecl_fail_oom(); return NULL; }
    if (gecl_objset_add(&g_configs, h) != 0) {
        free(h);
        gecl_fail_oom();
        return NULL;
    }
    return h;
}

aclError aclrtDestroyStreamConfigHandle(aclrtStreamConfigHandle *handle)
{
    GECL_ENTER();
    GECL_CHECK_ARG(handle, "handle must not be NULL");
    GECL_CHECK_ARG(gecl_objset_remove(&g_configs, handle),
                   "handle %p is not a live stream config handle (destroyed, or not from "
                   "aclrtCreateStreamConfigHandle)", (void *)handle);
    free(handle);
    return ACL_SUCCESS;
}

/* CANN fixes each option's size: the priority is a uint32_t (0..7, anything else refused), the
 * flag and the work size are size_t, the work address a pointer. */
static aclError check_size(size_t got, size_t want, const char *what)
{
    if (got != want)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "valueSize %zu does not fit %s (%zu bytes)", got, what, want);
    return ACL_SUCCESS;
}

aclError aclrtSetStreamConfigOpt(aclrtStreamConfigHandle *handle, aclrtStreamConfigAttr attr, const void *attrValue,
                                 size_t valueSize)
{
    GECL_ENTER();
    GECL_CHECK_ARG(handle && attrValue, "handle and attrValue must not be NULL");
    GECL_CHECK_ARG(gecl_objset_has(&g_configs, handle), "handle %p is not a live stream config handle",
                   (void *)handle);
    aclError rc;
    switch (attr) {
    case ACL_RT_STREAM_WORK_ADDR_PTR:
        if ((rc = check_size(valueSize, sizeof(void *), "ACL_RT_STREAM_WORK_ADDR_PTR"))) return rc;
        memcpy(&handle->workptr, attrValue, sizeof(void *));
        return ACL_SUCCESS;
    case ACL_RT_STREAM_WORK_SIZE:
        if ((rc = check_size(valueSize, sizeof(size_t), "ACL_RT_STREAM_WORK_SIZE"))) return rc;
        memcpy(&handle->workSize, attrValue, sizeof(size_t));
        return ACL_SUCCESS;
    case ACL_RT_STREAM_FLAG:
        if ((rc = check_size(valueSize, sizeof(size_t), "ACL_RT_STREAM_FLAG"))) return rc;
        memcpy(&handle->flag, attrValue, sizeof(size_t));
        return ACL_SUCCESS;
    case ACL_RT_STREAM_PRIORITY: {
        if ((rc = check_size(valueSize, sizeof(uint32_t), "ACL_RT_STREAM_PRIORITY"))) return rc;
        uint32_t v;
        memcpy(&v, attrValue, sizeof v);
        GECL_CHECK_ARG(v <= 7, "ACL_RT_STREAM_PRIORITY %u is outside 0 (highest) .. 7 (lowest)", v);
        handle->priority = v;
        return ACL_SUCCESS;
    }
    default:
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "attr %d is not an aclrtStreamConfigAttr value", (int)attr);
    }
}

static aclError check_flags(uint64_t flag)
{
    const uint64_t known = ACL_STREAM_FAST_LAUNCH | ACL_STREAM_FAST_SYNC | ACL_STREAM_PERSISTENT | ACL_STREAM_HUGE |
                           ACL_STREAM_CPU_SCHEDULE | ACL_STREAM_DEVICE_USE_ONLY;
    GECL_CHECK_ARG((flag & ~known) == 0, "unknown stream flag bits 0x%llx", (unsigned long long)(flag & ~known));
    return ACL_SUCCESS;
}

/* The work memory options are for models bound to the stream, which gecl's runtime does not
 * run: they are kept in the handle and ignored here. NULL is the default configuration. */
aclError aclrtCreateStreamV2(aclrtStream *stream, const aclrtStreamConfigHandle *handle)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(stream, "stream must not be NULL");
    GECL_CHECK_ARG(!handle || gecl_objset_has(&g_configs, handle),
                   "handle %p is not a live stream config handle", (const void *)handle);
    const uint32_t priority = handle ? handle->priority : 0;
    const uint64_t flag = handle ? (uint64_t)handle->flag : 0;
    aclError rc = check_flags(flag);
    return rc ? rc : gecl_stream_create_current(priority, (uint32_t)flag, stream);
}

aclError aclrtStreamGetPriority(aclrtStream stream, uint32_t *priority)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(priority, "priority must not be NULL");
    GECL_STREAM_PEEK_REF(s);
    aclError rc = gecl_stream_peek(stream, &s);
    if (rc) return rc;
    pthread_mutex_lock(&s->cb_lock);
    *priority = s->priority;
    pthread_mutex_unlock(&s->cb_lock);
    return ACL_SUCCESS;
}

aclError aclrtStreamGetFlags(aclrtStream stream, uint32_t *flags)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(flags, "flags must not be NULL");
    GECL_STREAM_PEEK_REF(s);
    aclError rc = gecl_stream_peek(stream, &s);
    if (!rc) *flags = s->flags;
    return rc;
}

static int is_switch(uint64_t v) { return v == 0 || v == 1; }

/* Attributes are recorded per stream and read back. A new priority is reported from then on,
 * but an OpenCL queue's priority hint is fixed when the queue is made, so the scheduling
 * stays that of the creation priority. What the others would steer on an Ascend device
 * has no OpenCL counterpart: a failed OpenCL command is reported by the call that waits for it
 * whatever the failure mode, there is no overflow detection unit, and the tag and op-info cache
 * are for Ascend's profiling. */
aclError aclrtSetStreamAttribute(aclrtStream stream, aclrtStreamAttr stmAttrType, aclrtStreamAttrValue *value)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(value, "value must not be NULL");
    GECL_STREAM_PEEK_REF(s);
    aclError rc = gecl_stream_peek(stream, &s);
    if (rc) return rc;
    switch (stmAttrType) {
    case ACL_STREAM_ATTR_FAILURE_MODE:
        GECL_CHECK_ARG(value->failureMode == ACL_CONTINUE_ON_FAILURE || value->failureMode == ACL_STOP_ON_FAILURE,
                       "failureMode %llu is neither ACL_CONTINUE_ON_FAILURE nor ACL_STOP_ON_FAILURE",
                       (unsigned long long)value->failureMode);
        break;
    case ACL_STREAM_ATTR_FLOAT_OVERFLOW_CHECK:
        GECL_CHECK_ARG(is_switch(value->overflowSwitch), "overflowSwitch must be 0 or 1, got %u", value->overflowSwitch);
        break;
    case ACL_STREAM_ATTR_CACHE_OP_INFO:
        GECL_CHECK_ARG(is_switch(value->cacheOpInfoSwitch), "cacheOpInfoSwitch must be 0 or 1, got %u",
                       value->cacheOpInfoSwitch);
        break;
    case ACL_STREAM_ATTR_USER_CUSTOM_TAG:
        break;
    case ACL_STREAM_ATTR_PRIORITY:
        GECL_CHECK_ARG(value->streamPriority <= 7, "streamPriority %u is outside 0 (highest) .. 7 (lowest)",
                       value->streamPriority);
        break;
    default:
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "stmAttrType %d is not an aclrtStreamAttr value", (int)stmAttrType);
    }
    pthread_mutex_lock(&s->cb_lock);
    switch (stmAttrType) {
    case ACL_STREAM_ATTR_FAILURE_MODE: s->failure_mode = value->failureMode; break;
    case ACL_STREAM_ATTR_FLOAT_OVERFLOW_CHECK: s->overflow_switch = value->overflowSwitch; break;
    case ACL_STREAM_ATTR_CACHE_OP_INFO: s->cache_op_info = value->cacheOpInfoSwitch; break;
    case ACL_STREAM_ATTR_PRIORITY: s->priority = value->streamPriority; break;
    default: s->user_tag = value->userCustomTag; break;
    }
    pthread_mutex_unlock(&s->cb_lock);
    return ACL_SUCCESS;
}

aclError aclrtGetStreamAttribute(aclrtStream stream, aclrtStreamAttr stmAttrType, aclrtStreamAttrValue *value)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(value, "value must not be NULL");
    GECL_CHECK_ARG(stmAttrType >= ACL_STREAM_ATTR_FAILURE_MODE && stmAttrType <= ACL_STREAM_ATTR_PRIORITY,
                   "stmAttrType %d is not an aclrtStreamAttr value", (int)stmAttrType);
    GECL_STREAM_PEEK_REF(s);
    aclError rc = gecl_stream_peek(stream, &s);
    if (rc) return rc;
    memset(value, 0, sizeof *value);
    pthread_mutex_lock(&s->cb_lock);
    switch (stmAttrType) {
    case ACL_STREAM_ATTR_FAILURE_MODE: value->failureMode = s->failure_mode; break;
    case ACL_STREAM_ATTR_FLOAT_OVERFLOW_CHECK: value->overflowSwitch = s->overflow_switch; break;
    case ACL_STREAM_ATTR_USER_CUSTOM_TAG: value->userCustomTag = s->user_tag; break;
    case ACL_STREAM_ATTR_CACHE_OP_INFO: value->cacheOpInfoSwitch = s->cache_op_info; break;
    default: value->streamPriority = s->priority; break;
    }
    pthread_mutex_unlock(&s->cb_lock);
    return ACL_SUCCESS;
}

aclError aclrtSetStreamFailureMode(aclrtStream stream, uint64_t mode)
{
    GECL_CHECK_INIT();
    aclrtStreamAttrValue v;
    memset(&v, 0, sizeof v);
    v.failureMode = mode;
    return aclrtSetStreamAttribute(stream, ACL_STREAM_ATTR_FAILURE_MODE, &v);
}

aclError aclrtSetStreamOverflowSwitch(aclrtStream stream, uint32_t flag)
{
    GECL_CHECK_INIT();
    aclrtStreamAttrValue v;
    memset(&v, 0, sizeof v);
    v.overflowSwitch = flag;
    return aclrtSetStreamAttribute(stream, ACL_STREAM_ATTR_FLOAT_OVERFLOW_CHECK, &v);
}

aclError aclrtGetStreamOverflowSwitch(aclrtStream stream, uint32_t *flag)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(flag, "flag must not be NULL");
    aclrtStreamAttrValue v;
    aclError rc = aclrtGetStreamAttribute(stream, ACL_STREAM_ATTR_FLOAT_OVERFLOW_CHECK, &v);
    if (!rc) *flag = v.overflowSwitch;
    return rc;
}
