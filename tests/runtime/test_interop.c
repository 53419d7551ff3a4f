/*
 * test_interop.c: OpenCL interoperability: gecl_rt_stream_queue, gecl_rt_resolve and
 * gecl_rt_program: a kernel built through the program cache runs on a stream's queue on
 * (buffer, offset) pairs of interior pointers, ordered with the stream's ACL work.
 */
#include "test_util.h"

static const char *k_source =
    "__kernel void axpb(__global const uchar *in_buf, ulong in_off,\n"
    "                   __global uchar *out_buf, ulong out_off, uint n)\n"
    "{\n"
    "    size_t i = get_global_id(0);\n"
    "    if (i >= n) return;\n"
    "    __global const int *in = (__global const int *)(in_buf + in_off);\n"
    "    __global int *out = (__global int *)(out_buf + out_off);\n"
    "    out[i] = in[i] * SCALE + 1;\n"
    "}\n";

static void test_stream_queue(void **state)
{
    (void)state;
    aclrtStream s = NULL;
    cl_command_queue q = NULL, q2 = NULL, qdef = NULL;
    GT_OK(aclrtCreateStream(&s));
    GT_OK(gecl_rt_stream_queue(s, &q));
    assert_non_null(q);
    GT_OK(gecl_rt_stream_queue(s, &q2));
    assert_ptr_equal(q, q2);
    GT_OK(gecl_rt_stream_queue(NULL, &qdef));
    assert_non_null(qdef);
    assert_ptr_not_equal(q, qdef);

    /* In order, with profiling, on device 0's context. */
    cl_command_queue_properties props = 0;
    GT_EQ(clGetCommandQueueInfo(q, CL_QUEUE_PROPERTIES, sizeof props, &props, NULL), CL_SUCCESS);
    assert_true(props & CL_QUEUE_PROFILING_ENABLE);
    assert_false(props & CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE);
    cl_context qctx = NULL, devctx = NULL;
    cl_platform_id plat = NULL;
    cl_device_id dev = NULL, qdev = NULL;
    GT_OK(gecl_rt_device_cl(0, &plat, &dev, &devctx));
    GT_EQ(clGetCommandQueueInfo(q, CL_QUEUE_CONTEXT, sizeof qctx, &qctx, NULL), CL_SUCCESS);
    GT_EQ(clGetCommandQueueInfo(q, CL_QUEUE_DEVICE, sizeof qdev, &qdev, NULL), CL_SUCCESS);
    assert_ptr_equal(qctx, devctx);
    assert_ptr_equal(qdev, dev);

    GT_ERR(ACL_ERROR_INVALID_PARAM, gecl_rt_stream_queue(s, NULL));
    GT_OK(aclrtDestroyStream(s));
    GT_ERR(ACL_ERROR_INVALID_PARAM, gecl_rt_stream_queue(s, &q));
}

static void test_program_cache(void **state)
{
    (void)state;
    gecl_program_cache_stats st0, st1, st2;
    cl_program p1 = NULL, p2 = NULL, p3 = NULL;
    GT_OK(gecl_rt_program_cache_stats(&st0));
    GT_OK(gecl_rt_program(0, k_source, "-DSCALE=3", &p1));
    assert_non_null(p1);
    GT_OK(gecl_rt_program_cache_stats(&st1));
    print_message("after the first build: memory_hits %llu disk_hits %llu source_builds %llu disk_writes %llu\n",
                  (unsigned long long)st1.memory_hits, (unsigned long long)st1.disk_hits,
                  (unsigned long long)st1.source_builds, (unsigned long long)st1.disk_writes);
    /* Built from source or loaded from disk: one of the two. */
    GT_EQ((st1.source_builds - st0.source_builds) + (st1.disk_hits - st0.disk_hits), 1);
    /* Again: a memory hit, the same program. */
    GT_OK(gecl_rt_program(0, k_source, "-DSCALE=3", &p2));
    assert_ptr_equal(p1, p2);
    GT_OK(gecl_rt_program_cache_stats(&st2));
    GT_EQ(st2.memory_hits, st1.memory_hits + 1);
    GT_EQ(st2.source_builds, st1.source_builds);
    /* Other options: another program. */
    GT_OK(gecl_rt_program(0, k_source, "-DSCALE=5", &p3));
    assert_ptr_not_equal(p1, p3);
    cl_uint ndev = 0;
    GT_EQ(clGetProgramInfo(p1, CL_PROGRAM_NUM_DEVICES, sizeof ndev, &ndev, NULL), CL_SUCCESS);
    GT_EQ(ndev, 1);

    /* Bad arguments. */
    cl_program p = NULL;
    uint32_t n = 0;
    GT_OK(aclrtGetDeviceCount(&n));
    GT_ERR(ACL_ERROR_INVALID_PARAM, gecl_rt_program(0, NULL, "", &p));
    GT_ERR(ACL_ERROR_INVALID_PARAM, gecl_rt_program(0, k_source, "-DSCALE=3", NULL));
    GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, gecl_rt_program((int32_t)n, k_source, "-DSCALE=3", &p));
    GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, gecl_rt_program(-1, k_source, "-DSCALE=3", &p));
    GT_ERR(ACL_ERROR_INVALID_PARAM, gecl_rt_program_cache_stats(NULL));
    /* A build failure is an error with a message, not a crash. */
    aclError rc = gecl_rt_program(0, "__kernel void broken(__global int *x) { x[0] = ; }", "", &p);
    print_message("broken source: %d \"%s\"\n", (int)rc, aclGetRecentErrMsg());
    assert_int_not_equal(rc, ACL_SUCCESS);
    assert_true(aclGetRecentErrMsg()[0] != '\0');
}

static void test_kernel_on_interior_pointers(void **state)
{
    (void)state;
    enum { COUNT = 10000 };
    const size_t in_size = 4096 + 16 + COUNT * sizeof(int32_t) + 64;
    const size_t out_size = 256 + COUNT * sizeof(int32_t) + 100;
    void *din = NULL, *dout = NULL;
    aclrtStream s = NULL;
    cl_command_queue q = NULL;
    cl_program prog = NULL;
    GT_OK(aclrtCreateStream(&s));
    GT_OK(gecl_rt_stream_queue(s, &q));
    GT_OK(gecl_rt_program(0, k_source, "-DSCALE=3", &prog));
    GT_OK(aclrtMalloc(&din, in_size, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMalloc(&dout, out_size, ACL_MEM_MALLOC_HUGE_FIRST));
    char *in_ptr = (char *)din + 4096 + 16;
    char *out_ptr = (char *)dout + 256;

    /* Resolve: same buffer as the base, offset shifted by the distance, bytes to the end. */
    cl_mem in_base_buf = NULL, in_buf = NULL, out_buf = NULL;
    size_t in_base_off = 0, in_off = 0, out_off = 0, left = 0;
    GT_OK(gecl_rt_resolve(din, &in_base_buf, &in_base_off, &left));
    GT_EQ(left, in_size);
    GT_OK(gecl_rt_resolve(in_ptr, &in_buf, &in_off, &left));
    assert_ptr_equal(in_buf, in_base_buf);
    GT_EQ(in_off, in_base_off + 4096 + 16);
    GT_EQ(left, in_size - 4096 - 16);
    GT_OK(gecl_rt_resolve(out_ptr, &out_buf, &out_off, &left));
    GT_EQ(left, out_size - 256);
    size_t buf_size = 0;
    GT_EQ(clGetMemObjectInfo(in_buf, CL_MEM_SIZE, sizeof buf_size, &buf_size, NULL), CL_SUCCESS);
    assert_true(in_off + COUNT * sizeof(int32_t) <= buf_size);

    int32_t *host_in = GT_MALLOC(COUNT * sizeof(int32_t));
    unsigned char *host_out = GT_MALLOC(out_size);
    for (int i = 0; i < COUNT; i++) host_in[i] = i * 7 - 5000;

    cl_int err = CL_SUCCESS;
    cl_kernel k = clCreateKernel(prog, "axpb", &err);
    GT_EQ(err, CL_SUCCESS);
    cl_ulong in_off_arg = in_off, out_off_arg = out_off;
    cl_uint n_arg = COUNT;
    GT_EQ(clSetKernelArg(k, 0, sizeof in_buf, &in_buf), CL_SUCCESS);
    GT_EQ(clSetKernelArg(k, 1, sizeof in_off_arg, &in_off_arg), CL_SUCCESS);
    GT_EQ(clSetKernelArg(k, 2, sizeof out_buf, &out_buf), CL_SUCCESS);
    GT_EQ(clSetKernelArg(k, 3, sizeof out_off_arg, &out_off_arg), CL_SUCCESS);
    GT_EQ(clSetKernelArg(k, 4, sizeof n_arg, &n_arg), CL_SUCCESS);

    for (int round = 0; round < 3; round++) {
        /* ACL work, then the kernel on the stream's queue, then ACL work: all in stream order. */
        GT_OK(aclrtMemsetAsync(dout, out_size, 0xee, out_size, s));
        GT_OK(aclrtMemsetAsync(din, in_size, 0, in_size, s));
        GT_OK(aclrtMemcpyAsync(in_ptr, COUNT * sizeof(int32_t), host_in, COUNT * sizeof(int32_t),
                               ACL_MEMCPY_HOST_TO_DEVICE, s));
        size_t global = COUNT;
        GT_EQ(clEnqueueNDRangeKernel(q, k, 1, NULL, &global, NULL, 0, NULL, NULL), CL_SUCCESS);
        memset(host_out, 0, out_size);
        GT_OK(aclrtMemcpyAsync(host_out, out_size, dout, out_size, ACL_MEMCPY_DEVICE_TO_HOST, s));
        GT_OK(aclrtSynchronizeStream(s));

        GT_FILLED(host_out, 0xee, 256);
        for (int i = 0; i < COUNT; i++) {
            int32_t got;
            memcpy(&got, host_out + 256 + (size_t)i * sizeof got, sizeof got);
            if (got != host_in[i] * 3 + 1) {
                print_error("round %d element %d: %d, expected %d\n", round, i, got, host_in[i] * 3 + 1);
                fail();
            }
        }
        GT_FILLED(host_out + 256 + COUNT * sizeof(int32_t), 0xee, 100);
        host_in[round] += 1000;
    }

    clReleaseKernel(k);
    GT_OK(aclrtFree(din));
    GT_OK(aclrtFree(dout));
    GT_OK(aclrtDestroyStream(s));
    free(host_in);
    free(host_out);
}

static void test_kernel_on_default_stream_queue(void **state)
{
    (void)state;
    enum { COUNT = 64 };
    void *d = NULL;
    cl_command_queue q = NULL;
    cl_program prog = NULL;
    GT_OK(gecl_rt_stream_queue(NULL, &q));
    GT_OK(gecl_rt_program(0, k_source, "-DSCALE=2", &prog));
    GT_OK(aclrtMalloc(&d, 2 * COUNT * sizeof(int32_t), ACL_MEM_MALLOC_HUGE_FIRST));
    int32_t in[COUNT], out[COUNT];
    for (int i = 0; i < COUNT; i++) in[i] = i;
    GT_OK(aclrtMemcpy(d, sizeof in, in, sizeof in, ACL_MEMCPY_HOST_TO_DEVICE));
    cl_mem buf = NULL;
    size_t off = 0, left = 0;
    GT_OK(gecl_rt_resolve(d, &buf, &off, &left));
    cl_int err = CL_SUCCESS;
    cl_kernel k = clCreateKernel(prog, "axpb", &err);
    GT_EQ(err, CL_SUCCESS);
    cl_ulong in_off = off, out_off = off + sizeof in;
    cl_uint n = COUNT;
    clSetKernelArg(k, 0, sizeof buf, &buf);
    clSetKernelArg(k, 1, sizeof in_off, &in_off);
    clSetKernelArg(k, 2, sizeof buf, &buf);
    clSetKernelArg(k, 3, sizeof out_off, &out_off);
    clSetKernelArg(k, 4, sizeof n, &n);
    size_t global = COUNT;
    GT_EQ(clEnqueueNDRangeKernel(q, k, 1, NULL, &global, NULL, 0, NULL, NULL), CL_SUCCESS);
    /* The synchronous copy runs on the default stream, after the kernel. */
    GT_OK(aclrtMemcpy(out, sizeof out, (char *)d + sizeof in, sizeof out, ACL_MEMCPY_DEVICE_TO_HOST));
    for (int i = 0; i < COUNT; i++) GT_EQ(out[i], 2 * i + 1);
    clReleaseKernel(k);
    GT_OK(aclrtFree(d));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stream_queue),
        cmocka_unit_test(test_program_cache),
        cmocka_unit_test(test_kernel_on_interior_pointers),
        cmocka_unit_test(test_kernel_on_default_stream_queue),
    };
    gt_apply_filter();
    return cmocka_run_group_tests(tests, gt_group_setup, gt_group_teardown);
}
