/* hostfunc.c: host functions in stream order (aclrtLaunchHostFunc) and the threads that may
 * process them (aclrtSubscribeHostFunc / aclrtProcessHostFunc / aclrtUnSubscribeHostFunc). They
 * share aclrtLaunchCallback's machinery (stream.c, report.c) as a second kind of report: a
 * stream may have one thread for its callbacks and another for its host functions. */
#include "acl/acl_rt.h"
#include "runtime.h"
#include "stream.h"

/* Runs fn(args) once the work enqueued on the stream before it is done; the work enqueued
 * after it waits for it to return. Without a subscribed thread it runs on the stream's worker. */
aclError aclrtLaunchHostFunc(aclrtStream stream, aclrtHostFunc fn, void *args)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(fn, "fn must not be NULL");
    GECL_STREAM_REF(s);
    aclError rc = gecl_stream_resolve(stream, &s);
    return rc ? rc : gecl_stream_enqueue_user(s, GECL_REPORT_HOSTFUNC, fn, args);
}

aclError aclrtSubscribeHostFunc(uint64_t hostFuncThreadId, aclrtStream exeStream)
{
    GECL_CHECK_INIT();
    return gecl_report_subscribe(GECL_REPORT_HOSTFUNC, hostFuncThreadId, exeStream);
}

aclError aclrtProcessHostFunc(int32_t timeout)
{
    GECL_CHECK_INIT();
    return gecl_report_process(GECL_REPORT_HOSTFUNC, timeout);
}

aclError aclrtUnSubscribeHostFunc(uint64_t hostFuncThreadId, aclrtStream exeStream)
{
    GECL_CHECK_INIT();
    return gecl_report_unsubscribe(GECL_REPORT_HOSTFUNC, hostFuncThreadId, exeStream);
}
