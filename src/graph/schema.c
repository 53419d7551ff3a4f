/* schema.c: op_attrs.h as data: each op's attributes with their types and defaults, node
 * validation against them, and lookups whose defaults come from the schema, so a default is
 * written once. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ge_error.h"
#include "log.h"
#include "op_attrs.h"
#include "registry.h"

static gecl_attr_schema table[] = {
#define GECL_ATTR_ROW(id, nm, ty, us, def) \
    {.op = GECL_OP_##id, .name = nm, .type = GECL_ATTR_##ty, .use = GECL_ATTR_USE_##us, .text = def},
    GECL_ATTR_LIST(GECL_ATTR_ROW)
#undef GECL_ATTR_ROW
};
enum { N_ATTRS = sizeof table / sizeof table[0] };

/* Parses a row's default; 0 when the text is not entirely a value of the row's type. */
static int parse_default(gecl_attr_schema *a)
{
    const char *p = a->text;
    char *end = (char *)p;
    switch (a->type) {
    case GECL_ATTR_INT: case GECL_ATTR_BOOL: a->i = strtoll(p, &end, 10); break;
    case GECL_ATTR_FLOAT: a->f = strtof(p, &end); break;
    case GECL_ATTR_INTS: case GECL_ATTR_FLOATS:
        while (*p && a->n < GECL_MAX_DIMS) {
            if (a->type == GECL_ATTR_INTS) a->ints[a->n++] = strtoll(p, &end, 10);
            else a->floats[a->n++] = strtof(p, &end);
            if (end == p || (*end && *end != ',')) return 0;
            p = *end == ',' ? end + 1 : end;
        }
        return *p == 0;
    default: return 1;
    }
    return a->use == GECL_ATTR_USE_REQUIRED ? *p == 0 : end != p && *end == 0;
}

/* Rows in op order (stable, so an op's attributes keep their written order): an op's rows need
 * not be adjacent in op_attrs.h for gecl_op_attrs to find them all. */
static void sort_rows(void)
{
    for (size_t i = 1; i < N_ATTRS; i++)
        for (size_t j = i; j > 0 && table[j - 1].op > table[j].op; j--) {
            gecl_attr_schema t = table[j];
            table[j] = table[j - 1];
            table[j - 1] = t;
        }
}

static const gecl_attr_schema *bad_row; /* the first default that does not parse */

static void parse_defaults(void)
{
    sort_rows();
    for (size_t i = 0; i < N_ATTRS; i++)
        if (!parse_default(&table[i]) && !bad_row) bad_row = &table[i];
}

static pthread_once_t parsed = PTHREAD_ONCE_INIT;

const gecl_attr_schema *gecl_op_attrs(gecl_op op, size_t *count)
{
    pthread_once(&parsed, parse_defaults);
    size_t first = 0;
    while (first < N_ATTRS && table[first].op != op) first++;
    size_t n = 0;
    while (first + n < N_ATTRS && table[first + n].op == op) n++;
    *count = n;
    return n ? &table[first] : NULL;
}

static const struct {
    gecl_op op;
    size_t inputs;
    uint64_t mask;
} dtype_table[] = {
#define GECL_DTYPES_ROW(id, k, m) {GECL_OP_##id, k, m},
    GECL_DTYPES_LIST(GECL_DTYPES_ROW)
#undef GECL_DTYPES_ROW
};

uint64_t gecl_op_dtypes(gecl_op op, size_t *inputs)
{
    for (size_t i = 0; i < sizeof dtype_table / sizeof *dtype_table; i++)
        if (dtype_table[i].op == op) {
            *inputs = dtype_table[i].inputs;
            return dtype_table[i].mask;
        }
    *inputs = 0;
    return 0;
}

/* CANN's prototypes list float16 (and bfloat16) beside float for every op computed in float; its
 * Cube and Vector units widen them to float too, so computing in float and rounding the result
 * gives CANN's answers. */
uint64_t gecl_op_dtypes_via_float(gecl_op op)
{
    size_t inputs;
    const uint64_t mask = gecl_op_dtypes(op, &inputs);
    if (!(mask & GECL_DTYPE_BIT(FLOAT))) return 0;
    return (GECL_DTYPE_BIT(FLOAT16) | GECL_DTYPE_BIT(BF16)) & ~mask;
}

/* The names of the dtypes in `mask`, comma-separated (for messages and docs/ops.md). */
void gecl_dtype_mask_str(uint64_t mask, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = 0;
    for (int t = 0; t < 64 && at < size; t++)
        if (mask >> t & 1)
            at += (size_t)snprintf(buf + at, size - at, "%s%s", at ? ", " : "", gecl_dtype_name((gecl_dtype)t));
}

gecl_status gecl_node_check_dtypes(const gecl_graph *g, const gecl_node *n)
{
    size_t inputs;
    const uint64_t mask = gecl_op_dtypes(n->op, &inputs) | gecl_op_dtypes_via_float(n->op);
    for (size_t i = 0; i < inputs && i < n->n_inputs; i++) {
        const gecl_tensor_desc *d = gecl_input_desc(g, n, i);
        if (!d || (d->dtype < 64 && mask >> d->dtype & 1)) continue;
        char names[256];
        gecl_dtype_mask_str(mask, names, sizeof names);
        return gecl_node_fail(n, "input %zu has dtype %s; %s computes %s only", i, gecl_dtype_name(d->dtype),
                              n->type, names);
    }
    return GECL_SUCCESS;
}

int gecl_dtype_is_complex(gecl_dtype t) { return t == GECL_DT_COMPLEX64 || t == GECL_DT_COMPLEX128; }

static int computes_complex(gecl_op op)
{
    const gecl_op_kind k = gecl_op_info_get(op)->kind;
    return k == GECL_KIND_SOURCE || k == GECL_KIND_VIEW || op == GECL_OP_ADD || op == GECL_OP_SUB ||
           op == GECL_OP_MUL || op == GECL_OP_DIV || op == GECL_OP_REALDIV || op == GECL_OP_NEG;
}

gecl_status gecl_node_check_complex(const gecl_graph *g, const gecl_node *n)
{
    if (computes_complex(n->op)) return GECL_SUCCESS;
    for (size_t i = 0; i < n->n_inputs; i++) {
        const gecl_tensor_desc *d = gecl_input_desc(g, n, i);
        if (d && gecl_dtype_is_complex(d->dtype))
            return gecl_node_fail(n, "input %zu is %s; gecl computes complex tensors in Add, Sub, Mul, Div, RealDiv "
                                  "and Neg only", i, gecl_dtype_name(d->dtype));
    }
    for (size_t o = 0; o < n->n_outputs; o++)
        if (gecl_dtype_is_complex(n->outs[o].dtype))
            return gecl_node_fail(n, "output %zu would be %s; gecl computes complex tensors in Add, Sub, Mul, Div, "
                                  "RealDiv and Neg only", o, gecl_dtype_name(n->outs[o].dtype));
    return GECL_SUCCESS;
}

gecl_status gecl_attr_schema_check(void)
{
    pthread_once(&parsed, parse_defaults);
    if (!bad_row) return GECL_SUCCESS;
    return gecl_ge_fail(GECL_FAILED, "op_attrs.h: %s.%s: default \"%s\" is not a %s", gecl_op_info_get(bad_row->op)->name,
                        bad_row->name, bad_row->text, gecl_attr_type_name(bad_row->type));
}

const gecl_attr_schema *gecl_op_attr(gecl_op op, const char *name)
{
    size_t n;
    const gecl_attr_schema *a = gecl_op_attrs(op, &n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(a[i].name, name) == 0) return &a[i];
    return NULL;
}

const char *gecl_attr_type_name(gecl_attr_type t)
{
    static const char *const names[] = {"Int", "Float", "Bool", "String", "ListInt", "ListFloat"};
    return (unsigned)t < sizeof names / sizeof *names ? names[t] : "?";
}

/* Whether a value of type `have` is read as `want` (gecl.h's setters and the facade's differ in
 * how they pass Int and Bool, and a single value may stand for a list). */
static int readable_as(gecl_attr_type have, gecl_attr_type want)
{
    if (have == want) return 1;
    switch (want) {
    case GECL_ATTR_INT: case GECL_ATTR_BOOL: return have == GECL_ATTR_INT || have == GECL_ATTR_BOOL;
    case GECL_ATTR_FLOAT: return have == GECL_ATTR_INT;
    case GECL_ATTR_INTS: return have == GECL_ATTR_INT;
    case GECL_ATTR_FLOATS: return have == GECL_ATTR_FLOAT;
    default: return 0;
    }
}

static int is_default(const gecl_attr *v, const gecl_attr_schema *a)
{
    switch (a->type) {
    case GECL_ATTR_INT: case GECL_ATTR_BOOL: return (v->type == GECL_ATTR_FLOAT ? (int64_t)v->f : v->i) == a->i;
    case GECL_ATTR_FLOAT: return (v->type == GECL_ATTR_INT ? (float)v->i : v->f) == a->f;
    case GECL_ATTR_STRING: return strcmp(v->s, a->text) == 0;
    default: return 1; /* no FIXED lists */
    }
}

gecl_status gecl_node_check_attrs(const gecl_node *n)
{
    size_t count;
    const gecl_attr_schema *a = gecl_op_attrs(n->op, &count);
    for (size_t i = 0; i < count; i++) {
        const gecl_attr *v = gecl_attr_find(n, a[i].name);
        if (!v) {
            if (a[i].use == GECL_ATTR_USE_REQUIRED)
                return gecl_node_fail(n, "required attribute '%s' (%s) is not set", a[i].name,
                                      gecl_attr_type_name(a[i].type));
            continue;
        }
        if (!readable_as(v->type, a[i].type))
            return gecl_node_fail(n, "attribute '%s' is %s; %s takes %s", a[i].name, gecl_attr_type_name(v->type),
                                  n->type, gecl_attr_type_name(a[i].type));
        if (a[i].use == GECL_ATTR_USE_FIXED && !is_default(v, &a[i]))
            return gecl_node_fail(n, "attribute '%s' other than its default %s is not supported", a[i].name, a[i].text);
    }
    return GECL_SUCCESS;
}

/* The schema row of an attribute an op's code reads; a name missing from op_attrs.h is a gecl
 * bug, reported once per lookup as an internal error in the log rather than a wrong default. */
static const gecl_attr_schema *row(const gecl_node *n, const char *name)
{
    const gecl_attr_schema *a = gecl_op_attr(n->op, name);
    if (!a) gecl_log(GECL_LOG_ERROR, "internal: %s has no attribute '%s' in op_attrs.h", n->type, name);
    return a;
}

int64_t gecl_node_int(const gecl_node *n, const char *name)
{
    const gecl_attr *v = gecl_attr_find(n, name);
    if (v && (v->type == GECL_ATTR_INT || v->type == GECL_ATTR_BOOL)) return v->i;
    if (v && v->type == GECL_ATTR_FLOAT) return (int64_t)v->f;
    const gecl_attr_schema *a = row(n, name);
    return a ? a->i : 0;
}

float gecl_node_float(const gecl_node *n, const char *name)
{
    const gecl_attr *v = gecl_attr_find(n, name);
    if (v && v->type == GECL_ATTR_FLOAT) return v->f;
    if (v && v->type == GECL_ATTR_INT) return (float)v->i;
    const gecl_attr_schema *a = row(n, name);
    return a ? a->f : 0.0f;
}

size_t gecl_ew_attr_values(const gecl_node *n, double a[GECL_EW_MAX_ATTRS])
{
    size_t count, k = 0;
    const gecl_attr_schema *rows = gecl_op_attrs(n->op, &count);
    for (size_t i = 0; i < GECL_EW_MAX_ATTRS; i++) a[i] = 0;
    for (size_t i = 0; i < count && k < GECL_EW_MAX_ATTRS; i++)
        if (rows[i].type == GECL_ATTR_FLOAT) a[k++] = gecl_node_float(n, rows[i].name);
    return k;
}

const char *gecl_node_string(const gecl_node *n, const char *name)
{
    const gecl_attr *v = gecl_attr_find(n, name);
    if (v && v->type == GECL_ATTR_STRING) return v->s;
    const gecl_attr_schema *a = row(n, name);
    return a ? a->text : "";
}

const int64_t *gecl_node_ints(const gecl_node *n, const char *name, size_t *count)
{
    const int64_t *v = gecl_attr_ints(n, name, count);
    if (v) return v;
    const gecl_attr_schema *a = row(n, name);
    *count = a && a->type == GECL_ATTR_INTS ? a->n : 0;
    return *count ? a->ints : NULL;
}
