/* schema_api.c: the op table and op_attrs.h through the public C API (gecl.h), for tools
 * (`gecl ops`), importers and the facade's check that REG_OP agrees with gecl. */
#include "ge_error.h"
#include "registry.h"

size_t gecl_op_count(void) { return GECL_OP_COUNT; }

static const char *kind_name(gecl_op_kind k)
{
    switch (k) {
    case GECL_KIND_SOURCE: return "source";
    case GECL_KIND_VIEW: return "view";
    case GECL_KIND_UNARY: case GECL_KIND_BINARY: case GECL_KIND_TERNARY: return "elementwise";
    case GECL_KIND_ANCHOR: return "anchor";
    default: return "kernel";
    }
}

static void describe(gecl_op op, gecl_op_schema *s)
{
    const gecl_op_info *info = gecl_op_info_get(op);
    s->type = info->name;
    s->kind = kind_name(info->kind);
    s->min_inputs = info->min_inputs;
    s->max_inputs = info->max_inputs;
    s->outputs = info->outputs;
    (void)gecl_op_attrs(op, &s->n_attrs);
    s->dtypes = gecl_op_dtypes(op, &s->dtype_inputs);
    s->dtypes_via_float = gecl_op_dtypes_via_float(op);
}

gecl_status gecl_op_schema_at(size_t index, gecl_op_schema *schema)
{
    if (!schema) return gecl_ge_fail(GECL_PARAM_INVALID, "gecl_op_schema_at: schema is NULL");
    if (index >= GECL_OP_COUNT)
        return gecl_ge_fail(GECL_PARAM_INVALID, "gecl_op_schema_at: index %zu is past the %d ops", index,
                            (int)GECL_OP_COUNT);
    describe((gecl_op)index, schema);
    return GECL_SUCCESS;
}

/* The op named `type`, or a failure naming the caller. */
static gecl_status find(const char *fn, const char *type, gecl_op *op)
{
    if (!type) return gecl_ge_fail(GECL_PARAM_INVALID, "%s: type is NULL", fn);
    *op = gecl_op_lookup(type);
    if (*op == GECL_OP_UNKNOWN) return gecl_ge_fail(GECL_PARAM_INVALID, "%s: no op of type '%s'", fn, type);
    return GECL_SUCCESS;
}

gecl_status gecl_op_schema_get(const char *type, gecl_op_schema *schema)
{
    gecl_op op;
    if (!schema) return gecl_ge_fail(GECL_PARAM_INVALID, "gecl_op_schema_get: schema is NULL");
    gecl_status rc = find("gecl_op_schema_get", type, &op);
    if (!rc) describe(op, schema);
    return rc;
}

gecl_status gecl_op_attr_at(const char *type, size_t index, gecl_op_attr_info *attr)
{
    gecl_op op;
    if (!attr) return gecl_ge_fail(GECL_PARAM_INVALID, "gecl_op_attr_at: attr is NULL");
    gecl_status rc = find("gecl_op_attr_at", type, &op);
    if (rc) return rc;
    size_t n;
    const gecl_attr_schema *a = gecl_op_attrs(op, &n);
    if (index >= n)
        return gecl_ge_fail(GECL_PARAM_INVALID, "gecl_op_attr_at: %s has %zu attributes, index %zu", type, n, index);
    attr->name = a[index].name;
    attr->type = gecl_attr_type_name(a[index].type);
    attr->required = a[index].use == GECL_ATTR_USE_REQUIRED;
    attr->fixed = a[index].use == GECL_ATTR_USE_FIXED;
    attr->default_value = a[index].text;
    return GECL_SUCCESS;
}
