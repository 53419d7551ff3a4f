#define _POSIX_C_SOURCE 200809L /* clock_gettime */
/* test_disk_cache.c: a second process that loads the same graph builds no OpenCL program: every
 * kernel comes from the disk cache (design.md decision 4). The test runs itself twice: first with
 * an empty cache directory (it must build and write), then as a child process (it must only hit).
 * Both print how long LoadGraph took. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "gecl/gecl.h"
#include "gecl/gecl_rt.h"

#define OK(call) assert_int_equal((call), GECL_SUCCESS)

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Conv2D -> BiasAdd -> Relu -> MaxPool -> Softmax over channels: several distinct kernels. */
static gecl_graph *make_graph(void)
{
    static float w[16 * 8 * 9], b[16];
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) w[i] = (float)((i * 37) % 17) / 17.0f - 0.5f;
    gecl_graph *g;
    OK(gecl_graph_create("cached", &g));
    gecl_tensor_desc dx = {GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, {1, 8, 16, 16}};
    gecl_tensor_desc dw = {GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, {16, 8, 3, 3}}, db = {GECL_DT_FLOAT, GECL_FORMAT_ND, 1, {16}};
    gecl_port x, wp, bp;
    OK(gecl_graph_add_data(g, "x", 0, &dx, &x));
    OK(gecl_graph_add_const(g, "w", &dw, w, sizeof w, &wp));
    OK(gecl_graph_add_const(g, "b", &db, b, sizeof b, &bp));
    int32_t conv, bias, relu, pool, soft;
    gecl_port ci[2] = {x, wp};
    OK(gecl_graph_add_op(g, "conv", "Conv2D", 2, ci, &conv));
    int64_t ones[4] = {1, 1, 1, 1}, k2[4] = {1, 1, 2, 2};
    OK(gecl_graph_set_attr_ints(g, conv, "strides", ones, 4));
    OK(gecl_graph_set_attr_ints(g, conv, "pads", ones, 4));
    OK(gecl_graph_set_attr_string(g, conv, "data_format", "NCHW"));
    gecl_port bi[2] = {{conv, 0}, bp};
    OK(gecl_graph_add_op(g, "bias", "BiasAdd", 2, bi, &bias));
    OK(gecl_graph_set_attr_string(g, bias, "data_format", "NCHW"));
    gecl_port ri[1] = {{bias, 0}};
    OK(gecl_graph_add_op(g, "relu", "Relu", 1, ri, &relu));
    gecl_port pi[1] = {{relu, 0}};
    OK(gecl_graph_add_op(g, "pool", "MaxPool", 1, pi, &pool));
    OK(gecl_graph_set_attr_ints(g, pool, "ksize", k2, 4));
    OK(gecl_graph_set_attr_ints(g, pool, "strides", k2, 4));
    OK(gecl_graph_set_attr_string(g, pool, "padding", "VALID"));
    OK(gecl_graph_set_attr_string(g, pool, "data_format", "NCHW"));
    gecl_port si[1] = {{pool, 0}};
    OK(gecl_graph_add_op(g, "softmax", "SoftmaxV2", 1, si, &soft));
    int64_t axis = 1;
    OK(gecl_graph_set_attr_ints(g, soft, "axes", &axis, 1));
    gecl_port out = {soft, 0};
    OK(gecl_graph_set_outputs(g, 1, &out));
    return g;
}

/* Loads the graph in this process; returns the program-cache counters it caused. */
static gecl_program_cache_stats load_once(double *ms)
{
    OK(gecl_initialize(0, NULL, NULL));
    gecl_session s;
    OK(gecl_session_create(0, NULL, NULL, &s));
    gecl_graph *g = make_graph();
    OK(gecl_session_add_graph(s, 0, g, 0, NULL, NULL));
    gecl_graph_destroy(g);
    gecl_program_cache_stats before, after;
    assert_int_equal(gecl_rt_program_cache_stats(&before), 0);
    double t0 = now_ms();
    OK(gecl_session_load_graph(s, 0, 0, NULL, NULL, NULL));
    *ms = now_ms() - t0;
    assert_int_equal(gecl_rt_program_cache_stats(&after), 0);
    OK(gecl_session_destroy(s));
    OK(gecl_finalize());
    gecl_program_cache_stats d = {after.memory_hits - before.memory_hits, after.disk_hits - before.disk_hits,
                                  after.source_builds - before.source_builds, after.disk_writes - before.disk_writes};
    return d;
}

static const char *self_path;

static void test_second_process_builds_nothing(void **state)
{
    (void)state;
    const char *dir = getenv("GECL_CACHE_DIR");
    assert_non_null(dir);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    double ms;
    gecl_program_cache_stats first = load_once(&ms);
    printf("first process: LoadGraph %.1f ms, %llu program(s) built, %llu written to disk\n", ms,
           (unsigned long long)first.source_builds, (unsigned long long)first.disk_writes);
    assert_true(first.source_builds > 0);
    assert_int_equal(first.disk_writes, first.source_builds);
    fflush(stdout);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        execl(self_path, self_path, "--second", (char *)NULL);
        _exit(127);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* The child: no source builds, every program from disk. Exit status is the verdict. */
static int second_process(void)
{
    double ms;
    gecl_program_cache_stats s = load_once(&ms);
    printf("second process: LoadGraph %.1f ms, %llu program(s) built, %llu loaded from the disk cache\n", ms,
           (unsigned long long)s.source_builds, (unsigned long long)s.disk_hits);
    return s.source_builds == 0 && s.disk_hits > 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    self_path = "/proc/self/exe";
    if (argc > 1 && strcmp(argv[1], "--second") == 0) return second_process();
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_second_process_builds_nothing)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
