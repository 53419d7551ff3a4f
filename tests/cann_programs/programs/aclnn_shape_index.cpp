// Reductions, layout and indexing operators of the aclnn reference through their two phases on
// one stream: ReduceSum (two dims, and an int32 input summed in int64), Mean (keepDim), Permute,
// Cat of an aclTensorList, Gather (torch.gather), Embedding, InplaceCopy (a broadcast, converted
// source) and InplaceFillScalar. It also makes and destroys the other host objects of
// aclnn/acl_meta.h (float, bool and scalar lists) and reads their sizes back.
#include <cmath>
#include <cstdint>
#include <vector>

#include "acl/acl.h"
#include "aclnn_helpers.h"
#include "aclnnop/aclnn_cat.h"
#include "aclnnop/aclnn_copy.h"
#include "aclnnop/aclnn_embedding.h"
#include "aclnnop/aclnn_fill_scalar.h"
#include "aclnnop/aclnn_gather.h"
#include "aclnnop/aclnn_mean.h"
#include "aclnnop/aclnn_permute.h"
#include "aclnnop/aclnn_reduce_sum.h"

// Tolerances: ReduceSum adds 4 * 6 = 24 floats in [-1, 1] in some order; the float result is
// within 24 * 2^-24 * 24 = 3.4e-5 of the exact sum: 5e-5. Mean adds 5 and divides: 1e-6. The
// other operators move or convert values and are compared exactly.
static const double kSumAbs = 5e-5, kMeanAbs = 1e-6;

static aclIntArray *Ints(const std::vector<int64_t> &v)
{
    aclIntArray *a = aclCreateIntArray(v.data(), v.size());
    EXPECT(a != nullptr);
    return a;
}

// The list objects no operator here takes: made, sized and destroyed as a program would.
static int64_t CheckHostObjects()
{
    const float f[3] = {0.5f, 1.5f, -2.0f};
    const bool flags[2] = {true, false};
    int32_t i7 = 7;
    double d = 0.25;
    aclFloatArray *fa = aclCreateFloatArray(f, 3);
    aclBoolArray *ba = aclCreateBoolArray(flags, 2);
    aclScalar *elems[2] = {aclCreateScalar(&i7, ACL_INT32), aclCreateScalar(&d, ACL_DOUBLE)};
    EXPECT(fa && ba && elems[0] && elems[1]);
    aclScalarList *sl = aclCreateScalarList(elems, 2);
    EXPECT(sl != nullptr);
    uint64_t nf = 0, nb = 0, ns = 0;
    CHECK_ACL(aclGetFloatArraySize(fa, &nf));
    CHECK_ACL(aclGetBoolArraySize(ba, &nb));
    CHECK_ACL(aclGetScalarListSize(sl, &ns));
    INFO_LOG("float array %llu, bool array %llu, scalar list %llu elements", (unsigned long long)nf,
             (unsigned long long)nb, (unsigned long long)ns);
    CHECK_ACL(aclDestroyFloatArray(fa));
    CHECK_ACL(aclDestroyBoolArray(ba));
    CHECK_ACL(aclDestroyScalarList(sl)); // the list owns its scalars
    return (nf != 3) + (nb != 2) + (ns != 2);
}

int main()
{
    OpStream s = StartRuntime();
    int64_t wrong = CheckHostObjects();
    uint64_t ws = 0;
    aclOpExecutor *ex = nullptr;

    // x: [4, 5, 6]
    const int64_t A = 4, Bd = 5, Cd = 6, n = A * Bd * Cd;
    std::vector<float> x(n);
    std::vector<int32_t> xi(n);
    for (int64_t i = 0; i < n; i++) {
        x[i] = std::sin(0.61f * (float)(i + 1));
        xi[i] = (int32_t)(i * 100000003LL % 2000000011LL) - 1000000000; // sums overflow int32
    }
    DeviceTensor tx = MakeTensor({A, Bd, Cd}, ACL_FLOAT, x.data()), txi = MakeTensor({A, Bd, Cd}, ACL_INT32, xi.data());
    DeviceTensor sum = MakeTensor({Bd}, ACL_FLOAT, nullptr), isum = MakeTensor({Bd}, ACL_INT64, nullptr);
    DeviceTensor mean = MakeTensor({A, 1, Cd}, ACL_FLOAT, nullptr), perm = MakeTensor({Cd, A, Bd}, ACL_FLOAT, nullptr);
    aclIntArray *dims02 = Ints({0, 2}), *dims1 = Ints({1}), *order = Ints({2, 0, 1});
    CHECK_ACL(aclnnReduceSumGetWorkspaceSize(tx.tensor, dims02, false, ACL_FLOAT, sum.tensor, &ws, &ex));
    s.Launch("aclnnReduceSum", ws, ex, aclnnReduceSum);
    CHECK_ACL(aclnnReduceSumGetWorkspaceSize(txi.tensor, dims02, false, ACL_INT64, isum.tensor, &ws, &ex));
    s.Launch("aclnnReduceSum", ws, ex, aclnnReduceSum);
    CHECK_ACL(aclnnMeanGetWorkspaceSize(tx.tensor, dims1, true, ACL_FLOAT, mean.tensor, &ws, &ex));
    s.Launch("aclnnMean", ws, ex, aclnnMean);
    CHECK_ACL(aclnnPermuteGetWorkspaceSize(tx.tensor, order, perm.tensor, &ws, &ex));
    s.Launch("aclnnPermute", ws, ex, aclnnPermute);

    // Cat of [2, 3] and [4, 3] along dim 0; the list owns (and destroys) its tensors.
    std::vector<float> top(6), bottom(12);
    for (int i = 0; i < 6; i++) top[i] = (float)i;
    for (int i = 0; i < 12; i++) bottom[i] = 100.0f + (float)i;
    DeviceTensor t1 = MakeTensor({2, 3}, ACL_FLOAT, top.data()), t2 = MakeTensor({4, 3}, ACL_FLOAT, bottom.data());
    DeviceTensor cat = MakeTensor({6, 3}, ACL_FLOAT, nullptr);
    const aclTensor *parts[2] = {t1.tensor, t2.tensor};
    aclTensorList *list = aclCreateTensorList(parts, 2);
    EXPECT(list != nullptr);
    uint64_t listSize = 0;
    CHECK_ACL(aclGetTensorListSize(list, &listSize));
    EXPECT(listSize == 2);
    CHECK_ACL(aclnnCatGetWorkspaceSize(list, 0, cat.tensor, &ws, &ex));
    s.Launch("aclnnCat", ws, ex, aclnnCat);

    // Gather along dim 1 of [4, 5] with int64 indexes [4, 3]: out[i][j] = self[i][index[i][j]].
    std::vector<float> g(20);
    for (int i = 0; i < 20; i++) g[i] = 0.5f * (float)i;
    std::vector<int64_t> gidx(12);
    for (int i = 0; i < 12; i++) gidx[i] = (i * 3 + 1) % 5;
    DeviceTensor tg = MakeTensor({4, 5}, ACL_FLOAT, g.data()), tgi = MakeTensor({4, 3}, ACL_INT64, gidx.data());
    DeviceTensor gathered = MakeTensor({4, 3}, ACL_FLOAT, nullptr);
    CHECK_ACL(aclnnGatherGetWorkspaceSize(tg.tensor, 1, tgi.tensor, gathered.tensor, &ws, &ex));
    s.Launch("aclnnGather", ws, ex, aclnnGather);

    // Embedding: rows of a [10, 4] table picked by int64 indexes [2, 3].
    std::vector<float> table(40);
    for (int i = 0; i < 40; i++) table[i] = (float)i - 20.0f;
    std::vector<int64_t> eidx = {9, 0, 3, 3, 7, 1};
    DeviceTensor tt = MakeTensor({10, 4}, ACL_FLOAT, table.data()), tei = MakeTensor({2, 3}, ACL_INT64, eidx.data());
    DeviceTensor emb = MakeTensor({2, 3, 4}, ACL_FLOAT, nullptr);
    CHECK_ACL(aclnnEmbeddingGetWorkspaceSize(tt.tensor, tei.tensor, emb.tensor, &ws, &ex));
    s.Launch("aclnnEmbedding", ws, ex, aclnnEmbedding);

    // InplaceCopy: an int32 row [4] broadcast and converted into a float [3, 4];
    // InplaceFillScalar: an int32 [5, 2] filled with -7.
    std::vector<int32_t> src = {-3, 0, 5, 123456};
    std::vector<float> dstInit(12, 99.0f);
    std::vector<int32_t> fillInit(10, 1);
    DeviceTensor tsrc = MakeTensor({4}, ACL_INT32, src.data()), tdst = MakeTensor({3, 4}, ACL_FLOAT, dstInit.data());
    DeviceTensor tfill = MakeTensor({5, 2}, ACL_INT32, fillInit.data());
    int32_t fillValue = -7;
    aclScalar *fill = aclCreateScalar(&fillValue, ACL_INT32);
    EXPECT(fill != nullptr);
    CHECK_ACL(aclnnInplaceCopyGetWorkspaceSize(tdst.tensor, tsrc.tensor, &ws, &ex));
    s.Launch("aclnnInplaceCopy", ws, ex, aclnnInplaceCopy);
    CHECK_ACL(aclnnInplaceFillScalarGetWorkspaceSize(tfill.tensor, fill, &ws, &ex));
    s.Launch("aclnnInplaceFillScalar", ws, ex, aclnnInplaceFillScalar);
    s.Sync();

    std::vector<double> refSum(Bd, 0.0), refISum(Bd, 0.0), refMean(A * Cd, 0.0), refPerm(n);
    std::vector<int64_t> exactISum(Bd, 0);
    for (int64_t a = 0; a < A; a++)
        for (int64_t b = 0; b < Bd; b++)
            for (int64_t c = 0; c < Cd; c++) {
                const int64_t i = (a * Bd + b) * Cd + c;
                refSum[b] += x[i];
                exactISum[b] += xi[i];
                refMean[a * Cd + c] += x[i] / (double)Bd;
                refPerm[(c * A + a) * Bd + b] = x[i];
            }
    wrong += Compare("reduce_sum float", Download<float>(sum), refSum, kSumAbs, 0);
    std::vector<int64_t> gotISum = Download<int64_t>(isum);
    for (int64_t b = 0; b < Bd; b++)
        if (gotISum[b] != exactISum[b]) {
            ERROR_LOG("reduce_sum int32->int64 [%lld] = %lld, expected %lld", (long long)b, (long long)gotISum[b],
                      (long long)exactISum[b]);
            wrong++;
        }
    INFO_LOG("%-22s checked exactly", "reduce_sum int64");
    wrong += Compare("mean", Download<float>(mean), refMean, kMeanAbs, 0);
    wrong += Compare("permute", Download<float>(perm), refPerm, 0, 0);

    std::vector<double> refCat(top.begin(), top.end());
    refCat.insert(refCat.end(), bottom.begin(), bottom.end());
    wrong += Compare("cat", Download<float>(cat), refCat, 0, 0);
    std::vector<double> refGather(12), refEmb(24), refCopy(12), refFill(10, fillValue);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 3; j++) refGather[i * 3 + j] = g[i * 5 + gidx[i * 3 + j]];
    for (int r = 0; r < 6; r++)
        for (int c = 0; c < 4; c++) refEmb[r * 4 + c] = table[eidx[r] * 4 + c];
    for (int i = 0; i < 12; i++) refCopy[i] = (float)src[i % 4];
    wrong += Compare("gather", Download<float>(gathered), refGather, 0, 0);
    wrong += Compare("embedding", Download<float>(emb), refEmb, 0, 0);
    wrong += Compare("inplace_copy", Download<float>(tdst), refCopy, 0, 0);
    wrong += Compare("inplace_fill_scalar", Download<int32_t>(tfill), refFill, 0, 0);

    CHECK_ACL(aclDestroyTensorList(list)); // destroys t1 and t2's tensors
    CHECK_ACL(aclrtFree(t1.dev));
    CHECK_ACL(aclrtFree(t2.dev));
    CHECK_ACL(aclDestroyScalar(fill));
    for (aclIntArray *a : {dims02, dims1, order}) CHECK_ACL(aclDestroyIntArray(a));
    for (DeviceTensor *t : {&tx, &txi, &sum, &isum, &mean, &perm, &cat, &tg, &tgi, &gathered, &tt, &tei, &emb, &tsrc,
                            &tdst, &tfill})
        FreeTensor(*t);
    StopRuntime(s);
    if (wrong != 0) {
        ERROR_LOG("%lld elements wrong", (long long)wrong);
        return 1;
    }
    INFO_LOG("run success");
    return 0;
}
