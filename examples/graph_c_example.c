#define _POSIX_C_SOURCE 200809L /* clock_gettime */
/* graph_c_example.c: the seed's sequence through gecl's C API: a Data -> Conv2D -> BiasAdd ->
 * Relu graph, compiled, loaded on a stream and run with device inputs and outputs; checked
 * against a CPU reference, timed over repeated runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acl/acl.h"
#include "conv_reference.h"
#include "gecl/gecl.h"

#define CHECK(call)                                                                              \
    do {                                                                                         \
        long long rc_ = (long long)(call);                                                       \
        if (rc_ != 0) {                                                                          \
            fprintf(stderr, "%s failed (%lld): %s\n", #call, rc_, gecl_last_error());            \
            exit(1);                                                                             \
        }                                                                                        \
    } while (0)

static gecl_graph *build_graph(const float *w, const float *b)
{
    gecl_graph *g;
    CHECK(gecl_graph_create("conv_graph", &g));
    gecl_tensor_desc dx = {GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, {EX_N, EX_C, EX_H, EX_W}};
    gecl_tensor_desc dw = {GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, {EX_K, EX_C, EX_R, EX_R}};
    gecl_tensor_desc db = {GECL_DT_FLOAT, GECL_FORMAT_ND, 1, {EX_K}};
    gecl_port x, wp, bp;
    CHECK(gecl_graph_add_data(g, "data", 0, &dx, &x));
    CHECK(gecl_graph_add_const(g, "weight", &dw, w, sizeof(float) * EX_K * EX_C * EX_R * EX_R, &wp));
    CHECK(gecl_graph_add_const(g, "bias", &db, b, sizeof(float) * EX_K, &bp));
    int32_t conv, bias, relu;
    gecl_port conv_in[2] = {x, wp};
    CHECK(gecl_graph_add_op(g, "conv1", "Conv2D", 2, conv_in, &conv));
    int64_t strides[4] = {1, 1, 1, 1}, pads[4] = {1, 1, 1, 1};
    CHECK(gecl_graph_set_attr_ints(g, conv, "strides", strides, 4));
    CHECK(gecl_graph_set_attr_ints(g, conv, "pads", pads, 4));
    CHECK(gecl_graph_set_attr_string(g, conv, "data_format", "NCHW"));
    gecl_port bias_in[2] = {{conv, 0}, bp};
    CHECK(gecl_graph_add_op(g, "bias1", "BiasAdd", 2, bias_in, &bias));
    CHECK(gecl_graph_set_attr_string(g, bias, "data_format", "NCHW"));
    gecl_port relu_in[1] = {{bias, 0}};
    CHECK(gecl_graph_add_op(g, "relu1", "Relu", 1, relu_in, &relu));
    gecl_port out = {relu, 0};
    CHECK(gecl_graph_set_outputs(g, 1, &out));
    return g;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(void)
{
    size_t nx = (size_t)EX_N * EX_C * EX_H * EX_W, ny = (size_t)EX_N * EX_K * EX_H * EX_W;
    float *x = malloc(nx * 4), *y = malloc(ny * 4), w[EX_K * EX_C * EX_R * EX_R], b[EX_K];
    example_fill(x, nx, 1);
    example_fill(w, sizeof w / 4, 2);
    example_fill(b, EX_K, 3);

    const char *keys[] = {"ge.exec.deviceId", "ge.graphRunMode"}, *values[] = {"0", "0"};
    CHECK(gecl_initialize(2, keys, values));
    CHECK(aclInit(NULL));
    gecl_session session;
    CHECK(gecl_session_create(0, NULL, NULL, &session));
    CHECK(aclrtSetDevice(0));
    aclrtStream stream;
    CHECK(aclrtCreateStream(&stream));
    void *dx, *dy;
    CHECK(aclrtMalloc(&dx, nx * 4, ACL_MEM_MALLOC_HUGE_FIRST));
    CHECK(aclrtMalloc(&dy, ny * 4, ACL_MEM_MALLOC_HUGE_FIRST));
    CHECK(aclrtMemcpy(dx, nx * 4, x, nx * 4, ACL_MEMCPY_HOST_TO_DEVICE));

    gecl_graph *g = build_graph(w, b);
    CHECK(gecl_session_add_graph(session, 0, g, 0, NULL, NULL));
    gecl_graph_destroy(g);
    double t0 = now_ms();
    CHECK(gecl_session_compile_graph(session, 0));
    CHECK(gecl_session_load_graph(session, 0, 0, NULL, NULL, stream));
    double t_load = now_ms() - t0;

    gecl_tensor in = {{GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, {EX_N, EX_C, EX_H, EX_W}}, dx, nx * 4, GECL_ON_DEVICE};
    gecl_tensor out = {{GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, {EX_N, EX_K, EX_H, EX_W}}, dy, ny * 4, GECL_ON_DEVICE};
    CHECK(gecl_session_run_graph_with_stream_async(session, 0, stream, 1, &in, 1, &out));
    CHECK(aclrtSynchronizeStream(stream));
    const int runs = 20;
    t0 = now_ms();
    for (int i = 0; i < runs; i++) CHECK(gecl_session_run_graph_with_stream_async(session, 0, stream, 1, &in, 1, &out));
    CHECK(aclrtSynchronizeStream(stream));
    double per_run = (now_ms() - t0) / runs;
    CHECK(aclrtMemcpy(y, ny * 4, dy, ny * 4, ACL_MEMCPY_DEVICE_TO_HOST));

    gecl_graph_summary sum;
    CHECK(gecl_session_graph_summary(session, 0, &sum));
    size_t bad = example_check(x, w, b, y);
    double gflop = 2.0 * ny * EX_C * EX_R * EX_R / 1e9;
    printf("C API: Conv2D+BiasAdd+Relu %dx%dx%dx%d -> %d channels: %zu op(s) in %zu kernel(s); compile+load %.1f ms\n",
           EX_N, EX_C, EX_H, EX_W, EX_K, sum.op_count, sum.kernel_count, t_load);
    printf("C API: %.3f ms per run (%.1f GFLOP/s), result check: %s (%zu of %zu outputs differ from the CPU reference)\n",
           per_run, gflop / (per_run / 1e3), bad ? "FAILED" : "ok", bad, ny);

    CHECK(aclrtFree(dx));
    CHECK(aclrtFree(dy));
    CHECK(gecl_session_destroy(session));
    CHECK(gecl_finalize());
    CHECK(aclrtDestroyStream(stream));
    CHECK(aclrtResetDevice(0));
    CHECK(aclFinalize());
    free(x);
    free(y);
    return bad ? 1 : 0;
}
