/* npy.h: NumPy .npy files (format 1.0/2.0, little-endian, C order) as gecl tensors. */
#ifndef GECL_CLI_NPY_H
#define GECL_CLI_NPY_H

#include <stddef.h>
#include <stdio.h>

#include "gecl/gecl.h"

/* Reads `path`: description and malloc'd data. 0, or -1 with a message in err. */
int npy_read(const char *path, gecl_tensor_desc *desc, void **data, size_t *bytes, char *err, size_t err_size);
/* The same from an open stream (what npy_read does once the file is open; the fuzz target feeds it
 * memory through fmemopen). `path` only names it in messages; the stream stays open. */
int npy_read_stream(FILE *f, const char *path, gecl_tensor_desc *desc, void **data, size_t *bytes, char *err,
                    size_t err_size);
/* Writes the tensor; 0, or -1 with a message in err. */
int npy_write(const char *path, const gecl_tensor_desc *desc, const void *data, char *err, size_t err_size);

#endif
