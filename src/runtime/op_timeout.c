/*
 * op_timeout.c: CANN's operator timeouts (aclrtSetOpWaitTimeout, aclrtSetOpExecuteTimeOut and
 * its ms / µs variants, aclrtGetOpExecuteTimeout, aclrtGetOpTimeOutInterval) and the device's
 * float overflow mode (aclrtSetDeviceSatMode / aclrtGetDeviceSatMode).
 *
 * Timeouts: gecl records them and answers them back. OpenCL cannot interrupt a running kernel,
 * so they do not stop work; a program that needs a bound waits with aclrtSynchronizeStream-
 * WithTimeout. 0 (the start value) means no limit, as in CANN.
 *
 * Overflow mode: OpenCL float arithmetic follows IEEE 754, so overflow gives inf and invalid
 * operations give NaN (CANN's ACL_RT_OVERFLOW_MODE_INFNAN); saturation cannot be selected.
 */
#include <stdatomic.h>

#include "runtime.h"

/* The granularity gecl keeps execute timeouts in: whole milliseconds (in µs, as CANN reports). */
#define OP_TIMEOUT_INTERVAL_US 1000u

static atomic_uint op_wait_s;           /* aclrtSetOpWaitTimeout, seconds */
static atomic_uint_fast64_t op_exec_us; /* aclrtSetOpExecuteTimeOut*, µs (whole ms) */

aclError aclrtSetOpWaitTimeout(uint32_t timeout)
{
    GECL_ENTER();
    atomic_store(&op_wait_s, timeout);
    return ACL_SUCCESS;
}

/* Stores `us` rounded up to the interval; returns what was stored. */
static uint64_t set_exec_us(uint64_t us)
{
    uint64_t q = us / OP_TIMEOUT_INTERVAL_US + (us % OP_TIMEOUT_INTERVAL_US != 0);
    uint64_t stored = q * OP_TIMEOUT_INTERVAL_US;
    atomic_store(&op_exec_us, stored);
    return stored;
}

aclError aclrtSetOpExecuteTimeOut(uint32_t timeout)
{
    GECL_ENTER();
    set_exec_us((uint64_t)timeout * 1000000u);
    return ACL_SUCCESS;
}

aclError aclrtSetOpExecuteTimeOutWithMs(uint32_t timeout)
{
    GECL_ENTER();
    set_exec_us((uint64_t)timeout * 1000u);
    return ACL_SUCCESS;
}

aclError aclrtSetOpExecuteTimeOutV2(uint64_t timeout, uint64_t *actualTimeout)
{
    GECL_ENTER();
    GECL_CHECK_ARG(actualTimeout, "actualTimeout must not be NULL");
    GECL_CHECK_ARG(timeout <= UINT64_MAX - OP_TIMEOUT_INTERVAL_US, "timeout %llu µs is too large",
                   (unsigned long long)timeout);
    *actualTimeout = set_exec_us(timeout);
    return ACL_SUCCESS;
}

aclError aclrtGetOpTimeOutInterval(uint64_t *interval)
{
    GECL_ENTER();
    GECL_CHECK_ARG(interval, "interval must not be NULL");
    *interval = OP_TIMEOUT_INTERVAL_US;
    return ACL_SUCCESS;
}

aclError aclrtGetOpExecuteTimeout(uint32_t *const timeoutMs)
{
    GECL_ENTER();
    GECL_CHECK_ARG(timeoutMs, "timeoutMs must not be NULL");
    uint64_t ms = atomic_load(&op_exec_us) / 1000u;
    *timeoutMs = ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
    return ACL_SUCCESS;
}

aclError aclrtSetDeviceSatMode(aclrtFloatOverflowMode mode)
{
    GECL_CHECK_INIT();
    if (mode == ACL_RT_OVERFLOW_MODE_INFNAN) return ACL_SUCCESS;
    if (mode == ACL_RT_OVERFLOW_MODE_SATURATION)
        return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED,
                         "saturation mode is not supported on OpenCL: float arithmetic follows IEEE 754 "
                         "(ACL_RT_OVERFLOW_MODE_INFNAN)");
    return gecl_fail(ACL_ERROR_INVALID_PARAM, "mode %d is not an aclrtFloatOverflowMode", (int)mode);
}

aclError aclrtGetDeviceSatMode(aclrtFloatOverflowMode *mode)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(mode, "mode must not be NULL");
    *mode = ACL_RT_OVERFLOW_MODE_INFNAN;
    return ACL_SUCCESS;
}
