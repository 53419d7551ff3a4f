/* handle.h: opaque handles for the objects the public APIs hand out.
 *
 * A handle is not a pointer: it encodes (kind, generation, slot). Looking up a destroyed,
 * foreign or made-up handle fails cleanly instead of touching freed memory, and generations keep
 * growing across aclFinalize/aclInit so stale handles never match new objects. */
#ifndef GECL_BASE_HANDLE_H
#define GECL_BASE_HANDLE_H

#include <stddef.h>

/* A kind is the top four bits of a handle. Each layer that hands out handles names its own kinds
 * in this range, so this table serves them all without knowing them. */
typedef unsigned gecl_handle_kind;
#define GECL_HANDLE_KIND_FIRST 0x9u
#define GECL_HANDLE_KIND_LAST 0xFu

/* Registers `obj`; returns its handle, or NULL when out of memory. */
void *gecl_handle_new(gecl_handle_kind kind, void *obj);
/* The object behind a live handle of that kind, else NULL. */
void *gecl_handle_get(gecl_handle_kind kind, const void *handle);
/* gecl_handle_get that returns take(obj) instead, called under the table's lock: a reference
 * taken there cannot race with the handle's removal and the object's release. */
void *gecl_handle_take(gecl_handle_kind kind, const void *handle, void *(*take)(void *obj));
/* Unregisters a live handle and returns its object (NULL if it was not live). */
void *gecl_handle_remove(gecl_handle_kind kind, const void *handle);
/* Number of live handles of a kind. */
size_t gecl_handle_count(gecl_handle_kind kind);
/* Snapshot of the live objects of a kind (caller frees the array). With `take`, each entry is
 * take(obj) instead, called under the table's lock: the place to take a reference on something
 * another thread might destroy as soon as the lock is released. */
void **gecl_handle_list(gecl_handle_kind kind, size_t *count, void *(*take)(void *obj));

#endif
