/* ge_error_codes.h: GE's ACL_ERROR_GE_* codes; the same list the ACL runtime headers carry. */
#ifndef INC_EXTERNAL_GE_GE_ERROR_CODES_H_
#define INC_EXTERNAL_GE_GE_ERROR_CODES_H_

#include "acl/error_codes/ge_error_codes.h"
#include "graph/error_codes.h"

#endif
