/* const_data.c: the bytes of a Const node, shared between a graph and its copies. Graph copies are
 * frequent (gecl_graph_copy, the inferred copy behind every description query, which an ONNX
 * import makes once per converter that asks for a shape) and a model's weights are most of a
 * graph: copies take a reference instead of the bytes. The bytes never change once set. */
#include <stdalign.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>

#include "hugepage.h"
#include "ir.h"

typedef struct {
    alignas(max_align_t) atomic_size_t refs;
} blob_head;

static blob_head *head_of(void *data) { return (blob_head *)data - 1; }

void *gecl_const_data_new(size_t bytes)
{
    blob_head *h = gecl_alloc_huge(sizeof *h + (bytes ? bytes : 1)); /* weights: often megabytes */
    if (!h) return NULL;
    atomic_init(&h->refs, 1);
    return h + 1;
}

void *gecl_const_data_ref(void *data)
{
    if (data) atomic_fetch_add(&head_of(data)->refs, 1);
    return data;
}

void gecl_const_data_unref(void *data)
{
    if (data && atomic_fetch_sub(&head_of(data)->refs, 1) == 1) free(head_of(data));
}
