/* initcb.h: running the callbacks registered for aclInit / aclFinalize (initcb.c). */
#ifndef GECL_RUNTIME_INITCB_H
#define GECL_RUNTIME_INITCB_H

#include "acl/acl_base.h"

/* Runs the init callbacks with the text of the configuration file; the first failure stops
 * them and is returned (message set). */
aclError gecl_initcb_run_init(const char *configPath);
/* Runs every finalize callback; returns the first failure (message set), or ACL_SUCCESS. */
aclError gecl_initcb_run_finalize(void);

#endif
