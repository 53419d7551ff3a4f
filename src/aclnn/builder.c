/* builder.c: building an operator's one-op graph through the graph API (gecl.h), with the first
 * failure kept in the builder so that an operator's build function reads as a list of ops. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ge_error.h"
#include "op.h"

static const gecl_port no_port = {GECL_NO_PORT_NODE, 0};

static void name_next(aclnn_builder *b, const char *what, char *buf, size_t size)
{
    snprintf(buf, size, "%s_%d", what, b->counter++);
}

static gecl_port add_const(aclnn_builder *b, aclDataType dt, int rank, int64_t n, const void *data)
{
    if (b->rc) return no_port;
    gecl_tensor_desc d = {(gecl_dtype)dt, GECL_FORMAT_ND, (uint32_t)rank, {n}};
    char name[48];
    name_next(b, "const", name, sizeof name);
    gecl_port p;
    b->rc = gecl_graph_add_const(b->g, name, &d, data, gecl_desc_bytes(&d), &p);
    return b->rc ? no_port : p;
}

gecl_port ab_scalar(aclnn_builder *b, aclDataType dt, const aclScalar *s)
{
    unsigned char v[8] = {0};
    aclnn_scalar_store(s, dt, v);
    return add_const(b, dt, 0, 1, v);
}

gecl_port ab_scalar_f(aclnn_builder *b, aclDataType dt, double v)
{
    aclScalar s = {ACL_DOUBLE, v, (int64_t)v, (uint64_t)(int64_t)v};
    return ab_scalar(b, dt, &s);
}

gecl_port ab_ints(aclnn_builder *b, aclDataType dt, size_t n, const int64_t *v, int rank0)
{
    if (b->rc) return no_port;
    int32_t v32[ACLNN_MAX_INTS];
    const void *data = v;
    if (dt == ACL_INT32) {
        for (size_t k = 0; k < n && k < ACLNN_MAX_INTS; k++) v32[k] = (int32_t)v[k];
        data = v32;
    }
    return add_const(b, dt, rank0 ? 0 : 1, (int64_t)n, data);
}

gecl_port ab_op(aclnn_builder *b, const char *type, size_t n, const gecl_port *inputs)
{
    if (b->rc) return no_port;
    for (size_t k = 0; k < n; k++)
        if (inputs[k].node < 0) {
            b->rc = gecl_ge_fail(GECL_FAILED, "internal: input %zu of a %s node is missing", k, type);
            return no_port;
        }
    char name[64];
    name_next(b, type, name, sizeof name);
    int32_t node;
    b->rc = gecl_graph_add_op(b->g, name, type, n, inputs, &node);
    return b->rc ? no_port : (gecl_port){node, 0};
}

void ab_attr_int(aclnn_builder *b, gecl_port node, const char *name, int64_t v)
{
    if (!b->rc) b->rc = gecl_graph_set_attr_int(b->g, node.node, name, v);
}

void ab_attr_ints(aclnn_builder *b, gecl_port node, const char *name, const int64_t *v, size_t n)
{
    if (!b->rc) b->rc = gecl_graph_set_attr_ints(b->g, node.node, name, v, n);
}

void ab_attr_float(aclnn_builder *b, gecl_port node, const char *name, float v)
{
    if (!b->rc) b->rc = gecl_graph_set_attr_float(b->g, node.node, name, v);
}

void ab_attr_bool(aclnn_builder *b, gecl_port node, const char *name, int v)
{
    if (!b->rc) b->rc = gecl_graph_set_attr_bool(b->g, node.node, name, v);
}

void ab_attr_string(aclnn_builder *b, gecl_port node, const char *name, const char *v)
{
    if (!b->rc) b->rc = gecl_graph_set_attr_string(b->g, node.node, name, v);
}

gecl_port ab_cast(aclnn_builder *b, gecl_port x, aclDataType from, aclDataType to)
{
    if (from == to) return x;
    gecl_port c = AB_OP(b, "Cast", x);
    ab_attr_int(b, c, "dst_type", (int64_t)to);
    return c;
}

gecl_port ab_reshape(aclnn_builder *b, gecl_port x, const int64_t *dims, size_t n)
{
    gecl_port shape = ab_ints(b, ACL_INT64, n, dims, 0);
    return AB_OP(b, "Reshape", x, shape);
}

void ab_input_format(aclnn_builder *b, gecl_port node, size_t index, gecl_format format)
{
    if (!b->rc) b->rc = gecl_graph_set_input_format(b->g, node.node, index, format);
}

gecl_port ab_fill_f(aclnn_builder *b, aclDataType dt, const int64_t *dims, size_t n, double v)
{
    if (b->rc) return no_port;
    gecl_tensor_desc d = {(gecl_dtype)dt, GECL_FORMAT_ND, (uint32_t)n, {0}};
    size_t count = 1;
    for (size_t k = 0; k < n; k++) count *= (size_t)(d.dims[k] = dims[k]);
    const size_t es = aclnn_dtype_size(dt);
    unsigned char *data = malloc(count * es + 1), one[8];
    if (!data) {
        b->rc = gecl_ge_oom();
        return no_port;
    }
    aclScalar s = {ACL_DOUBLE, v, (int64_t)v, (uint64_t)(int64_t)v};
    aclnn_scalar_store(&s, dt, one);
    for (size_t i = 0; i < count; i++) memcpy(data + i * es, one, es);
    char name[48];
    name_next(b, "const", name, sizeof name);
    gecl_port p;
    b->rc = gecl_graph_add_const(b->g, name, &d, data, gecl_desc_bytes(&d), &p);
    free(data);
    return b->rc ? no_port : p;
}
