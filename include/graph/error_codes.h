/*
 * error_codes.h: ge::graphStatus and its values, plus the visibility and deprecation macros that
 * CANN's graph headers share. Numbers are CANN's (GRAPH_FAILED is 0xFFFFFFFF, GRAPH_PARAM_INVALID
 * is 50331649), so code that prints or compares them behaves the same.
 */
#ifndef INC_EXTERNAL_GRAPH_ERROR_CODES_H_
#define INC_EXTERNAL_GRAPH_ERROR_CODES_H_

#include <cstddef>
#include <cstdint>

/* gecl's C++ layer is header-only: nothing is exported from a C++ library, so these only matter
 * for users who define FUNC_VISIBILITY / HOST_VISIBILITY / DEV_VISIBILITY themselves. */
#ifndef GE_FUNC_VISIBILITY
#ifdef FUNC_VISIBILITY
#define GE_FUNC_VISIBILITY __attribute__((visibility("default")))
#else
#define GE_FUNC_VISIBILITY
#endif
#endif

#ifndef GE_FUNC_HOST_VISIBILITY
#if defined(HOST_VISIBILITY) && defined(__GNUC__)
#define GE_FUNC_HOST_VISIBILITY __attribute__((visibility("default")))
#else
#define GE_FUNC_HOST_VISIBILITY
#endif
#endif

#ifndef GE_FUNC_DEV_VISIBILITY
#if defined(DEV_VISIBILITY) && defined(__GNUC__)
#define GE_FUNC_DEV_VISIBILITY __attribute__((visibility("default")))
#else
#define GE_FUNC_DEV_VISIBILITY
#endif
#endif

/* The same deprecation marks as CANN, so code that compiles warning-free there does here too. */
#ifndef ATTRIBUTED_DEPRECATED
#if defined(NO_METADEF_ABI_COMPATIABLE) || !defined(__GNUC__)
#define ATTRIBUTED_DEPRECATED(replacement)
#else
#define ATTRIBUTED_DEPRECATED(replacement) __attribute__((deprecated("Please use " #replacement " instead.")))
#endif
#endif
#ifndef ATTRIBUTED_NOT_SUPPORT
#if defined(NO_METADEF_ABI_COMPATIABLE) || !defined(__GNUC__)
#define ATTRIBUTED_NOT_SUPPORT()
#else
#define ATTRIBUTED_NOT_SUPPORT() __attribute__((deprecated("The method will not be supported in the future.")))
#endif
#endif

namespace ge {
using graphStatus = uint32_t;
const graphStatus GRAPH_FAILED = 0xFFFFFFFF;
const graphStatus GRAPH_SUCCESS = 0;
const graphStatus GRAPH_NOT_CHANGED = 1343242304;

const graphStatus GRAPH_PARAM_INVALID = 50331649;
const graphStatus GRAPH_NODE_WITHOUT_CONST_INPUT = 50331648;
const graphStatus GRAPH_NODE_NEED_REPASS = 50331647;
const graphStatus GRAPH_INVALID_IR_DEF = 50331646;
const graphStatus OP_WITHOUT_IR_DATATYPE_INFER_RULE = 50331645;
const graphStatus GRAPH_PARAM_OUT_OF_RANGE = 50331644;

const graphStatus GRAPH_MEM_OPERATE_FAILED = 50331539;
const graphStatus GRAPH_NULL_PTR = 50331538;
const graphStatus GRAPH_MEMCPY_FAILED = 50331537;
const graphStatus GRAPH_MEMSET_FAILED = 50331536;

const graphStatus GRAPH_MATH_CAL_FAILED = 50331429;
const graphStatus GRAPH_ADD_OVERFLOW = 50331428;
const graphStatus GRAPH_MUL_OVERFLOW = 50331427;
const graphStatus GRAPH_RoundUp_Overflow = 50331426;
}  // namespace ge

#endif
