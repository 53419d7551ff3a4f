/* handle_kinds.h: the kinds of handle (handle.h) the runtime hands out. */
#ifndef GECL_RUNTIME_HANDLE_KINDS_H
#define GECL_RUNTIME_HANDLE_KINDS_H

#include "handle.h"

/* The layers above number theirs from GECL_HANDLE_RUNTIME_END. */
enum {
    GECL_HANDLE_CONTEXT = GECL_HANDLE_KIND_FIRST,
    GECL_HANDLE_STREAM,
    GECL_HANDLE_EVENT,
    GECL_HANDLE_DATABUF,  /* aclDataBuffer: host objects, alive across aclFinalize */
    GECL_HANDLE_RTOBJ,    /* rtobj.h: tensor descriptions, kernel binaries, functions, argument lists */
    GECL_HANDLE_RUNTIME_END
};

#endif
