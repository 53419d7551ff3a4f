/* acl.h: the umbrella header CANN programs include ("acl/acl.h" or "acl.h"). */
#ifndef ACL_ACL_H_
#define ACL_ACL_H_

#include "acl_rt.h"

/* The version this implementation reports through aclrtGetVersion. */
#define ACL_MAJOR_VERSION 1
#define ACL_MINOR_VERSION 15
#define ACL_PATCH_VERSION 0

#ifdef __cplusplus
#include <string>

/* CANN's samples pass a std::string config path ("aclInit(aclConfigPath)"). */
inline aclError aclInit(const std::string &configPath)
{
    return aclInit(configPath.c_str());
}
#endif

#endif
