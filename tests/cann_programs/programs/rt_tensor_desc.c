/* Tensor descriptions (acl_base_mdl.h), as a program describing a model's inputs builds them:
 * type, format, shape and what follows from them (element count, size), dims read back (also
 * unknown ones and an unknown rank), shape ranges, a name, origin and storage formats and
 * shapes, format translation between layouts, and the attributes a single-op call reads (dynamic
 * input name, const data, placement). No aclInit is needed. */
#include <stdint.h>
#include <string.h>

#include "acl/acl.h"
#include "cann_check.h"

/* The deprecated getters and setters are exercised on purpose. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

static void ExpectDims(const aclTensorDesc *desc, const int64_t *dims, size_t n)
{
    EXPECT(aclGetTensorDescNumDims(desc) == n);
    for (size_t i = 0; i < n; i++) {
        int64_t d = -100;
        CHECK_ACL(aclGetTensorDescDimV2(desc, i, &d));
        EXPECT(d == dims[i]);
        EXPECT(aclGetTensorDescDim(desc, i) == dims[i]);
    }
    int64_t d = 0;
    EXPECT(aclGetTensorDescDimV2(desc, n, &d) != ACL_SUCCESS);
}

static void CheckBasics(void)
{
    const int64_t dims[4] = {2, 3, 4, 5};
    aclTensorDesc *desc = aclCreateTensorDesc(ACL_FLOAT16, 4, dims, ACL_FORMAT_NCHW);
    EXPECT(desc != NULL);
    EXPECT(aclGetTensorDescType(desc) == ACL_FLOAT16);
    EXPECT(aclGetTensorDescFormat(desc) == ACL_FORMAT_NCHW);
    EXPECT(aclGetTensorDescElementCount(desc) == 120);
    EXPECT(aclGetTensorDescSize(desc) == 120 * aclDataTypeSize(ACL_FLOAT16));
    EXPECT(aclDataTypeSize(ACL_FLOAT16) == 2);
    ExpectDims(desc, dims, 4);

    aclSetTensorDescName(desc, "input_0");
    EXPECT(strcmp(aclGetTensorDescName(desc), "input_0") == 0);
    aclSetTensorDescName(desc, "renamed");
    EXPECT(strcmp(aclGetTensorDescName(desc), "renamed") == 0);

    /* NCHW -> NHWC moves C last; the source stays as it was */
    aclTensorDesc *nhwc = NULL;
    CHECK_ACL(aclTransTensorDescFormat(desc, ACL_FORMAT_NHWC, &nhwc));
    EXPECT(nhwc != NULL && aclGetTensorDescFormat(nhwc) == ACL_FORMAT_NHWC);
    const int64_t nhwcDims[4] = {2, 4, 5, 3};
    ExpectDims(nhwc, nhwcDims, 4);
    EXPECT(aclGetTensorDescType(nhwc) == ACL_FLOAT16);
    ExpectDims(desc, dims, 4);
    aclTensorDesc *hwcn = NULL;
    CHECK_ACL(aclTransTensorDescFormat(nhwc, ACL_FORMAT_HWCN, &hwcn));
    const int64_t hwcnDims[4] = {4, 5, 3, 2};
    ExpectDims(hwcn, hwcnDims, 4);
    aclDestroyTensorDesc(nhwc);
    aclDestroyTensorDesc(hwcn);
    EXPECT(aclTransTensorDescFormat(desc, ACL_FORMAT_NHWC, NULL) == ACL_ERROR_INVALID_PARAM);

    /* the description itself is index 0 */
    EXPECT(aclGetTensorDescByIndex(desc, 0) == desc);
    EXPECT(aclGetTensorDescByIndex(desc, 1) == NULL);
    /* a description made by the program points at no data */
    EXPECT(aclGetTensorDescAddress(desc) == NULL);
    aclDestroyTensorDesc(desc);
}

static void CheckUnknownShapes(void)
{
    const int64_t dims[3] = {-1, 16, 8};
    aclTensorDesc *desc = aclCreateTensorDesc(ACL_FLOAT, 3, dims, ACL_FORMAT_ND);
    EXPECT(desc != NULL);
    ExpectDims(desc, dims, 3);
    EXPECT(aclGetTensorDescElementCount(desc) == 0 && aclGetTensorDescSize(desc) == 0);
    int64_t ranges[3][ACL_TENSOR_SHAPE_RANGE_NUM] = {{1, 64}, {16, 16}, {8, 8}};
    CHECK_ACL(aclSetTensorShapeRange(desc, 3, ranges));
    for (size_t i = 0; i < 3; i++) {
        int64_t r[ACL_TENSOR_SHAPE_RANGE_NUM] = {0, 0};
        CHECK_ACL(aclGetTensorDescDimRange(desc, i, ACL_TENSOR_SHAPE_RANGE_NUM, r));
        EXPECT(r[0] == ranges[i][0] && r[1] == ranges[i][1]);
    }
    int64_t r[ACL_TENSOR_SHAPE_RANGE_NUM];
    EXPECT(aclGetTensorDescDimRange(desc, 3, ACL_TENSOR_SHAPE_RANGE_NUM, r) != ACL_SUCCESS);
    EXPECT(aclGetTensorDescDimRange(desc, 0, 1, r) == ACL_ERROR_INVALID_PARAM);
    int64_t values[2][ACL_TENSOR_VALUE_RANGE_NUM] = {{0, 10}, {-5, 5}};
    CHECK_ACL(aclSetTensorValueRange(desc, 2, values));
    aclDestroyTensorDesc(desc);

    /* -2 alone: rank unknown */
    const int64_t unknownRank[1] = {-2};
    desc = aclCreateTensorDesc(ACL_INT32, 1, unknownRank, ACL_FORMAT_ND);
    EXPECT(desc != NULL);
    EXPECT(aclGetTensorDescNumDims(desc) == ACL_UNKNOWN_RANK);
    aclDestroyTensorDesc(desc);

    /* no dims: a scalar of one element */
    desc = aclCreateTensorDesc(ACL_INT64, 0, NULL, ACL_FORMAT_ND);
    EXPECT(desc != NULL);
    EXPECT(aclGetTensorDescNumDims(desc) == 0 && aclGetTensorDescElementCount(desc) == 1);
    EXPECT(aclGetTensorDescSize(desc) == 8);
    aclDestroyTensorDesc(desc);
}

/* Origin format and shape are what the getters report; storage format and shape are what the
 * device holds and change nothing the getters say. */
static void CheckOriginAndStorage(void)
{
    const int64_t dims[4] = {1, 8, 8, 3};
    aclTensorDesc *desc = aclCreateTensorDesc(ACL_FLOAT, 4, dims, ACL_FORMAT_NHWC);
    EXPECT(desc != NULL);
    const int64_t storage[5] = {1, 1, 8, 8, 16};
    CHECK_ACL(aclSetTensorFormat(desc, ACL_FORMAT_NC1HWC0));
    CHECK_ACL(aclSetTensorShape(desc, 5, storage));
    CHECK_ACL(aclSetTensorStorageFormat(desc, ACL_FORMAT_NC1HWC0));
    CHECK_ACL(aclSetTensorStorageShape(desc, 5, storage));
    EXPECT(aclGetTensorDescFormat(desc) == ACL_FORMAT_NHWC);
    ExpectDims(desc, dims, 4);

    const int64_t origin[4] = {1, 3, 8, 8};
    CHECK_ACL(aclSetTensorOriginFormat(desc, ACL_FORMAT_NCHW));
    CHECK_ACL(aclSetTensorOriginShape(desc, 4, origin));
    EXPECT(aclGetTensorDescFormat(desc) == ACL_FORMAT_NCHW);
    ExpectDims(desc, origin, 4);
    EXPECT(aclGetTensorDescElementCount(desc) == 192);
    EXPECT(aclSetTensorOriginShape(desc, 2, NULL) == ACL_ERROR_INVALID_PARAM);

    CHECK_ACL(aclSetTensorDynamicInput(desc, "x"));
    float weights[4] = {1.0f, 2.0f, 3.0f, 4.0f};
    CHECK_ACL(aclSetTensorConst(desc, weights, sizeof weights));
    EXPECT(aclSetTensorConst(desc, NULL, 4) == ACL_ERROR_INVALID_PARAM);
    CHECK_ACL(aclSetTensorPlaceMent(desc, ACL_MEMTYPE_HOST));
    CHECK_ACL(aclSetTensorPlaceMent(desc, ACL_MEMTYPE_DEVICE));
    EXPECT(aclSetTensorPlaceMent(desc, (aclMemType)42) == ACL_ERROR_INVALID_PARAM);
    aclDestroyTensorDesc(desc);
}

int main(void)
{
    CheckBasics();
    CheckUnknownShapes();
    CheckOriginAndStorage();
    /* descriptions need no runtime, and still work with one */
    CHECK_ACL(aclInit(NULL));
    const int64_t dims[2] = {4, 4};
    aclTensorDesc *desc = aclCreateTensorDesc(ACL_INT8, 2, dims, ACL_FORMAT_ND);
    EXPECT(desc != NULL && aclGetTensorDescSize(desc) == 16);
    aclDestroyTensorDesc(desc);
    CHECK_ACL(aclFinalize());
    INFO_LOG("run success");
    return 0;
}
