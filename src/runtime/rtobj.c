/* rtobj.c: the tagged objects of rtobj.h on top of the handle table. */
#include "rtobj.h"

#include "handle_kinds.h"

/* The tag a lookup on this thread expects: the take callback runs on the calling thread, under
 * the handle table's lock, and has no other way to receive it. */
static _Thread_local gecl_rtobj_tag t_want;

static void *take_if_tagged(void *obj)
{
    return ((const gecl_rtobj *)obj)->tag == t_want ? obj : NULL;
}

void *gecl_rtobj_new(gecl_rtobj *o)
{
    return gecl_handle_new(GECL_HANDLE_RTOBJ, o);
}

void *gecl_rtobj_get(gecl_rtobj_tag tag, const void *h)
{
    if (!h) return NULL;
    t_want = tag;
    return gecl_handle_take(GECL_HANDLE_RTOBJ, h, take_if_tagged);
}

void *gecl_rtobj_remove(gecl_rtobj_tag tag, const void *h)
{
    /* Handles are never reused (generations), so once the tag matched, the object behind h can
     * only be that one: removing it now either gets it or finds it already gone. */
    if (!gecl_rtobj_get(tag, h)) return NULL;
    return gecl_handle_remove(GECL_HANDLE_RTOBJ, h);
}

void **gecl_rtobj_list(gecl_rtobj_tag tag, size_t *count)
{
    t_want = tag;
    size_t n = 0;
    void **all = gecl_handle_list(GECL_HANDLE_RTOBJ, &n, take_if_tagged);
    size_t k = 0;
    for (size_t i = 0; all && i < n; i++)
        if (all[i]) all[k++] = all[i]; /* objects of other tags came back as NULL */
    *count = k;
    return all;
}
