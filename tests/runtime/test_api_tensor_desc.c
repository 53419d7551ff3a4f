/*
 * test_api_tensor_desc.c: aclTensorDesc as CANN documents it (acl_base.h): creation and its
 * checks, the getters (type, format, size, element count, dims, ranges, name), the setters
 * (origin / storage format and shape, const data, placement, dynamic input), format conversion,
 * and rejected handles. Descriptions are host objects: the first tests run before aclInit and a
 * description made then outlives aclFinalize.
 */
#include "test_util.h"

/* aclGetTensorDescDim is deprecated in CANN, and still part of what is tested. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

static void test_without_init(void **state)
{
    (void)state;
    int64_t dims[] = {2, 3};
    aclTensorDesc *d = aclCreateTensorDesc(ACL_FLOAT16, 2, dims, ACL_FORMAT_ND);
    assert_non_null(d);
    GT_EQ(aclGetTensorDescSize(d), 2 * 3 * 2);
    aclDestroyTensorDesc(d);
}

static void test_outlives_finalize(void **state)
{
    (void)state;
    int64_t dims[] = {4};
    GT_OK(aclInit(NULL));
    aclTensorDesc *d = aclCreateTensorDesc(ACL_INT32, 1, dims, ACL_FORMAT_ND);
    assert_non_null(d);
    GT_OK(aclFinalize());
    GT_EQ(aclGetTensorDescElementCount(d), 4);
    aclDestroyTensorDesc(d);
}

static void test_getters(void **state)
{
    (void)state;
    int64_t dims[] = {1, 3, 224, 224};
    aclTensorDesc *d = aclCreateTensorDesc(ACL_FLOAT, 4, dims, ACL_FORMAT_NCHW);
    assert_non_null(d);
    GT_EQ(aclGetTensorDescType(d), ACL_FLOAT);
    GT_EQ(aclGetTensorDescFormat(d), ACL_FORMAT_NCHW);
    GT_EQ(aclGetTensorDescNumDims(d), 4);
    GT_EQ(aclGetTensorDescElementCount(d), 3 * 224 * 224);
    GT_EQ(aclGetTensorDescSize(d), 3 * 224 * 224 * sizeof(float));
    for (size_t i = 0; i < 4; i++) {
        int64_t v = -7;
        GT_OK(aclGetTensorDescDimV2(d, i, &v));
        GT_EQ(v, dims[i]);
    }
    int64_t v = 0;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclGetTensorDescDimV2(d, 4, &v));
    GT_MSG_HAS("aclGetTensorDescDimV2");
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclGetTensorDescDimV2(d, 0, NULL));
    /* Index 0 is the description itself; there is no second one. */
    assert_ptr_equal(aclGetTensorDescByIndex(d, 0), d);
    assert_null(aclGetTensorDescByIndex(d, 1));
    /* A created description has no data address. */
    assert_null(aclGetTensorDescAddress(d));
    aclDestroyTensorDesc(d);
}

static void test_scalar_and_dynamic(void **state)
{
    (void)state;
    /* No dims: a scalar, one element. */
    aclTensorDesc *s = aclCreateTensorDesc(ACL_INT64, 0, NULL, ACL_FORMAT_ND);
    assert_non_null(s);
    GT_EQ(aclGetTensorDescNumDims(s), 0);
    GT_EQ(aclGetTensorDescElementCount(s), 1);
    GT_EQ(aclGetTensorDescSize(s), 8);
    aclDestroyTensorDesc(s);

    /* -1: a dim known at run time only; the size is then unknown (0). */
    int64_t dyn[] = {-1, 16};
    aclTensorDesc *d = aclCreateTensorDesc(ACL_FLOAT, 2, dyn, ACL_FORMAT_ND);
    assert_non_null(d);
    GT_EQ(aclGetTensorDescNumDims(d), 2);
    GT_EQ(aclGetTensorDescElementCount(d), 0);
    GT_EQ(aclGetTensorDescSize(d), 0);
    int64_t v = 0;
    GT_OK(aclGetTensorDescDimV2(d, 0, &v));
    GT_EQ(v, -1);

    /* Shape ranges of the dynamic dims. */
    int64_t range[2][ACL_TENSOR_SHAPE_RANGE_NUM] = {{1, 64}, {16, 16}};
    GT_OK(aclSetTensorShapeRange(d, 2, range));
    int64_t got[2] = {0, 0};
    GT_OK(aclGetTensorDescDimRange(d, 0, 2, got));
    GT_EQ(got[0], 1);
    GT_EQ(got[1], 64);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclGetTensorDescDimRange(d, 2, 2, got));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclGetTensorDescDimRange(d, 0, 1, got));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclGetTensorDescDimRange(d, 0, 2, NULL));
    int64_t bad[1][ACL_TENSOR_SHAPE_RANGE_NUM] = {{8, 4}};
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclSetTensorShapeRange(d, 1, bad));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclSetTensorShapeRange(d, 1, NULL));
    int64_t vr[1][ACL_TENSOR_VALUE_RANGE_NUM] = {{1, 10}};
    GT_OK(aclSetTensorValueRange(d, 1, vr));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclSetTensorValueRange(NULL, 1, vr));
    aclDestroyTensorDesc(d);

    /* -2 as the only dim: unknown rank. */
    int64_t rank[] = {-2};
    aclTensorDesc *r = aclCreateTensorDesc(ACL_FLOAT, 1, rank, ACL_FORMAT_ND);
    assert_non_null(r);
    GT_EQ(aclGetTensorDescNumDims(r), ACL_UNKNOWN_RANK);
    GT_EQ(aclGetTensorDescElementCount(r), 0);
    aclDestroyTensorDesc(r);
}

static void test_create_rejects(void **state)
{
    (void)state;
    int64_t dims[] = {2, 2};
    assert_null(aclCreateTensorDesc(ACL_FLOAT, -1, dims, ACL_FORMAT_ND));
    GT_MSG_HAS("aclCreateTensorDesc");
    assert_null(aclCreateTensorDesc(ACL_FLOAT, 2, NULL, ACL_FORMAT_ND));
    int64_t neg[] = {2, -3};
    assert_null(aclCreateTensorDesc(ACL_FLOAT, 2, neg, ACL_FORMAT_ND));
    int64_t rank2[] = {-2, 3};
    assert_null(aclCreateTensorDesc(ACL_FLOAT, 2, rank2, ACL_FORMAT_ND));
    assert_null(aclCreateTensorDesc((aclDataType)5, 2, dims, ACL_FORMAT_ND));
    assert_null(aclCreateTensorDesc(ACL_FLOAT, 2, dims, (aclFormat)999));
}

static void test_setters(void **state)
{
    (void)state;
    int64_t dims[] = {1, 8, 8, 3};
    aclTensorDesc *d = aclCreateTensorDesc(ACL_UINT8, 4, dims, ACL_FORMAT_NHWC);
    assert_non_null(d);

    /* Storage format and shape are recorded; what the getters report does not change. */
    int64_t storage[] = {1, 1, 8, 8, 32};
    GT_OK(aclSetTensorFormat(d, ACL_FORMAT_NC1HWC0));
    GT_OK(aclSetTensorShape(d, 5, storage));
    GT_EQ(aclGetTensorDescFormat(d), ACL_FORMAT_NHWC);
    GT_EQ(aclGetTensorDescNumDims(d), 4);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclSetTensorShape(d, 1, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclSetTensorFormat(d, (aclFormat)999));

    /* Origin format and shape are what the getters report. */
    int64_t origin[] = {1, 3, 8, 8};
    GT_OK(aclSetTensorOriginFormat(d, ACL_FORMAT_NCHW));
    GT_OK(aclSetTensorOriginShape(d, 4, origin));
    GT_EQ(aclGetTensorDescFormat(d), ACL_FORMAT_NCHW);
    GT_EQ(aclGetTensorDescDim(d, 1), 3);
    GT_EQ(aclGetTensorDescDim(d, 9), -1);
    GT_EQ(aclGetTensorDescElementCount(d), 192);

    /* Name: empty until set; NULL clears it. */
    assert_string_equal(aclGetTensorDescName(d), "");
    aclSetTensorDescName(d, "input0");
    assert_string_equal(aclGetTensorDescName(d), "input0");
    aclSetTensorDescName(d, NULL);
    assert_string_equal(aclGetTensorDescName(d), "");
    assert_string_equal(aclGetTensorDescName(NULL), "");

    /* Const data is copied: the caller's buffer may change afterwards. */
    int32_t data[3] = {1, 2, 3};
    GT_OK(aclSetTensorConst(d, data, sizeof data));
    data[0] = 99;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclSetTensorConst(d, NULL, 4));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclSetTensorConst(d, data, 0));

    GT_OK(aclSetTensorPlaceMent(d, ACL_MEMTYPE_HOST));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclSetTensorPlaceMent(d, (aclMemType)7));
    GT_OK(aclSetTensorDynamicInput(d, "x"));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclSetTensorDynamicInput(d, NULL));
    aclDestroyTensorDesc(d);
}

static void expect_dims(aclTensorDesc *d, const int64_t *want, size_t n)
{
    GT_EQ(aclGetTensorDescNumDims(d), n);
    for (size_t i = 0; i < n; i++) {
        int64_t v = 0;
        GT_OK(aclGetTensorDescDimV2(d, i, &v));
        GT_EQ(v, want[i]);
    }
}

static void test_trans_format(void **state)
{
    (void)state;
    int64_t nchw[] = {2, 3, 4, 5};
    aclTensorDesc *src = aclCreateTensorDesc(ACL_FLOAT, 4, nchw, ACL_FORMAT_NCHW);
    assert_non_null(src);
    aclTensorDesc *dst = NULL;

    GT_OK(aclTransTensorDescFormat(src, ACL_FORMAT_NHWC, &dst));
    int64_t nhwc[] = {2, 4, 5, 3};
    expect_dims(dst, nhwc, 4);
    GT_EQ(aclGetTensorDescFormat(dst), ACL_FORMAT_NHWC);
    GT_EQ(aclGetTensorDescType(dst), ACL_FLOAT);
    /* The source is unchanged. */
    expect_dims(src, nchw, 4);
    GT_EQ(aclGetTensorDescFormat(src), ACL_FORMAT_NCHW);
    aclDestroyTensorDesc(dst);

    GT_OK(aclTransTensorDescFormat(src, ACL_FORMAT_HWCN, &dst));
    int64_t hwcn[] = {4, 5, 3, 2};
    expect_dims(dst, hwcn, 4);
    aclDestroyTensorDesc(dst);

    GT_OK(aclTransTensorDescFormat(src, ACL_FORMAT_ND, &dst));
    expect_dims(dst, nchw, 4);
    aclDestroyTensorDesc(dst);

    /* Ascend's blocked storage formats mean nothing on OpenCL. */
    dst = NULL;
    GT_ERR(ACL_ERROR_FEATURE_UNSUPPORTED, aclTransTensorDescFormat(src, ACL_FORMAT_NC1HWC0, &dst));
    GT_MSG_HAS("aclTransTensorDescFormat");
    assert_null(dst);
    /* Layouts of another rank do not match. */
    GT_ERR(ACL_ERROR_FORMAT_NOT_MATCH, aclTransTensorDescFormat(src, ACL_FORMAT_NCDHW, &dst));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclTransTensorDescFormat(src, ACL_FORMAT_NHWC, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclTransTensorDescFormat(NULL, ACL_FORMAT_NHWC, &dst));
    aclDestroyTensorDesc(src);

    int64_t nd[] = {6, 7};
    src = aclCreateTensorDesc(ACL_FLOAT, 2, nd, ACL_FORMAT_ND);
    GT_ERR(ACL_ERROR_FORMAT_NOT_MATCH, aclTransTensorDescFormat(src, ACL_FORMAT_NC, &dst));
    aclDestroyTensorDesc(src);
}

static void test_rejected_handles(void **state)
{
    (void)state;
    int64_t dims[] = {3};
    aclTensorDesc *d = aclCreateTensorDesc(ACL_FLOAT, 1, dims, ACL_FORMAT_ND);
    assert_non_null(d);
    aclDestroyTensorDesc(d);
    /* A destroyed description: every call fails cleanly (ASan would catch a use after free). */
    GT_EQ(aclGetTensorDescType(d), ACL_DT_UNDEFINED);
    GT_MSG_HAS("not a live tensor description");
    GT_EQ(aclGetTensorDescFormat(d), ACL_FORMAT_UNDEFINED);
    GT_EQ(aclGetTensorDescSize(d), 0);
    GT_EQ(aclGetTensorDescElementCount(d), 0);
    GT_EQ(aclGetTensorDescNumDims(d), 0);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclSetTensorFormat(d, ACL_FORMAT_ND));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclSetTensorOriginShape(d, 1, dims));
    assert_null(aclGetTensorDescByIndex(d, 0));
    aclDestroyTensorDesc(d); /* twice: refused, no crash */
    GT_MSG_HAS("aclDestroyTensorDesc");
    aclDestroyTensorDesc(NULL);
    /* A pointer that never was a description, and another kind of handle. */
    int not_a_desc = 0;
    GT_EQ(aclGetTensorDescType((aclTensorDesc *)&not_a_desc), ACL_DT_UNDEFINED);
    aclDataBuffer *b = aclCreateDataBuffer(NULL, 0);
    GT_EQ(aclGetTensorDescType((aclTensorDesc *)b), ACL_DT_UNDEFINED);
    GT_OK(aclDestroyDataBuffer(b));
    GT_EQ(aclGetTensorDescType(NULL), ACL_DT_UNDEFINED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_without_init),
        cmocka_unit_test(test_outlives_finalize),
        cmocka_unit_test(test_getters),
        cmocka_unit_test(test_scalar_and_dynamic),
        cmocka_unit_test(test_create_rejects),
        cmocka_unit_test(test_setters),
        cmocka_unit_test(test_trans_format),
        cmocka_unit_test(test_rejected_handles),
    };
    gt_apply_filter();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
