/* tensor.h: the older name of runtime_tensor.h (gert::Tensor), kept so both includes work. */
#ifndef METADEF_CXX_INC_EXE_GRAPH_TENSOR_H_
#define METADEF_CXX_INC_EXE_GRAPH_TENSOR_H_

#include "runtime_tensor.h"

#endif
