/* hugepage.h: large host blocks backed by transparent huge pages where the kernel offers them
 * (Linux, THP in "madvise" mode as Debian ships it). Loading ResNet-18 writes ~130 MB of fresh
 * memory (weights, packed constants); at 4 KiB pages that is ~30,000 page faults, which a VM
 * makes expensive (a third of a warm load's CPU time measured here). */
#ifndef GECL_BASE_HUGEPAGE_H
#define GECL_BASE_HUGEPAGE_H

#include <stddef.h>

/* Blocks at least this large are worth advising. */
#define GECL_HUGE_MIN ((size_t)4 << 20)

/* Advises the kernel to back the 2 MiB-aligned part of [p, p + bytes) with huge pages; does
 * nothing for small ranges or where it is not supported (a hint: never fails). */
void gecl_advise_huge(void *p, size_t bytes);

/* malloc for blocks that will be written whole right away: 2 MiB-aligned and advised when at
 * least GECL_HUGE_MIN, plain malloc below. Freed with free(). */
void *gecl_alloc_huge(size_t bytes);

#endif
