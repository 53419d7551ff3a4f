/*
 * graph_util.h: shared helpers of the graph op tests (cmocka), on top of tests/runtime/test_util.h.
 * Include this header first in every graph test file.
 *
 * One executable per op family; each has one GE instance and one session on device 0 for all its
 * tests (gg_group_setup / gg_group_teardown, which checks that nothing is left alive).
 *
 * A case builds a small graph with gg_new / gg_data / gg_const / gg_op, runs it once through
 * gecl_session_run_graph with host inputs and gecl-allocated host outputs (gg_run), and compares
 * the outputs with the CPU reference (ref.h) under a stated tolerance (gg_close). Everything a
 * case allocates is tracked and released after each test, also when the test fails, so a failure
 * does not cascade into the leak check.
 *
 * Checks come in two kinds: GG_OK / GG_ERR fail the test at once (cmocka longjmp); gg_try_run,
 * gg_close and gg_expect_invalid print what went wrong and return 0, so that a table of cases
 * runs to the end and GG_NO_FAILURES reports how many failed.
 *
 *   GT_FILTER='test_conv_*' ./bin/test_ops_conv   runs only the matching tests
 *   GG_VERBOSE=1                                   prints every case as it runs
 */
#ifndef GECL_TESTS_GRAPH_GRAPH_UTIL_H
#define GECL_TESTS_GRAPH_GRAPH_UTIL_H

#include "../runtime/test_util.h"   /* GT_FILTER, live-count helpers, POSIX level */

#include "gecl/gecl.h"
#include "ref.h"

/* ---- tolerances ------------------------------------------------------------------------------
 * A check passes when |got - ref| <= rel * scale + abs, scale being |ref| or, for accumulations,
 * the sum of the absolute values of the terms (ref.h's `mag`).
 *
 * EXACT: one correctly rounded float operation (add, mul, max, floor, ...) is exact against a
 *   double reference rounded to float; OpenCL allows 2.5 ulp for division. 1e-6 is ~8 ulp
 *   (float epsilon 1.19e-7): room for a compiler that contracts a*b+c into fma in fused chains.
 * TRANSC: OpenCL's full-profile bounds are 3 ulp for exp and log, 4 for rsqrt, 5 for tanh, 16 for
 *   pow (~2e-6 relative); 1e-5 relative (~80 ulp) plus 1e-6 absolute for results near zero
 *   (tanh(x) and log(x) as x approaches 0 and 1).
 * ACC: a float sum of K terms errs by at most ~K * eps * sum|terms| and typically by
 *   ~sqrt(K) * eps * sum|terms|; 1e-5 * sum|terms| (84 eps) covers the summation orders a tiled
 *   kernel may use for the K (up to a few thousand) of these tests; 1e-6 absolute for sums that
 *   cancel to ~0.
 * F16: one rounding to binary16 is half an ulp, 2^-11 ~ 4.9e-4 relative; 1e-3 allows one ulp. */
#define GG_REL_EXACT 1e-6
#define GG_ABS_EXACT 1e-30
#define GG_REL_TRANSC 1e-5
#define GG_ABS_TRANSC 1e-6
#define GG_REL_ACC 1e-5
#define GG_ABS_ACC 1e-6
#define GG_REL_F16 1e-3

/* ---- status checks (fatal) ---- */

void gg_check_status(gecl_status got, gecl_status want, const char *expr, const char *file, int line);
#define GG_OK(expr) gg_check_status((expr), GECL_SUCCESS, #expr, __FILE__, __LINE__)
#define GG_ERR(code, expr) gg_check_status((expr), (code), #expr, __FILE__, __LINE__)

/* Fails the test when `failures` (a count of failed cases, each already printed) is not zero. */
void gg_check_no_failures(int failures, const char *file, int line);
#define GG_NO_FAILURES(failures) gg_check_no_failures((failures), __FILE__, __LINE__)

/* ---- setup ---- */

/* gecl_initialize(0, NULL, NULL) and one session (device 0). */
int gg_group_setup(void **state);
/* gecl_session_destroy, gecl_finalize, then every gecl_graph_live_counts and gecl_rt_live_counts
 * count must be zero. */
int gg_group_teardown(void **state);
/* Per test: releases what the test allocated (see gg_release). */
int gg_test_teardown(void **state);
#define GG_TEST(f) cmocka_unit_test_teardown(f, gg_test_teardown)

gecl_session gg_session(void);
/* Runs the tests with GT_FILTER applied; the group setup and teardown are gg's. */
#define GG_RUN_GROUP(tests) (gt_apply_filter(), cmocka_run_group_tests(tests, gg_group_setup, gg_group_teardown))

/* Prints the line when GG_VERBOSE is set (case progress). */
void gg_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- memory (tracked: freed by gg_release) ---- */

void *gg_alloc(size_t bytes);                 /* zeroed */
/* Frees everything tracked: buffers, gecl outputs, graphs, and graphs still added to the
 * session. Called after every test (gg_test_teardown) and before the group teardown. */
void gg_release(void);

/* ---- deterministic random data ---- */

/* Reseeds the generator (splitmix64); every test seeds itself so tests are independent. */
void gg_seed(uint64_t seed);
double gg_uniform(double lo, double hi);
float *gg_rand_f32(size_t n, double lo, double hi);
/* Like gg_rand_f32 but keeps |x| >= min_abs (divisors, reciprocals). */
float *gg_rand_f32_away(size_t n, double lo, double hi, double min_abs);
double *gg_f64_of_f32(const float *x, size_t n);

/* ---- shapes ---- */

gecl_tensor_desc gg_desc(gecl_dtype dtype, gecl_format format, int rank, const int64_t *dims);
/* Dims inline: gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(2, 3)) is a [2, 3]. */
#define GG_DIMS(...) ((const int64_t[]){__VA_ARGS__})
#define GG_NDIMS(...) ((int)(sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t)))
/* "[2,3,4]" into buf. */
const char *gg_shape_str(const int64_t *dims, int rank, char *buf, size_t size);

/* ---- building graphs ---- */

#define GG_MAX_INPUTS 16

typedef struct gg_graph {
    gecl_graph *graph;
    char name[96];
    size_t n_data;                       /* Data nodes so far; the next gets this index */
    gecl_tensor inputs[GG_MAX_INPUTS];   /* what the run feeds them (host) */
} gg_graph;

/* A new graph (tracked). */
gg_graph *gg_new(const char *name);
/* A Data node with the next index, fed `host` (bytes of `desc`) at the run. */
gecl_port gg_data(gg_graph *g, const char *name, gecl_tensor_desc desc, const void *host);
/* A Const node holding `data` (bytes of `desc`). */
gecl_port gg_const(gg_graph *g, const char *name, gecl_tensor_desc desc, const void *data);
/* A Const integer tensor (int32 or int64) from int64 values: rank 0 (scalar, n must be 1) or 1. */
gecl_port gg_const_ints(gg_graph *g, const char *name, gecl_dtype dtype, int rank, const int64_t *values,
                        size_t n);
/* An operator; GG_OK inside (the call itself must succeed, whatever the graph's validity). */
int32_t gg_op(gg_graph *g, const char *name, const char *type, size_t n_inputs, const gecl_port *inputs);
#define GG_PORTS(...) ((const gecl_port[]){__VA_ARGS__})
#define GG_NPORTS(...) (sizeof((gecl_port[]){__VA_ARGS__}) / sizeof(gecl_port))
/* gg_op with the inputs inline: GG_OP(g, "add", "Add", a, b). */
#define GG_OP(g, name, type, ...) gg_op((g), (name), (type), GG_NPORTS(__VA_ARGS__), GG_PORTS(__VA_ARGS__))
gecl_port gg_port(int32_t node);
extern const gecl_port GG_NO_PORT;

void gg_attr_int(gg_graph *g, int32_t node, const char *name, int64_t value);
void gg_attr_bool(gg_graph *g, int32_t node, const char *name, int value);
void gg_attr_string(gg_graph *g, int32_t node, const char *name, const char *value);
void gg_attr_ints(gg_graph *g, int32_t node, const char *name, const int64_t *values, size_t n);
#define GG_ATTR_INTS(g, node, name, ...)                                                          \
    gg_attr_ints((g), (node), (name), GG_DIMS(__VA_ARGS__), (size_t)GG_NDIMS(__VA_ARGS__))
void gg_input_format(gg_graph *g, int32_t node, size_t index, gecl_format format);

/* ---- running ---- */

/* Sets the graph's outputs, adds it to the session under a fresh id, runs it once with the
 * Data inputs' host data and gecl-allocated host outputs (tracked), then removes it from the
 * session. Returns 1 on success; prints the failing call and gecl_last_error() and returns 0. */
int gg_try_run(gg_graph *g, size_t n_out, const gecl_port *outs, gecl_tensor *results);
/* Kernel launches per run of g with outputs `outs` (compiled under a spare graph id, removed). */
size_t gg_kernel_count(gg_graph *g, size_t n_out, const gecl_port *outs);
/* gg_try_run that fails the test at once. */
void gg_run(gg_graph *g, size_t n_out, const gecl_port *outs, gecl_tensor *results);
/* Runs g (one output, `out`) with its constants in caller memory (SetGraphConstMemoryBase)
 * that starts as NaN bytes: set before the first run (before_load), else moved there after a
 * first run in gecl's own. Fills results[] with each run's output (tracked) and returns how
 * many: 1 or 2. What an init launch packs from the constants must be recomputed there, so a
 * packing left behind, or never made, shows in the outputs. Fails the test on an API error. */
int gg_run_const_memory(gg_graph *g, gecl_port out, int before_load, gecl_tensor results[2]);
gecl_tensor gg_run1(gg_graph *g, gecl_port out);

/* ---- comparing ---- */

/* Checks an output's dtype and shape. Returns 1 when they match, else prints and returns 0. */
int gg_shape_is(const char *what, const gecl_tensor *t, gecl_dtype dtype, int rank, const int64_t *dims);
/* Float (or float16) output against `ref` (n elements): |got - ref| <= rel * scale + abs, scale
 * mag[i] when mag is given, else |ref[i]|. NaN matches NaN only. Prints the number of
 * mismatches and the first ones with their indices; returns 1 when all match. */
int gg_close(const char *what, const gecl_tensor *t, const double *ref, const double *mag, size_t n, double rel,
             double abs);
/* Checks a float output: dtype GECL_DT_FLOAT, shape, then gg_close. */
int gg_expect(const char *what, const gecl_tensor *t, int rank, const int64_t *dims, const double *ref,
              const double *mag, double rel, double abs);
/* Integer or bool output, exactly equal to `ref`. */
int gg_equal_ints(const char *what, const gecl_tensor *t, const int64_t *ref, size_t n);
/* Element i of any supported dtype as a double. */
double gg_value(const gecl_tensor *t, size_t i);

/* ---- negative cases ---- */

/* Sets the outputs, then expects the graph to be rejected with GECL_PARAM_INVALID and a
 * gecl_last_error() naming `node_name`: by gecl_graph_validate, and by the first of
 * gecl_session_add_graph / gecl_session_compile_graph that fails (one must). Returns 1 when so. */
int gg_expect_invalid(gg_graph *g, size_t n_out, const gecl_port *outs, const char *node_name);

#endif
