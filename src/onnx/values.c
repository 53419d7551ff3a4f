/* values.c: open-addressing hash table from value name to port, grown at half load. */
#include <stdlib.h>
#include <string.h>

#include "values.h"

typedef struct slot {
    char *name;
    gecl_port port;
} slot;

struct onnx_values {
    size_t cap, used;
    slot *slots;
};

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static slot *find(const onnx_values *v, const char *name)
{
    for (size_t i = hash(name) & (v->cap - 1);; i = (i + 1) & (v->cap - 1))
        if (!v->slots[i].name || !strcmp(v->slots[i].name, name)) return &v->slots[i];
}

onnx_values *onnx_values_new(void)
{
    onnx_values *v = calloc(1, sizeof *v);
    if (!v) return NULL;
    v->cap = 64;
    v->slots = calloc(v->cap, sizeof *v->slots);
    if (!v->slots) {
        free(v);
        return NULL;
    }
    return v;
}

void onnx_values_free(onnx_values *v)
{
    if (!v) return;
    for (size_t i = 0; i < v->cap; i++) free(v->slots[i].name);
    free(v->slots);
    free(v);
}

static int grow(onnx_values *v)
{
    onnx_values bigger = {.cap = v->cap * 2, .used = v->used};
    bigger.slots = calloc(bigger.cap, sizeof *bigger.slots);
    if (!bigger.slots) return -1;
    for (size_t i = 0; i < v->cap; i++)
        if (v->slots[i].name) *find(&bigger, v->slots[i].name) = v->slots[i];
    free(v->slots);
    *v = bigger;
    return 0;
}

int onnx_values_set(onnx_values *v, const char *name, gecl_port port)
{
    if (2 * (v->used + 1) > v->cap && grow(v)) return -1;
    slot *s = find(v, name);
    if (!s->name) {
        if (!(s->name = strdup(name))) return -1;
        v->used++;
    }
    s->port = port;
    return 0;
}

int onnx_values_get(const onnx_values *v, const char *name, gecl_port *port)
{
    const slot *s = find(v, name);
    if (!s->name) return 0;
    *port = s->port;
    return 1;
}
