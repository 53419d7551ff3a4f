/* rtobj.h: small runtime objects that share one handle kind (handle.h) and are told apart by a
 * tag in their first member: tensor descriptions, kernel binaries, kernel functions and kernel
 * argument lists. Handle kinds are few (four bits), so the runtime spends one on all of these;
 * a handle of one of them passed where another is expected is rejected like a made-up one. */
#ifndef GECL_RUNTIME_RTOBJ_H
#define GECL_RUNTIME_RTOBJ_H

#include <stddef.h>
#include <stdint.h>

typedef enum gecl_rtobj_tag {
    GECL_RTOBJ_TENSOR_DESC = 0x67740001,
    GECL_RTOBJ_BINARY,
    GECL_RTOBJ_FUNCTION,
    GECL_RTOBJ_ARGS,
    GECL_RTOBJ_BINARY_DATA, /* aclrtCreateBinary: a (data, length) pair not yet loaded */
} gecl_rtobj_tag;

/* The first member of every such object. */
typedef struct gecl_rtobj {
    gecl_rtobj_tag tag;
} gecl_rtobj;

/* Registers o (its tag set); its handle, or NULL when out of memory. */
void *gecl_rtobj_new(gecl_rtobj *o);
/* The object behind a live handle whose object carries `tag`, else NULL. The tag is read under
 * the handle table's lock, so a handle of another kind of object being destroyed meanwhile is
 * never read after it was freed. */
void *gecl_rtobj_get(gecl_rtobj_tag tag, const void *h);
/* Unregisters a live handle of that tag and returns its object (the caller frees it), else NULL. */
void *gecl_rtobj_remove(gecl_rtobj_tag tag, const void *h);

/* The live objects carrying `tag` (caller frees the array); NULL with *count 0 when none. */
void **gecl_rtobj_list(gecl_rtobj_tag tag, size_t *count);

#endif
