/* cann_check.h: the logging and checking macros a CANN sample defines for itself (INFO_LOG,
 * ERROR_LOG, CHECK_ACL); EXPECT states a fact about a result and fails the program when it is
 * false. */
#ifndef CANN_CHECK_H
#define CANN_CHECK_H
#include <stdio.h>
#include <stdlib.h>

#define INFO_LOG(fmt, ...) fprintf(stdout, "[INFO]  " fmt "\n", ##__VA_ARGS__)
#define ERROR_LOG(fmt, ...) fprintf(stderr, "[ERROR] %s:%d: " fmt "\n", __FILE__, __LINE__, ##__VA_ARGS__)

#define CHECK_ACL(expr)                                                                     \
    do {                                                                                    \
        int check_acl_ret_ = (int)(expr);                                                   \
        if (check_acl_ret_ != 0) {                                                          \
            ERROR_LOG("%s returned %d: %s", #expr, check_acl_ret_, aclGetRecentErrMsg());    \
            exit(1);                                                                        \
        }                                                                                   \
    } while (0)

#define EXPECT(cond)                                                                        \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            ERROR_LOG("expected %s", #cond);                                                \
            exit(1);                                                                        \
        }                                                                                   \
    } while (0)

#endif
