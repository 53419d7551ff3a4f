/*
 * ascend_only.c: the functions of CANN's acl_rt.h that only mean something on Ascend hardware
 * (include/acl/acl_rt_ascend.h). They exist so that CANN programs compile and link unchanged;
 * each records the call and fails with ACL_ERROR_FEATURE_UNSUPPORTED and the message
 * "<name>: not supported on OpenCL (<reason>)", so a program that reaches one learns which call
 * and why. Functions returning a pointer return NULL after recording the same message.
 *
 * One X-macro line per function: return type, name, CANN's parameter list, reason. The table is
 * the list docs/runtime.md reports as unsupported (docs/runtime_api_status.d/sweep.txt).
 */
#include "acl/acl.h"
#include "error.h"

/* The parameters exist only to match CANN's prototypes. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

#define GECL_UNSUPPORTED_MSG "not supported on OpenCL (%s)"

#define X_ERR(ret, name, params, why)                                                            \
    ret name params                                                                              \
    {                                                                                            \
        GECL_ENTER();                                                                            \
        return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, GECL_UNSUPPORTED_MSG, why);              \
    }

#define X_PTR(ret, name, params, why)                                                            \
    ret name params                                                                              \
    {                                                                                            \
        GECL_ENTER();                                                                            \
        (void)gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, GECL_UNSUPPORTED_MSG, why);               \
        return NULL;                                                                             \
    }

#define GECL_ASCEND_ONLY \
    X_ERR(aclError, aclrtSetTsDevice, (aclrtTsId tsId), "Ascend task-scheduler resources") \
    X_ERR(aclError, aclrtMallocForTaskScheduler, (void** devPtr, size_t size, aclrtMemMallocPolicy policy, aclrtMallocConfig* cfg), "Ascend task-scheduler resources") \
    X_ERR(aclError, aclrtMemManagedGetAttr, (aclrtMemManagedRangeAttribute attribute, const void* ptr, size_t size, void* data, size_t dataSize), "unified (managed) memory") \
    X_ERR(aclError, aclrtMemManagedGetAttrs, (aclrtMemManagedRangeAttribute* attributes, size_t numAttributes, const void* ptr, size_t size, void** data, size_t* dataSizes), "unified (managed) memory") \
    X_ERR(aclError, aclrtHostRegister, (void* ptr, uint64_t size, aclrtHostRegisterType type, void** devPtr), "registering host memory into the device address space") \
    X_ERR(aclError, aclrtHostRegisterV2, (void* ptr, uint64_t size, uint32_t flag), "registering host memory into the device address space") \
    X_ERR(aclError, aclrtHostGetDevicePointer, (void* pHost, void** pDevice, uint32_t flag), "registering host memory into the device address space") \
    X_ERR(aclError, aclrtHostUnregister, (void* ptr), "registering host memory into the device address space") \
    X_ERR(aclError, aclrtGetThreadLastTaskId, (uint32_t* taskId), "Ascend hardware task and stream ids") \
    X_ERR(aclError, aclrtStreamGetId, (aclrtStream stream, int32_t* streamId), "Ascend hardware task and stream ids") \
    X_ERR(aclError, aclrtMemAllocManaged, (void** ptr, uint64_t size, uint32_t flag), "unified (managed) memory") \
    X_ERR(aclError, aclrtGetSymbolAddress, (const void* symbol, void** devPtr), "device symbols of a bisheng-compiled binary") \
    X_ERR(aclError, aclrtGetSymbolSize, (const void* symbol, size_t* size), "device symbols of a bisheng-compiled binary") \
    X_ERR(aclError, aclrtMemcpyFromSymbol, (void* dst, size_t dstMax, const void* symbol, size_t count, size_t offset, aclrtMemcpyKind kind), "device symbols of a bisheng-compiled binary") \
    X_ERR(aclError, aclrtMemcpyFromSymbolAsync, (void* dst, size_t dstMax, const void* symbol, size_t count, size_t offset, aclrtMemcpyKind kind, aclrtStream stream), "device symbols of a bisheng-compiled binary") \
    X_ERR(aclError, aclrtMemcpyToSymbol, (const void* symbol, const void* src, size_t count, size_t offset, aclrtMemcpyKind kind), "device symbols of a bisheng-compiled binary") \
    X_ERR(aclError, aclrtMemcpyToSymbolAsync, (const void* symbol, const void* src, size_t count, size_t offset, aclrtMemcpyKind kind, aclrtStream stream), "device symbols of a bisheng-compiled binary") \
    X_ERR(aclError, aclrtMemManagedAdvise, (const void* const ptr, uint64_t size, aclrtMemManagedAdviseType advise, aclrtMemManagedLocation location), "unified (managed) memory") \
    X_ERR(aclError, aclrtSetGroup, (int32_t groupId), "Ascend device groups") \
    X_ERR(aclError, aclrtGetGroupCount, (uint32_t* count), "Ascend device groups") \
    X_PTR(aclrtGroupInfo*, aclrtCreateGroupInfo, (void), "Ascend device groups") \
    X_ERR(aclError, aclrtDestroyGroupInfo, (aclrtGroupInfo* groupInfo), "Ascend device groups") \
    X_ERR(aclError, aclrtGetAllGroupInfo, (aclrtGroupInfo* groupInfo), "Ascend device groups") \
    X_ERR(aclError, aclrtGetGroupInfoDetail, (const aclrtGroupInfo* groupInfo, int32_t groupIndex, aclrtGroupAttr attr, void* attrValue, size_t valueLen, size_t* paramRetSize), "Ascend device groups") \
    X_ERR(aclError, aclrtGetMemUsageInfo, (int32_t deviceId, aclrtMemUsageInfo* memUsageInfo, size_t inputNum, size_t* outputNum), "per-component device memory accounting") \
    X_ERR(aclError, aclrtGetOverflowStatus, (void* outputAddr, size_t outputSize, aclrtStream stream), "Ascend float-overflow status; OpenCL floats follow IEEE 754") \
    X_ERR(aclError, aclrtResetOverflowStatus, (aclrtStream stream), "Ascend float-overflow status; OpenCL floats follow IEEE 754") \
    X_ERR(aclError, aclrtMemSetPidToShareableHandle, (uint64_t shareableHandle, int32_t* pid, size_t pidNum), "interprocess sharing") \
    X_ERR(aclError, aclrtCmoAsync, (void* src, size_t size, aclrtCmoType cmoType, aclrtStream stream), "Ascend cache-management tasks") \
    X_ERR(aclError, aclrtDeviceTaskAbort, (int32_t deviceId, uint32_t timeout), "OpenCL cannot cancel enqueued commands") \
    X_ERR(aclError, aclrtStreamAbort, (aclrtStream stream), "OpenCL cannot cancel enqueued commands") \
    X_ERR(aclError, aclrtGetMemcpyDescSize, (aclrtMemcpyKind kind, size_t* descSize), "Ascend descriptor-based copies") \
    X_ERR(aclError, aclrtSetMemcpyDesc, (void* desc, aclrtMemcpyKind kind, void* srcAddr, void* dstAddr, size_t count, void* config), "Ascend descriptor-based copies") \
    X_ERR(aclError, aclrtMemcpyAsyncWithOffset, (void** dst, size_t destMax, size_t dstDataOffset, const void** src, size_t count, size_t srcDataOffset, aclrtMemcpyKind kind, aclrtStream stream), "Ascend descriptor-based copies") \
    X_ERR(aclError, aclrtMemcpyAsyncWithDesc, (void* desc, aclrtMemcpyKind kind, aclrtStream stream), "Ascend descriptor-based copies") \
    X_ERR(aclError, aclmdlRIUpdate, (aclmdlRI modelRI), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRITaskDisable, (aclmdlRITask task), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclrtValueWrite, (void* devAddr, uint64_t value, uint32_t flag, aclrtStream stream), "stream memory-value operations") \
    X_ERR(aclError, aclrtValueWait, (void* devAddr, uint64_t value, uint32_t flag, aclrtStream stream), "stream memory-value operations") \
    X_ERR(aclError, aclrtGetStreamAvailableNum, (uint32_t* streamCount), "Ascend hardware stream and event id pools") \
    X_ERR(aclError, aclrtCreateNotify, (aclrtNotify* notify, uint64_t flag), "Ascend notify objects") \
    X_ERR(aclError, aclrtDestroyNotify, (aclrtNotify notify), "Ascend notify objects") \
    X_ERR(aclError, aclrtCntNotifyCreate, (aclrtCntNotify* cntNotify, uint64_t flag), "Ascend notify objects") \
    X_ERR(aclError, aclrtCntNotifyDestroy, (aclrtCntNotify cntNotify), "Ascend notify objects") \
    X_ERR(aclError, aclrtRecordNotify, (aclrtNotify notify, aclrtStream stream), "Ascend notify objects") \
    X_ERR(aclError, aclrtWaitAndResetNotify, (aclrtNotify notify, aclrtStream stream, uint32_t timeout), "Ascend notify objects") \
    X_ERR(aclError, aclrtGetNotifyId, (aclrtNotify notify, uint32_t* notifyId), "Ascend notify objects") \
    X_ERR(aclError, aclrtGetEventAvailNum, (uint32_t* eventCount), "Ascend hardware stream and event id pools") \
    X_ERR(aclError, aclrtDeviceGetHostAtomicCapabilities, (uint32_t* capabilities, const aclrtAtomicOperation* operations, const uint32_t count, int32_t deviceId), "atomic capabilities of Ascend host and peer links") \
    X_ERR(aclError, aclrtDeviceGetP2PAtomicCapabilities, (uint32_t* capabilities, const aclrtAtomicOperation* operations, const uint32_t count, int32_t srcDeviceId, int32_t dstDeviceId), "atomic capabilities of Ascend host and peer links") \
    X_ERR(aclError, aclrtReduceAsync, (void* dst, const void* src, uint64_t count, aclrtReduceKind kind, aclDataType type, aclrtStream stream, void* reserve), "SDMA reduce copies") \
    X_ERR(aclError, aclrtUseStreamResInCurrentThread, (aclrtStream stream), "Ascend core-partitioning resource limits") \
    X_ERR(aclError, aclrtUnuseStreamResInCurrentThread, (aclrtStream stream), "Ascend core-partitioning resource limits") \
    X_ERR(aclError, aclrtCreateLabel, (aclrtLabel* label), "Ascend in-model control flow") \
    X_ERR(aclError, aclrtSetLabel, (aclrtLabel label, aclrtStream stream), "Ascend in-model control flow") \
    X_ERR(aclError, aclrtDestroyLabel, (aclrtLabel label), "Ascend in-model control flow") \
    X_ERR(aclError, aclrtCreateLabelList, (aclrtLabel* labels, size_t num, aclrtLabelList* labelList), "Ascend in-model control flow") \
    X_ERR(aclError, aclrtDestroyLabelList, (aclrtLabelList labelList), "Ascend in-model control flow") \
    X_ERR(aclError, aclrtSwitchLabelByIndex, (void* ptr, uint32_t maxValue, aclrtLabelList labelList, aclrtStream stream), "Ascend in-model control flow") \
    X_ERR(aclError, aclrtActiveStream, (aclrtStream activeStream, aclrtStream stream), "Ascend in-model control flow") \
    X_ERR(aclError, aclrtSwitchStream, (void* leftValue, aclrtCondition cond, void* rightValue, aclrtCompareDataType dataType, aclrtStream trueStream, aclrtStream falseStream, aclrtStream stream), "Ascend in-model control flow") \
    X_ERR(aclError, aclrtGetBufFromChain, (aclrtMbuf headBuf, uint32_t index, aclrtMbuf* buf), "Ascend mbuf buffers") \
    X_ERR(aclError, aclrtGetBufChainNum, (aclrtMbuf headBuf, uint32_t* num), "Ascend mbuf buffers") \
    X_ERR(aclError, aclrtAppendBufChain, (aclrtMbuf headBuf, aclrtMbuf buf), "Ascend mbuf buffers") \
    X_ERR(aclError, aclrtCopyBufRef, (const aclrtMbuf buf, aclrtMbuf* newBuf), "Ascend mbuf buffers") \
    X_ERR(aclError, aclrtGetBufUserData, (const aclrtMbuf buf, void* dataPtr, size_t size, size_t offset), "Ascend mbuf buffers") \
    X_ERR(aclError, aclrtSetBufUserData, (aclrtMbuf buf, const void* dataPtr, size_t size, size_t offset), "Ascend mbuf buffers") \
    X_ERR(aclError, aclrtGetBufData, (const aclrtMbuf buf, void** dataPtr, size_t* size), "Ascend mbuf buffers") \
    X_ERR(aclError, aclrtGetBufDataLen, (aclrtMbuf buf, size_t* len), "Ascend mbuf buffers") \
    X_ERR(aclError, aclrtSetBufDataLen, (aclrtMbuf buf, size_t len), "Ascend mbuf buffers") \
    X_ERR(aclError, aclrtFreeBuf, (aclrtMbuf buf), "Ascend mbuf buffers") \
    X_ERR(aclError, aclrtAllocBuf, (aclrtMbuf* buf, size_t size), "Ascend mbuf buffers") \
    X_ERR(aclError, aclrtCmoAsyncWithBarrier, (void* src, size_t size, aclrtCmoType cmoType, uint32_t barrierId, aclrtStream stream), "Ascend cache-management tasks") \
    X_ERR(aclError, aclrtCmoWaitBarrier, (aclrtBarrierTaskInfo* taskInfo, aclrtStream stream, uint32_t flag), "Ascend cache-management tasks") \
    X_ERR(aclError, aclrtGetDevicesTopo, (uint32_t deviceId, uint32_t otherDeviceId, uint64_t* value), "Ascend device interconnect topology") \
    X_ERR(aclError, aclrtIpcMemGetExportKey, (void* devPtr, size_t size, char* key, size_t len, uint64_t flags), "interprocess sharing") \
    X_ERR(aclError, aclrtIpcMemClose, (const char* key), "interprocess sharing") \
    X_ERR(aclError, aclrtIpcMemImportByKey, (void** devPtr, const char* key, uint64_t flags), "interprocess sharing") \
    X_ERR(aclError, aclrtIpcMemSetImportPid, (const char* key, int32_t* pid, size_t num), "interprocess sharing") \
    X_ERR(aclError, aclrtIpcMemSetAttr, (const char* key, aclrtIpcMemAttrType type, uint64_t attr), "interprocess sharing") \
    X_ERR(aclError, aclrtIpcMemImportPidInterServer, (const char* key, aclrtServerPid* serverPids, size_t num), "interprocess sharing") \
    X_ERR(aclError, aclrtNotifyBatchReset, (aclrtNotify* notifies, size_t num), "Ascend notify objects") \
    X_ERR(aclError, aclrtNotifyGetExportKey, (aclrtNotify notify, char* key, size_t len, uint64_t flags), "interprocess sharing") \
    X_ERR(aclError, aclrtNotifyImportByKey, (aclrtNotify* notify, const char* key, uint64_t flags), "interprocess sharing") \
    X_ERR(aclError, aclrtNotifySetImportPid, (aclrtNotify notify, int32_t* pid, size_t num), "interprocess sharing") \
    X_ERR(aclError, aclrtNotifySetImportPidInterServer, (aclrtNotify notify, aclrtServerPid* serverPids, size_t num), "interprocess sharing") \
    X_ERR(aclError, aclmdlRICaptureBegin, (aclrtStream stream, aclmdlRICaptureMode mode), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRICaptureGetInfo, (aclrtStream stream, aclmdlRICaptureStatus* status, aclmdlRI* modelRI), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRICaptureEnd, (aclrtStream stream, aclmdlRI* modelRI), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRIDebugPrint, (aclmdlRI modelRI), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRIDebugJsonPrint, (aclmdlRI modelRI, const char* path, uint32_t flags), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRICaptureThreadExchangeMode, (aclmdlRICaptureMode* mode), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRIExecuteAsync, (aclmdlRI modelRI, aclrtStream stream), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRIExecute, (aclmdlRI modelRI, int32_t timeout), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRIDestroy, (aclmdlRI modelRI), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRICaptureTaskGrpBegin, (aclrtStream stream), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRICaptureTaskGrpEnd, (aclrtStream stream, aclrtTaskGrp* handle), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRICaptureTaskUpdateBegin, (aclrtStream stream, aclrtTaskGrp handle), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRICaptureTaskUpdateEnd, (aclrtStream stream), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRIBuildBegin, (aclmdlRI* modelRI, uint32_t flag), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRIBindStream, (aclmdlRI modelRI, aclrtStream stream, uint32_t flag), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRIEndTask, (aclmdlRI modelRI, aclrtStream stream), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRIBuildEnd, (aclmdlRI modelRI, void* reserve), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRIUnbindStream, (aclmdlRI modelRI, aclrtStream stream), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRISetName, (aclmdlRI modelRI, const char* name), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRIGetName, (aclmdlRI modelRI, uint32_t maxLen, char* name), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRIGetId, (aclmdlRI modelRI, uint32_t* modelRIId), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRIDestroyRegisterCallback, (aclmdlRI modelRI, aclrtCallback func, void* userData), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRIDestroyUnregisterCallback, (aclmdlRI modelRI, aclrtCallback func), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlInitDump, (void), "operator data dump") \
    X_ERR(aclError, aclmdlSetDump, (const char* dumpCfgPath), "operator data dump") \
    X_ERR(aclError, aclmdlFinalizeDump, (void), "operator data dump") \
    X_ERR(aclError, aclmdlRIGetStreams, (aclmdlRI modelRI, aclrtStream* streams, uint32_t* numStreams), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRIGetTasksByStream, (aclrtStream stream, aclmdlRITask* tasks, uint32_t* numTasks), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRITaskGetType, (aclmdlRITask task, aclmdlRITaskType* type), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRITaskGetSeqId, (aclmdlRITask task, uint32_t* id), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclrtProfTrace, (void* userdata, int32_t length, aclrtStream stream), "Ascend profiling records") \
    X_ERR(aclError, aclrtCtxGetFloatOverflowAddr, (void** overflowAddr), "Ascend float-overflow status; OpenCL floats follow IEEE 754") \
    X_ERR(aclError, aclrtGetFloatOverflowStatus, (void* outputAddr, uint64_t outputSize, aclrtStream stream), "Ascend float-overflow status; OpenCL floats follow IEEE 754") \
    X_ERR(aclError, aclrtResetFloatOverflowStatus, (aclrtStream stream), "Ascend float-overflow status; OpenCL floats follow IEEE 754") \
    X_ERR(aclError, aclrtNpuGetFloatOverFlowStatus, (void* outputAddr, uint64_t outputSize, uint32_t checkMode, aclrtStream stream), "Ascend float-overflow status; OpenCL floats follow IEEE 754") \
    X_ERR(aclError, aclrtNpuClearFloatOverFlowStatus, (uint32_t checkMode, aclrtStream stream), "Ascend float-overflow status; OpenCL floats follow IEEE 754") \
    X_ERR(aclError, aclrtRandomNumAsync, (const aclrtRandomNumTaskInfo* taskInfo, const aclrtStream stream, void* reserve), "Ascend random-number tasks") \
    X_ERR(aclError, aclrtRegStreamStateCallback, (const char* regName, aclrtStreamStateCallback callback, void* args), "stream and device state callbacks are not implemented on gecl") \
    X_ERR(aclError, aclrtRegDeviceStateCallback, (const char* regName, aclrtDeviceStateCallback callback, void* args), "stream and device state callbacks are not implemented on gecl") \
    X_ERR(aclError, aclrtSetDeviceTaskAbortCallback, (const char* regName, aclrtDeviceTaskAbortCallback callback, void* args), "OpenCL cannot cancel enqueued commands") \
    X_ERR(aclError, aclrtStreamStop, (aclrtStream stream), "OpenCL cannot cancel enqueued commands") \
    X_ERR(aclError, aclrtTaskUpdateAsync, (aclrtStream taskStream, uint32_t taskId, aclrtTaskUpdateInfo* info, aclrtStream execStream), "Ascend task updates") \
    X_ERR(aclError, aclrtCmoGetDescSize, (size_t* size), "Ascend cache-management tasks") \
    X_ERR(aclError, aclrtCmoSetDesc, (void* cmoDesc, void* src, size_t size), "Ascend cache-management tasks") \
    X_ERR(aclError, aclrtCmoAsyncWithDesc, (void* cmoDesc, aclrtCmoType cmoType, aclrtStream stream, const void* reserve), "Ascend cache-management tasks") \
    X_ERR(aclError, aclmdlRIAbort, (aclmdlRI modelRI), "OpenCL cannot cancel enqueued commands") \
    X_ERR(aclError, aclmdlRICondHandleCreate, (aclmdlRI modelRI, uint32_t defaultLaunchValue, aclmdlRICondHandleFlag flag, aclmdlRICondHandle* handle), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRICondHandleGetCondPtr, (aclmdlRICondHandle handle, uint64_t** ptr), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRIAddCondTask, (aclmdlRICondTaskParams params, aclrtStream stream, uint32_t flags), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRICaptureToModelRIBegin, (aclrtStream stream, aclmdlRI modelRI, aclmdlRICaptureMode mode), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclrtCntNotifyRecord, (aclrtCntNotify cntNotify, aclrtStream stream, aclrtCntNotifyRecordInfo* info), "Ascend notify objects") \
    X_ERR(aclError, aclrtCntNotifyWaitWithTimeout, (aclrtCntNotify cntNotify, aclrtStream stream, aclrtCntNotifyWaitInfo* info), "Ascend notify objects") \
    X_ERR(aclError, aclrtCntNotifyReset, (aclrtCntNotify cntNotify, aclrtStream stream), "Ascend notify objects") \
    X_ERR(aclError, aclrtCntNotifyGetId, (aclrtCntNotify cntNotify, uint32_t* notifyId), "Ascend notify objects") \
    X_ERR(aclError, aclrtPersistentTaskClean, (aclrtStream stream), "OpenCL cannot cancel enqueued commands") \
    X_ERR(aclError, aclrtSnapShotProcessLock, (int pid, void* reserve), "Ascend process snapshots") \
    X_ERR(aclError, aclrtSnapShotProcessUnlock, (int pid, void* reserve), "Ascend process snapshots") \
    X_ERR(aclError, aclrtSnapShotProcessBackup, (int pid, aclrtSnapShotBackupArgs* args), "Ascend process snapshots") \
    X_ERR(aclError, aclrtSnapShotProcessRestore, (int pid, aclrtSnapShotRestoreArgs* args), "Ascend process snapshots") \
    X_ERR(aclError, aclrtSnapShotCallbackRegister, (aclrtSnapShotStage stage, aclrtSnapShotCallBack callback, void* args), "Ascend process snapshots") \
    X_ERR(aclError, aclrtSnapShotCallbackUnregister, (aclrtSnapShotStage stage, aclrtSnapShotCallBack callback), "Ascend process snapshots") \
    X_ERR(aclError, aclrtCacheLastTaskOpInfo, (const void* const infoPtr, const size_t infoSize), "Ascend profiling records") \
    X_ERR(aclError, aclrtCacheLastTaskExtendInfo, (const char* const extendInfoPtr, const size_t infoSize), "Ascend profiling records") \
    X_ERR(aclError, aclrtFunctionGetAvailDynUbufPerBlock, (void* func, uint32_t flags, size_t* dynamicUbufSize), "parameters of a bisheng kernel; gecl kernels are OpenCL kernels") \
    X_ERR(aclError, aclrtIpcGetEventHandle, (aclrtEvent event, aclrtIpcEventHandle* handle), "interprocess sharing") \
    X_ERR(aclError, aclrtIpcOpenEventHandle, (aclrtIpcEventHandle handle, aclrtEvent* event), "interprocess sharing") \
    X_ERR(aclError, aclrtReserveMemAddressNoUCMemory, (void** virPtr, size_t size, size_t alignment, void* expectPtr, uint64_t flags), "Ascend memory mapping and cache control") \
    X_ERR(aclError, aclrtMemP2PMap, (void* devPtr, size_t size, int32_t dstDevId, uint64_t flags), "Ascend memory mapping and cache control") \
    X_ERR(aclError, aclrtMemManagedPrefetchAsync, (const void* ptr, size_t size, aclrtMemManagedLocation location, uint32_t flags, aclrtStream stream), "unified (managed) memory") \
    X_ERR(aclError, aclrtMemManagedPrefetchBatchAsync, (const void** ptrs, size_t* sizes, size_t count, aclrtMemManagedLocation* prefetchLocs, size_t* prefetchLocIdxs, size_t numPrefetchLocs, uint64_t flags, aclrtStream stream), "unified (managed) memory") \
    X_ERR(aclError, aclrtMemMapSelectedLink, (void* virPtrDst, size_t size, void* virPtrSrc, uint32_t linkIdx), "Ascend memory mapping and cache control") \
    X_ERR(aclError, aclrtDeviceL2CacheFlush, (void* rsv), "Ascend memory mapping and cache control") \
    X_ERR(aclError, aclrtHostGetDevicePointerAddrRange, (aclrtAddrRange* addrRange, uint32_t* count), "registering host memory into the device address space") \
    X_ERR(aclError, aclrtApiInjectionSetFunc, (const char* name, aclrtApiFunc func), "runtime API injection hooks") \
    X_ERR(aclError, aclrtApiInjectionGetFunc, (const char* name, aclrtApiFunc* originFunc, aclrtApiFunc* currentFunc), "runtime API injection hooks") \
    X_ERR(aclError, aclrtMemExportToShareableHandle, (aclrtDrvMemHandle handle, aclrtMemHandleType handleType, uint64_t flags, uint64_t* shareableHandle), "interprocess sharing") \
    X_ERR(aclError, aclrtMemExportToShareableHandleV2, (aclrtDrvMemHandle handle, uint64_t flags, aclrtMemSharedHandleType shareType, void* shareableHandle), "interprocess sharing") \
    X_ERR(aclError, aclrtMemImportFromShareableHandle, (uint64_t shareableHandle, int32_t deviceId, aclrtDrvMemHandle* handle), "interprocess sharing") \
    X_ERR(aclError, aclrtMemImportFromShareableHandleV2, (void* shareableHandle, aclrtMemSharedHandleType shareType, uint64_t flags, aclrtDrvMemHandle* handle), "interprocess sharing") \
    X_ERR(aclError, aclrtMemSetPidToShareableHandleV2, (void* shareableHandle, aclrtMemSharedHandleType shareType, int32_t* pid, size_t pidNum), "interprocess sharing") \
    X_ERR(aclError, aclrtMemMapSetLink, (aclrtDrvMemHandle handle, aclrtMemLinkType adviceLink), "Ascend memory access links (SIO, HCCS, UB)") \
    X_ERR(aclError, aclrtGetMemUceInfo, (int32_t deviceId, aclrtMemUceInfo* memUceInfoArray, size_t arraySize, size_t* retSize), "Ascend memory UCE (uncorrectable error) records and repair; OpenCL reports no memory errors") \
    X_ERR(aclError, aclrtMemUceRepair, (int32_t deviceId, aclrtMemUceInfo* memUceInfoArray, size_t arraySize), "Ascend memory UCE (uncorrectable error) records and repair; OpenCL reports no memory errors") \
    X_ERR(aclError, aclrtRepairError, (int32_t deviceId, const aclrtErrorInfo* errorInfo), "Ascend memory UCE (uncorrectable error) records and repair; OpenCL reports no memory errors") \
    X_ERR(aclError, aclrtGetFuncBySymbol, (const void* symbol, aclrtFuncHandle* funcHandle), "kernel symbols of bisheng host/device mixed compilation; OpenCL kernels are found by name with aclrtBinaryGetFunction") \
    X_ERR(aclError, aclmdlRITaskGetParams, (aclmdlRITask task, aclmdlRITaskParams* params), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRITaskSetParams, (aclmdlRITask task, aclmdlRITaskParams* params), "aclGraph capture and model runtime instances") \
    X_ERR(aclError, aclmdlRIKernelTaskGetAttribute, (aclmdlRITask task, aclrtLaunchKernelAttrId attrId, aclrtLaunchKernelAttrValue* attrValue), "aclGraph capture and model runtime instances")

GECL_ASCEND_ONLY
