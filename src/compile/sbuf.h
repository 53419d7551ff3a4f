/* sbuf.h: a growing string for generated source; out of memory is remembered, not fatal. */
#ifndef GECL_COMPILE_SBUF_H
#define GECL_COMPILE_SBUF_H

#include <stddef.h>

typedef struct sbuf {
    char *buf;
    size_t len, cap;
    int oom;
} sbuf;

void sb_printf(sbuf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
