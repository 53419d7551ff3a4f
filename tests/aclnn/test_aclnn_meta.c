/* test_aclnn_meta.c: the host objects of aclnn/acl_meta.h, as CANN documents them: tensors keep
 * their view (dims, strides, offset), storage shape, dtype, format and address; scalars their
 * value and dtype; arrays a copy of their values; lists own their elements. Bad arguments give
 * NULL (creation) or ACLNN_ERR_PARAM_NULLPTR / ACLNN_ERR_PARAM_INVALID with a message naming the
 * argument; destroyed objects are recognised. These objects need no aclInit. */
#include "aclnn_util.h"

static void expect_no_objects(void)
{
    gecl_aclnn_counts c;
    AN_OK(gecl_aclnn_live_counts(&c));
    GT_EQ(c.tensors + c.scalars + c.arrays + c.lists + c.executors, 0);
}

static void test_tensor_roundtrip(void **state)
{
    (void)state;
    const int64_t view[] = {2, 3}, strides[] = {1, 2}, storage[] = {8};
    int dummy;
    aclTensor *t = aclCreateTensor(view, 2, ACL_FLOAT16, strides, 1, ACL_FORMAT_NCHW, storage, 1, &dummy);
    assert_non_null(t);
    int64_t *dims = NULL;
    uint64_t n = 0;
    AN_OK(aclGetViewShape(t, &dims, &n));
    GT_EQ(n, 2);
    GT_EQ(dims[0], 2);
    GT_EQ(dims[1], 3);
    free(dims);
    AN_OK(aclGetViewStrides(t, &dims, &n));
    GT_EQ(n, 2);
    GT_EQ(dims[1], 2);
    free(dims);
    AN_OK(aclGetStorageShape(t, &dims, &n));
    GT_EQ(n, 1);
    GT_EQ(dims[0], 8);
    free(dims);
    int64_t off = -1;
    AN_OK(aclGetViewOffset(t, &off));
    GT_EQ(off, 1);
    aclFormat f;
    AN_OK(aclGetFormat(t, &f));
    GT_EQ(f, ACL_FORMAT_NCHW);
    aclDataType dt;
    AN_OK(aclGetDataType(t, &dt));
    GT_EQ(dt, ACL_FLOAT16);
    void *addr = NULL;
    AN_OK(aclGetRawTensorAddr(t, &addr));
    assert_ptr_equal(addr, &dummy);
    AN_OK(aclSetRawTensorAddr(t, NULL));
    AN_OK(aclGetRawTensorAddr(t, &addr));
    assert_null(addr);
    /* aclInitTensor re-describes a live tensor */
    const int64_t v2[] = {4};
    AN_OK(aclInitTensor(t, v2, 1, ACL_INT32, NULL, 0, ACL_FORMAT_ND, v2, 1, &dummy));
    AN_OK(aclGetViewStrides(t, &dims, &n));
    GT_EQ(n, 1);
    GT_EQ(dims[0], 1); /* strides NULL: contiguous */
    free(dims);
    AN_OK(aclDestroyTensor(t));
    expect_no_objects();
}

static void test_tensor_bad_arguments(void **state)
{
    (void)state;
    const int64_t nine[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1}, neg[] = {2, -1};
    assert_null(aclCreateTensor(nine, 9, ACL_FLOAT, NULL, 0, ACL_FORMAT_ND, nine, 9, NULL));
    AN_MSG_HAS("at most 8 dims");
    assert_null(aclCreateTensor(neg, 2, ACL_FLOAT, NULL, 0, ACL_FORMAT_ND, neg, 2, NULL));
    AN_MSG_HAS("viewDims[1] is -1");
    assert_null(aclCreateTensor(NULL, 2, ACL_FLOAT, NULL, 0, ACL_FORMAT_ND, NULL, 0, NULL));
    AN_MSG_HAS("viewDims is NULL");
    assert_null(aclCreateTensor(nine, 2, ACL_FLOAT, NULL, -3, ACL_FORMAT_ND, nine, 2, NULL));
    AN_MSG_HAS("offset -3 is negative");
    AN_MSG_HAS("aclCreateTensor");
    /* getters: NULL tensor, NULL outputs, destroyed tensor */
    int64_t *dims;
    uint64_t n;
    AN_ERR(ACLNN_ERR_PARAM_NULLPTR, aclGetViewShape(NULL, &dims, &n));
    AN_MSG_HAS("tensor is NULL");
    aclTensor *t = aclCreateTensor(nine, 2, ACL_FLOAT, NULL, 0, ACL_FORMAT_ND, NULL, 0, NULL);
    assert_non_null(t);
    AN_ERR(ACLNN_ERR_PARAM_NULLPTR, aclGetViewShape(t, NULL, &n));
    AN_MSG_HAS("viewDims is NULL");
    AN_OK(aclDestroyTensor(t));
    aclDataType dt;
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclGetDataType(t, &dt));
    AN_MSG_HAS("not a live aclTensor");
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclDestroyTensor(t)); /* twice */
    AN_MSG_HAS("not a live aclTensor");
    AN_OK(aclDestroyTensor(NULL)); /* as CANN's samples do unconditionally */
    int junk[4];
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclDestroyTensor((aclTensor *)junk));
    expect_no_objects();
}

static void test_scalars_and_arrays(void **state)
{
    (void)state;
    float f = 1.5f;
    int64_t i = -7;
    uint8_t b = 1;
    aclScalar *sf = aclCreateScalar(&f, ACL_FLOAT), *si = aclCreateScalar(&i, ACL_INT64), *sb = aclCreateScalar(&b, ACL_BOOL);
    assert_non_null(sf);
    assert_non_null(si);
    assert_non_null(sb);
    assert_null(aclCreateScalar(NULL, ACL_FLOAT));
    AN_MSG_HAS("value is NULL");
    assert_null(aclCreateScalar(&f, ACL_COMPLEX64));
    AN_MSG_HAS("not supported");
    AN_OK(aclDestroyScalar(sf));
    AN_OK(aclDestroyScalar(si));
    AN_OK(aclDestroyScalar(sb));
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclDestroyScalar(sb));

    int64_t vals[] = {3, 1, 2};
    aclIntArray *ia = aclCreateIntArray(vals, 3);
    vals[0] = 99; /* the array holds a copy */
    uint64_t size = 0;
    AN_OK(aclGetIntArraySize(ia, &size));
    GT_EQ(size, 3);
    AN_ERR(ACLNN_ERR_PARAM_NULLPTR, aclGetIntArraySize(ia, NULL));
    AN_OK(aclDestroyIntArray(ia));
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclGetIntArraySize(ia, &size));
    assert_null(aclCreateIntArray(NULL, 2));
    aclIntArray *empty = aclCreateIntArray(NULL, 0); /* an empty array is valid */
    assert_non_null(empty);
    AN_OK(aclDestroyIntArray(empty));
    float fv[] = {0.5f};
    bool bv[] = {true, false};
    aclFloatArray *fa = aclCreateFloatArray(fv, 1);
    aclBoolArray *ba = aclCreateBoolArray(bv, 2);
    AN_OK(aclGetFloatArraySize(fa, &size));
    GT_EQ(size, 1);
    AN_OK(aclGetBoolArraySize(ba, &size));
    GT_EQ(size, 2);
    AN_OK(aclDestroyFloatArray(fa));
    AN_OK(aclDestroyBoolArray(ba));
    /* a float array is not an int array */
    aclFloatArray *fa2 = aclCreateFloatArray(fv, 1);
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclDestroyIntArray((const aclIntArray *)fa2));
    AN_OK(aclDestroyFloatArray(fa2));
    expect_no_objects();
}

static void test_lists_own_elements(void **state)
{
    (void)state;
    const int64_t d[] = {2};
    const aclTensor *items[] = {aclCreateTensor(d, 1, ACL_FLOAT, NULL, 0, ACL_FORMAT_ND, d, 1, NULL),
                                aclCreateTensor(d, 1, ACL_FLOAT, NULL, 0, ACL_FORMAT_ND, d, 1, NULL)};
    aclTensorList *l = aclCreateTensorList(items, 2);
    assert_non_null(l);
    uint64_t size = 0;
    AN_OK(aclGetTensorListSize(l, &size));
    GT_EQ(size, 2);
    AN_OK(aclDestroyTensorList(l)); /* destroys both tensors */
    expect_no_objects();
    const aclTensor *bad[] = {NULL};
    assert_null(aclCreateTensorList(bad, 1));
    AN_MSG_HAS("value[0] is NULL");

    int32_t v = 4;
    const aclScalar *s[] = {aclCreateScalar(&v, ACL_INT32)};
    aclScalarList *sl = aclCreateScalarList(s, 1);
    AN_OK(aclGetScalarListSize(sl, &size));
    GT_EQ(size, 1);
    AN_OK(aclDestroyScalarList(sl));
    expect_no_objects();
}

static void test_executor_calls_refuse_bad_handles(void **state)
{
    (void)state;
    AN_ERR(ACLNN_ERR_PARAM_NULLPTR, aclSetAclOpExecutorRepeatable(NULL));
    AN_MSG_HAS("executor is NULL");
    int junk[8];
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclDestroyAclOpExecutor((aclOpExecutor *)junk));
    AN_MSG_HAS("not a live aclOpExecutor");
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclSetInputTensorAddr((aclOpExecutor *)junk, 0, NULL, NULL));
    AN_OK(aclnnInit(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tensor_roundtrip),
        cmocka_unit_test(test_tensor_bad_arguments),
        cmocka_unit_test(test_scalars_and_arrays),
        cmocka_unit_test(test_lists_own_elements),
        cmocka_unit_test(test_executor_calls_refuse_bad_handles),
    };
    gt_apply_filter();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
