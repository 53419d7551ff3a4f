/* memfill.h: filling host memory for the calls that decide host or device by the address. */
#ifndef GECL_RUNTIME_MEMFILL_H
#define GECL_RUNTIME_MEMFILL_H

#include <stddef.h>
#include <stdint.h>

#include "acl/acl_base.h"

/* Fills `count` bytes at host address p with `pattern` (width 1 or 4 bytes): now, or with
 * `async` in the order of `stream` (a host task on it). */
aclError gecl_host_fill(aclrtStream stream, int async, void *p, uint32_t pattern, size_t width, size_t count);

#endif
