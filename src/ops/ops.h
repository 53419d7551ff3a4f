/* ops.h: what the ops see. The functions op_table.h names need no prototype here: registry.h
 * declares the infer column from the table, launch.h the lower column, registry.h the fold column too,
 * each in the layer that owns the function type. */
#ifndef GECL_OPS_OPS_H
#define GECL_OPS_OPS_H

#include "launch.h"
#include "plan.h"
#include "registry.h"


#endif
