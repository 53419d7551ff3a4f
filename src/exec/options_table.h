/* options_table.h: the GE options gecl acts on, declared once (design.md decision 9).
 * GECL_GE_OPTION(key, where it may appear, check) -- others are accepted with a warning. */
#ifndef GECL_EXEC_OPTIONS_TABLE_H
#define GECL_EXEC_OPTIONS_TABLE_H

#define GECL_OPT_GLOBAL 1
#define GECL_OPT_SESSION 2
#define GECL_OPT_GRAPH 4
#define GECL_OPT_LOAD 8

#define GECL_GE_OPTIONS(X)                                                                       \
    X("ge.exec.deviceId", GECL_OPT_GLOBAL | GECL_OPT_SESSION, GECL_CHECK_DEVICE)                \
    X("ge.session_device_id", GECL_OPT_SESSION, GECL_CHECK_DEVICE)                              \
    X("ge.graphRunMode", GECL_OPT_GLOBAL | GECL_OPT_SESSION, GECL_CHECK_RUN_MODE)               \
    X("ge.exec.frozenInputIndexes", GECL_OPT_LOAD, GECL_CHECK_INDEX_LIST)                       \
    X("ge.exec.hostInputIndexes", GECL_OPT_LOAD, GECL_CHECK_INDEX_LIST)

typedef enum { GECL_CHECK_DEVICE, GECL_CHECK_RUN_MODE, GECL_CHECK_INDEX_LIST } gecl_option_check;

#endif
