/* values.h: ONNX value names -> the graph ports that hold them (a hash table; names are copied). */
#ifndef GECL_ONNX_VALUES_H
#define GECL_ONNX_VALUES_H

#include "gecl/gecl.h"

typedef struct onnx_values onnx_values;

onnx_values *onnx_values_new(void);
void onnx_values_free(onnx_values *v);
/* 0 on success, -1 out of memory. A name set twice keeps the later port. */
int onnx_values_set(onnx_values *v, const char *name, gecl_port port);
/* 1 and *port when known, else 0. */
int onnx_values_get(const onnx_values *v, const char *name, gecl_port *port);

#endif
