/* capability.c: what a device offers, asked by id: aclGetDeviceCapability (compute units, cache
 * size) and aclrtGetDeviceCapability (Ascend task-scheduler features). */
#include "acl/acl_rt.h"
#include "runtime.h"

aclError aclGetDeviceCapability(uint32_t deviceId, aclDeviceInfo deviceInfo, int64_t *value)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(value, "value must not be NULL");
    gecl_device *d;
    aclError rc = gecl_device_lookup(deviceId > INT32_MAX ? -1 : (int32_t)deviceId, &d);
    if (rc) return rc;
    switch (deviceInfo) {
    case ACL_DEVICE_INFO_AI_CORE_NUM:
    case ACL_DEVICE_INFO_VECTOR_CORE_NUM:
        /* An OpenCL compute unit is the counterpart of an AI core: the unit a work-group runs on. */
        *value = d->desc.compute_units;
        return ACL_SUCCESS;
    case ACL_DEVICE_INFO_L2_SIZE: {
        /* The cache in front of global memory: the last level a kernel's working set shares. */
        cl_ulong bytes = 0;
        cl_int err = clGetDeviceInfo(d->dev, CL_DEVICE_GLOBAL_MEM_CACHE_SIZE, sizeof bytes, &bytes, NULL);
        if (err != CL_SUCCESS) return gecl_fail_cl(err, "clGetDeviceInfo(CL_DEVICE_GLOBAL_MEM_CACHE_SIZE)");
        *value = (int64_t)bytes;
        return ACL_SUCCESS;
    }
    default:
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "deviceInfo %d is not an aclDeviceInfo value", (int)deviceInfo);
    }
}

/* Both features are Ascend task-scheduler abilities (updating AI core tasks from the task CPU,
 * memory-queue events across devices) that no OpenCL device has: they are reported as absent. */
aclError aclrtGetDeviceCapability(int32_t deviceId, aclrtDevFeatureType devFeatureType, int32_t *value)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(value, "value must not be NULL");
    gecl_device *d;
    aclError rc = gecl_device_lookup(deviceId, &d);
    if (rc) return rc;
    GECL_CHECK_ARG(devFeatureType == ACL_FEATURE_TSCPU_TASK_UPDATE_SUPPORT_AIC_AIV ||
                       devFeatureType == ACL_FEATURE_SYSTEM_MEMQ_EVENT_CROSS_DEV,
                   "devFeatureType %d is not an aclrtDevFeatureType value", (int)devFeatureType);
    *value = ACL_DEV_FEATURE_NOT_SUPPORT;
    return ACL_SUCCESS;
}
