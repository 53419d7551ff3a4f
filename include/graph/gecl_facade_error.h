/*
 * gecl_facade_error.h (gecl's own, not a CANN header): the last error of the C++ layer.
 *
 * Errors found in C++ (an unconnected input, an unknown output name, a run on a graph that was
 * never added) are not gecl C errors, and gecl's C API has no way to set its message. So the
 * C++ layer keeps its own per-thread message and remembers what gecl_last_error() said when it
 * was set; GEGetErrorMsgV3 returns whichever of the two is newer.
 */
#ifndef GECL_GRAPH_GECL_FACADE_ERROR_H_
#define GECL_GRAPH_GECL_FACADE_ERROR_H_

#include <cstdint>
#include <string>

#include "gecl/gecl.h"

namespace ge {
namespace gecl_detail {
struct FacadeError {
    std::string message;
    std::string gecl_message_then; /* gecl_last_error() when `message` was set */
    bool active = false;
};

inline FacadeError &ThisThreadError() {
    static thread_local FacadeError error;
    return error;
}

inline std::string GeclLastError() {
    const char *m = gecl_last_error();
    return m != nullptr ? std::string(m) : std::string();
}

/* Records `message` as this thread's latest error and returns `code`. */
inline uint32_t Fail(uint32_t code, const std::string &message) {
    FacadeError &e = ThisThreadError();
    e.message = message;
    e.gecl_message_then = GeclLastError();
    e.active = true;
    return code;
}

/* A gecl C call failed with `code`: its own message is the latest. */
inline uint32_t FromGecl(uint32_t code) {
    ThisThreadError().active = false;
    return code;
}

/* The latest error of this thread: the C++ layer's unless gecl has reported something since. */
inline std::string LastError() {
    FacadeError &e = ThisThreadError();
    std::string gecl_message = GeclLastError();
    if (e.active && gecl_message == e.gecl_message_then) return e.message;
    e.active = false;
    return gecl_message;
}
}  // namespace gecl_detail
}  // namespace ge

#endif
