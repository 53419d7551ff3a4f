/*
 * device_query.c: the device queries of CANN's acl_rt.h beyond aclrtGetDeviceInfo: status, the
 * primary context's state, UUID and PCI bus id (from the cl_khr_device_uuid and
 * cl_khr_pci_bus_info extensions, where the driver has them), id translations, architecture
 * compatibility, host-memory mapping capability and the process id.
 *
 * Device ids: gecl numbers the OpenCL devices it uses 0..n-1 (device.h); there is no container
 * remapping or hidden device, so user, logical and physical ids are the same number.
 */
#include <CL/cl_ext.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "context.h"
#include "runtime.h"

aclError aclrtQueryDeviceStatus(int32_t deviceId, aclrtDeviceStatus *deviceStatus)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(deviceStatus, "deviceStatus must not be NULL");
    gecl_device *d;
    aclError rc = gecl_device_lookup(deviceId, &d);
    if (rc) return rc;
    cl_bool avail = CL_FALSE;
    cl_int err = clGetDeviceInfo(d->dev, CL_DEVICE_AVAILABLE, sizeof avail, &avail, NULL);
    if (err != CL_SUCCESS) return gecl_fail_cl(err, "clGetDeviceInfo(CL_DEVICE_AVAILABLE)");
    *deviceStatus = avail ? ACL_RT_DEVICE_STATUS_NORMAL : ACL_RT_DEVICE_STATUS_ABNORMAL;
    return ACL_SUCCESS;
}

aclError aclrtGetPrimaryCtxState(int32_t deviceId, uint32_t *flags, int32_t *active)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(!flags, "flags is reserved and must be NULL");
    GECL_CHECK_ARG(active, "active must not be NULL");
    gecl_device *d;
    aclError rc = gecl_device_lookup(deviceId, &d);
    if (rc) return rc;
    pthread_mutex_lock(&gecl_rt.lock); /* aclrtSetDevice / aclrtResetDevice change it under this */
    *active = d->primary != NULL;
    pthread_mutex_unlock(&gecl_rt.lock);
    return ACL_SUCCESS;
}

aclError aclrtDeviceGetUuid(int32_t deviceId, aclrtUuid *uuid)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(uuid, "uuid must not be NULL");
    gecl_device *d;
    aclError rc = gecl_device_lookup(deviceId, &d);
    if (rc) return rc;
    cl_uchar id[CL_UUID_SIZE_KHR];
    if (clGetDeviceInfo(d->dev, CL_DEVICE_UUID_KHR, sizeof id, id, NULL) != CL_SUCCESS)
        return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED,
                         "device %d (%s) does not report a UUID (no cl_khr_device_uuid)", deviceId, d->desc.name);
    memcpy(uuid->bytes, id, sizeof uuid->bytes);
    return ACL_SUCCESS;
}

/* "dddd:bb:dd.f", CANN's format (12 characters and the terminator). */
#define PCI_ID_LEN 13

static int pci_bus_info(const gecl_device *d, cl_device_pci_bus_info_khr *info)
{
    return clGetDeviceInfo(d->dev, CL_DEVICE_PCI_BUS_INFO_KHR, sizeof *info, info, NULL) == CL_SUCCESS;
}

aclError aclrtDeviceGetPCIBusId(int32_t deviceId, char *pciBusId, int32_t len)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(pciBusId, "pciBusId must not be NULL");
    GECL_CHECK_ARG(len >= PCI_ID_LEN, "len %d is too small: the id takes %d bytes", (int)len, PCI_ID_LEN);
    gecl_device *d;
    aclError rc = gecl_device_lookup(deviceId, &d);
    if (rc) return rc;
    cl_device_pci_bus_info_khr info;
    if (!pci_bus_info(d, &info))
        return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED,
                         "device %d (%s) does not report a PCI bus id (no cl_khr_pci_bus_info)", deviceId, d->desc.name);
    snprintf(pciBusId, (size_t)len, "%04x:%02x:%02x.%x", (unsigned)info.pci_domain, (unsigned)info.pci_bus,
             (unsigned)info.pci_device, (unsigned)info.pci_function);
    return ACL_SUCCESS;
}

aclError aclrtDeviceGetByPCIBusId(const char *pciBusId, int32_t *deviceId)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(pciBusId && deviceId, "pciBusId and deviceId must not be NULL");
    unsigned dom, bus, dev, fn;
    int used = 0;
    GECL_CHECK_ARG(sscanf(pciBusId, "%x:%x:%x.%x%n", &dom, &bus, &dev, &fn, &used) == 4 && pciBusId[used] == '\0',
                   "\"%s\" is not a PCI bus id (domain:bus:device.function, e.g. 0000:3d:00.0)", pciBusId);
    int any = 0;
    for (int i = 0; i < gecl_device_count(); i++) {
        gecl_device *d = gecl_device_get(i);
        cl_device_pci_bus_info_khr info;
        if (!d || !pci_bus_info(d, &info)) continue;
        any = 1;
        if (info.pci_domain == dom && info.pci_bus == bus && info.pci_device == dev && info.pci_function == fn) {
            *deviceId = i;
            return ACL_SUCCESS;
        }
    }
    if (!any)
        return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "no device reports a PCI bus id (no cl_khr_pci_bus_info)");
    return gecl_fail(ACL_ERROR_INVALID_PARAM, "no device has PCI bus id %s", pciBusId);
}

/* The id translations: all ids are the same number on gecl (see the top of the file). */
static aclError same_id(int32_t in, int32_t *out)
{
    GECL_CHECK_ARG(out, "the output id must not be NULL");
    gecl_device *d;
    aclError rc = gecl_device_lookup(in, &d);
    if (rc) return rc;
    *out = in;
    return ACL_SUCCESS;
}

/* One translation: CANN's parameter names, the same number in and out. */
#define GECL_SAME_ID(name, in, out)                                                              \
    aclError name(const int32_t in, int32_t *const out)                                          \
    {                                                                                            \
        GECL_CHECK_INIT();                                                                       \
        return same_id(in, out);                                                                 \
    }

GECL_SAME_ID(aclrtGetLogicDevIdByUserDevId, userDevid, logicDevId)
GECL_SAME_ID(aclrtGetUserDevIdByLogicDevId, logicDevId, userDevid)
GECL_SAME_ID(aclrtGetLogicDevIdByPhyDevId, phyDevId, logicDevId)
GECL_SAME_ID(aclrtGetPhyDevIdByLogicDevId, logicDevId, phyDevId)
GECL_SAME_ID(aclrtGetUserDevIdByPhyDevId, phyDevId, userDevId)
GECL_SAME_ID(aclrtGetPhyDevIdByUserDevId, userDevId, phyDevId)

aclError aclrtCheckArchCompatibility(const char *socVersion, int32_t *canCompatible)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(socVersion && canCompatible, "socVersion and canCompatible must not be NULL");
    /* gecl builds kernels from source for the device at hand, so what was compiled for a SoC
     * fits exactly when it names the current device, as aclrtGetSocName reports it. */
    *canCompatible = strcmp(socVersion, aclrtGetSocName()) == 0;
    return ACL_SUCCESS;
}

aclError aclrtHostMemMapCapabilities(uint32_t deviceId, aclrtHacType hacType, aclrtHostMemMapCapability *capabilities)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(capabilities, "capabilities must not be NULL");
    GECL_CHECK_ARG((int)hacType >= ACL_RT_HAC_TYPE_STARS && (int)hacType <= ACL_RT_HAC_TYPE_CCU,
                   "hacType %d is not an aclrtHacType", (int)hacType);
    gecl_device *d;
    aclError rc = gecl_device_lookup((int32_t)deviceId, &d);
    if (rc) return rc;
    /* gecl does not map host memory into the device address space (aclrtHostRegister is
     * unsupported), for any engine. */
    *capabilities = ACL_RT_HOST_MEM_MAP_NOT_SUPPORTED;
    return ACL_SUCCESS;
}

aclError aclrtDeviceGetBareTgid(int32_t *pid)
{
    GECL_ENTER();
    GECL_CHECK_ARG(pid, "pid must not be NULL");
    *pid = (int32_t)getpid(); /* the device is driven from this process, in its pid namespace */
    return ACL_SUCCESS;
}
