/* cltype.c: see cltype.h. */
#include "cltype.h"

const char *gecl_cl_arith_type(gecl_dtype t)
{
    switch (t) {
    case GECL_DT_FLOAT: return "float";
    case GECL_DT_DOUBLE: return "double";
    case GECL_DT_INT8: return "char";
    case GECL_DT_UINT8: return "uchar";
    case GECL_DT_INT16: return "short";
    case GECL_DT_UINT16: return "ushort";
    case GECL_DT_INT32: return "int";
    case GECL_DT_UINT32: return "uint";
    case GECL_DT_INT64: return "long";
    case GECL_DT_UINT64: return "ulong";
    default: return NULL;
    }
}
