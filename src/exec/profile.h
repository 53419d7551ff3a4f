/* profile.h: GECL_PROFILE=1. Every run of a loaded graph records one profiling event per launch;
 * the device times (CL_PROFILING_COMMAND_START to END) add up per launch, and when the graph is
 * unloaded a table goes to stderr: the launches by total time with the node and op each computes,
 * then the totals per op type. What ORT's profiler and CANN's msprof give their users: where a
 * network's time goes, measured by the device, not guessed from wall clocks. */
#ifndef GECL_EXEC_PROFILE_H
#define GECL_EXEC_PROFILE_H

#include <CL/cl.h>

#include "plan.h"

typedef struct gecl_profile gecl_profile;

/* A profile of p's launches, labelled while the plan is at hand; NULL on out of memory. */
gecl_profile *gecl_profile_new(const gecl_plan *p);
/* Where launch s of the run being enqueued puts its event. Collects the previous run first
 * (waiting for it), so call it for launch 0 before enqueueing anything. */
cl_event *gecl_profile_slot(gecl_profile *pr, size_t s);
/* Collects the last run, prints the table (when any run was recorded) and frees. */
void gecl_profile_finish(gecl_profile *pr);

#endif
