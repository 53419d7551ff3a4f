/*
 * facade_test_util.h: helpers of the C++ facade tests (cmocka from C++).
 *
 *   FT_OK(call)          the call must return ge::SUCCESS (0)
 *   FT_ERR(code, call)   the call must return `code`
 *   FT_MSG_HAS(text)     GEGetErrorMsgV3() must mention `text`
 * On failure they print the call, the codes and GEGetErrorMsgV3(). GT_FILTER=<pattern> runs only
 * the matching tests of an executable.
 */
#ifndef GECL_TESTS_FACADE_TEST_UTIL_H
#define GECL_TESTS_FACADE_TEST_UTIL_H

#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <csetjmp>
#include <string>
extern "C" {
#include <cmocka.h>
}

#include "ge_api_v2.h"

inline std::string ft_errmsg() { return ge::GEGetErrorMsgV3().GetString(); }

inline void ft_check_code(uint32_t got, uint32_t want, const char *expr, const char *file, int line) {
    if (got == want) return;
    print_error("%s:%d: %s\n    returned %u, expected %u\n    GEGetErrorMsgV3(): \"%s\"\n", file, line, expr, got, want,
                ft_errmsg().c_str());
    _fail(file, line);
}
#define FT_OK(expr) ft_check_code(static_cast<uint32_t>(expr), 0U, #expr, __FILE__, __LINE__)
#define FT_ERR(code, expr) \
    ft_check_code(static_cast<uint32_t>(expr), static_cast<uint32_t>(code), #expr, __FILE__, __LINE__)

inline void ft_check_msg(const char *needle, const char *file, int line) {
    const std::string m = ft_errmsg();
    if (m.find(needle) != std::string::npos) return;
    print_error("%s:%d: GEGetErrorMsgV3() is \"%s\", expected it to mention \"%s\"\n", file, line, m.c_str(), needle);
    _fail(file, line);
}
#define FT_MSG_HAS(needle) ft_check_msg((needle), __FILE__, __LINE__)

inline void ft_apply_filter() {
    const char *f = std::getenv("GT_FILTER");
    if (f != nullptr && *f != '\0') cmocka_set_test_filter(f);
}

#endif
