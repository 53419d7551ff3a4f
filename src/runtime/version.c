/* version.c: package versions (aclsysGetVersionStr / Num, aclsysGetCANNVersion) and the CANN
 * attributes this build offers (aclGetCannAttribute(List)). None of them needs aclInit. */
#include <stdio.h>
#include <string.h>

#include "acl/acl_rt.h"
#include "runtime.h"

#ifndef GECL_VERSION_STRING
#define GECL_VERSION_STRING "0.0.0"
#endif

/* The CANN release whose public headers (acl_rt.h "1.17.0") gecl's declarations follow: the
 * version reported for the CANN packages gecl replaces, so that programs that choose code paths
 * by version pick the ones these declarations support. */
#define CANN_VERSION_MAJOR 9
#define CANN_VERSION_MINOR 0
#define CANN_VERSION_PATCH 0

/* Package names as CANN's share/info directories call them. The driver and firmware are the
 * OpenCL implementation's, which has no CANN version, and gecl has no HCCL: asking for those
 * fails like a package that is not installed. */
static const char *const cann_packages[] = {"cann", "runtime", "compiler", "toolkit", "opp", "opp_kernel"};

/* Fills major/minor/patch of `pkg`; 0, or -1 for an unknown package. */
static int package_version(const char *pkg, int v[3])
{
    if (!strcmp(pkg, "gecl")) {
        v[0] = v[1] = v[2] = 0;
        sscanf(GECL_VERSION_STRING, "%d.%d.%d", &v[0], &v[1], &v[2]);
        return 0;
    }
    for (size_t i = 0; i < sizeof cann_packages / sizeof *cann_packages; i++) {
        if (!strcmp(pkg, cann_packages[i])) {
            v[0] = CANN_VERSION_MAJOR;
            v[1] = CANN_VERSION_MINOR;
            v[2] = CANN_VERSION_PATCH;
            return 0;
        }
    }
    return -1;
}

static aclError lookup(const char *pkgName, int v[3])
{
    GECL_CHECK_ARG(pkgName, "pkgName must not be NULL");
    if (package_version(pkgName, v) != 0)
        return gecl_fail(ACL_ERROR_INVALID_FILE, "no package named \"%s\" (gecl answers for \"gecl\" and the CANN "
                         "packages it replaces: cann, runtime, compiler, toolkit, opp, opp_kernel)", pkgName);
    return ACL_SUCCESS;
}

aclError aclsysGetVersionStr(char *pkgName, char *versionStr)
{
    GECL_ENTER();
    GECL_CHECK_ARG(versionStr, "versionStr must not be NULL");
    int v[3];
    aclError rc = lookup(pkgName, v);
    if (rc) return rc;
    snprintf(versionStr, ACL_PKG_VERSION_MAX_SIZE, "%d.%d.%d", v[0], v[1], v[2]);
    return ACL_SUCCESS;
}

/* CANN weighs the parts of "X.Y.Z" so that later releases compare greater. */
aclError aclsysGetVersionNum(char *pkgName, int32_t *versionNum)
{
    GECL_ENTER();
    GECL_CHECK_ARG(versionNum, "versionNum must not be NULL");
    int v[3];
    aclError rc = lookup(pkgName, v);
    if (rc) return rc;
    *versionNum = v[0] * 10000000 + v[1] * 100000 + v[2] * 1000;
    return ACL_SUCCESS;
}

aclError aclsysGetCANNVersion(aclCANNPackageName name, aclCANNPackageVersion *version)
{
    GECL_ENTER();
    GECL_CHECK_ARG(version, "version must not be NULL");
    static const char *const names[] = {"cann", "runtime", "compiler", "hccl", "toolkit", "opp", "opp_kernel", "driver"};
    GECL_CHECK_ARG((unsigned)name < sizeof names / sizeof *names, "name %d is not an aclCANNPackageName value",
                   (int)name);
    int v[3];
    aclError rc = lookup(names[name], v);
    if (rc) return rc;
    memset(version, 0, sizeof *version);
    snprintf(version->version, sizeof version->version, "%d.%d.%d", v[0], v[1], v[2]);
    snprintf(version->majorVersion, sizeof version->majorVersion, "%d", v[0]);
    snprintf(version->minorVersion, sizeof version->minorVersion, "%d", v[1]);
    snprintf(version->releaseVersion, sizeof version->releaseVersion, "%d", v[2]);
    snprintf(version->patchVersion, sizeof version->patchVersion, "0");
    return ACL_SUCCESS;
}

/* What gecl offers everywhere: IEEE float semantics with Inf and NaN (OpenCL C requires them),
 * bfloat16 tensors (stored as 16 bits, computed in float), and kernels compiled for the device
 * at run time (the program cache). */
static const aclCannAttr offered[] = {ACL_CANN_ATTR_INF_NAN, ACL_CANN_ATTR_BF16, ACL_CANN_ATTR_JIT_COMPILE};

aclError aclGetCannAttributeList(const aclCannAttr **cannAttrList, size_t *num)
{
    GECL_ENTER();
    GECL_CHECK_ARG(cannAttrList && num, "cannAttrList and num must not be NULL");
    *cannAttrList = offered;
    *num = sizeof offered / sizeof *offered;
    return ACL_SUCCESS;
}

aclError aclGetCannAttribute(aclCannAttr cannAttr, int32_t *value)
{
    GECL_ENTER();
    GECL_CHECK_ARG(value, "value must not be NULL");
    GECL_CHECK_ARG(cannAttr >= ACL_CANN_ATTR_INF_NAN && cannAttr <= ACL_CANN_ATTR_JIT_COMPILE,
                   "cannAttr %d is not an aclCannAttr value", (int)cannAttr);
    *value = 0;
    for (size_t i = 0; i < sizeof offered / sizeof *offered; i++)
        if (offered[i] == cannAttr) *value = 1;
    return ACL_SUCCESS;
}
