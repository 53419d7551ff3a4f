// The matrix products of the aclnn reference through their two phases on one stream: Mm (2-D),
// BatchMatMul (3-D, same batch), Matmul (torch.matmul: a 3-D operand times a 2-D one broadcasts
// the batch; a 1-D operand is a vector) and Addmm (beta * self + alpha * mat1 @ mat2, self a
// broadcast row). cubeMathType 0 keeps the inputs' float precision.
#include <cmath>
#include <vector>

#include "acl/acl.h"
#include "aclnn_helpers.h"
#include "aclnnop/aclnn_addmm.h"
#include "aclnnop/aclnn_batch_matmul.h"
#include "aclnnop/aclnn_matmul.h"
#include "aclnnop/aclnn_mm.h"

// Tolerance: the device sums K float products in some order; such a sum differs from the exact
// (double) one by at most about K * 2^-24 * sum |a*b|. With entries in [-1, 1] and K = 24 that is
// below 24 * 6e-8 * 24 = 3.5e-5; 5e-5 absolute holds for any summation order, and a wrong index
// or a missing term changes a result by ~0.1 or more.
static const double kAbs = 5e-5, kRel = 0;
static const int64_t B = 3, M = 5, K = 24, N = 7;

static std::vector<float> Values(int64_t n, float salt)
{
    std::vector<float> v(n);
    for (int64_t i = 0; i < n; i++) v[i] = std::sin(salt * (float)(i + 1)); // in [-1, 1]
    return v;
}

// C[b] = A[b] (M x K) times W[b or 0] (K x N), in double.
static std::vector<double> Product(const std::vector<float> &a, const std::vector<float> &w, int64_t batches,
                                   bool sharedW)
{
    std::vector<double> c(batches * M * N, 0.0);
    for (int64_t b = 0; b < batches; b++)
        for (int64_t i = 0; i < M; i++)
            for (int64_t j = 0; j < N; j++) {
                double acc = 0;
                const float *wb = w.data() + (sharedW ? 0 : b * K * N);
                for (int64_t k = 0; k < K; k++) acc += (double)a[(b * M + i) * K + k] * wb[k * N + j];
                c[(b * M + i) * N + j] = acc;
            }
    return c;
}

int main()
{
    OpStream s = StartRuntime();
    const std::vector<float> a = Values(B * M * K, 0.7f), w = Values(B * K * N, 1.3f), v = Values(K, 2.1f);
    const std::vector<float> bias = Values(N, 0.37f);
    DeviceTensor a2 = MakeTensor({M, K}, ACL_FLOAT, a.data()), w2 = MakeTensor({K, N}, ACL_FLOAT, w.data());
    DeviceTensor a3 = MakeTensor({B, M, K}, ACL_FLOAT, a.data()), w3 = MakeTensor({B, K, N}, ACL_FLOAT, w.data());
    DeviceTensor vec = MakeTensor({K}, ACL_FLOAT, v.data()), row = MakeTensor({N}, ACL_FLOAT, bias.data());
    DeviceTensor mm = MakeTensor({M, N}, ACL_FLOAT, nullptr), bmm = MakeTensor({B, M, N}, ACL_FLOAT, nullptr);
    DeviceTensor matmul3 = MakeTensor({B, M, N}, ACL_FLOAT, nullptr), matvec = MakeTensor({M}, ACL_FLOAT, nullptr);
    DeviceTensor addmm = MakeTensor({M, N}, ACL_FLOAT, nullptr);
    float betaValue = 0.5f, alphaValue = -2.0f;
    aclScalar *beta = aclCreateScalar(&betaValue, ACL_FLOAT), *alpha = aclCreateScalar(&alphaValue, ACL_FLOAT);
    EXPECT(beta && alpha);

    uint64_t ws = 0;
    aclOpExecutor *ex = nullptr;
    CHECK_ACL(aclnnMmGetWorkspaceSize(a2.tensor, w2.tensor, mm.tensor, 0, &ws, &ex));
    s.Launch("aclnnMm", ws, ex, aclnnMm);
    CHECK_ACL(aclnnBatchMatMulGetWorkspaceSize(a3.tensor, w3.tensor, bmm.tensor, 0, &ws, &ex));
    s.Launch("aclnnBatchMatMul", ws, ex, aclnnBatchMatMul);
    CHECK_ACL(aclnnMatmulGetWorkspaceSize(a3.tensor, w2.tensor, matmul3.tensor, 0, &ws, &ex));
    s.Launch("aclnnMatmul", ws, ex, aclnnMatmul);
    CHECK_ACL(aclnnMatmulGetWorkspaceSize(a2.tensor, vec.tensor, matvec.tensor, 0, &ws, &ex));
    s.Launch("aclnnMatmul", ws, ex, aclnnMatmul);
    CHECK_ACL(aclnnAddmmGetWorkspaceSize(row.tensor, a2.tensor, w2.tensor, beta, alpha, addmm.tensor, 0, &ws, &ex));
    s.Launch("aclnnAddmm", ws, ex, aclnnAddmm);
    s.Sync();

    const std::vector<double> ref2 = Product(a, w, 1, true), ref3 = Product(a, w, B, false);
    const std::vector<double> refShared = Product(a, w, B, true);
    std::vector<double> refVec(M, 0.0), refAddmm(M * N);
    for (int64_t i = 0; i < M; i++)
        for (int64_t k = 0; k < K; k++) refVec[i] += (double)a[i * K + k] * v[k];
    for (int64_t i = 0; i < M * N; i++) refAddmm[i] = betaValue * (double)bias[i % N] + alphaValue * ref2[i];
    int64_t wrong = 0;
    wrong += Compare("mm [5,24]x[24,7]", Download<float>(mm), ref2, kAbs, kRel);
    wrong += Compare("batch_matmul", Download<float>(bmm), ref3, kAbs, kRel);
    wrong += Compare("matmul [3,5,24]x[24,7]", Download<float>(matmul3), refShared, kAbs, kRel);
    wrong += Compare("matmul [5,24]x[24]", Download<float>(matvec), refVec, kAbs, kRel);
    // Addmm scales the product by 2: twice the product's error bound.
    wrong += Compare("addmm", Download<float>(addmm), refAddmm, 2 * kAbs, kRel);

    CHECK_ACL(aclDestroyScalar(beta));
    CHECK_ACL(aclDestroyScalar(alpha));
    for (DeviceTensor *t : {&a2, &w2, &a3, &w3, &vec, &row, &mm, &bmm, &matmul3, &matvec, &addmm}) FreeTensor(*t);
    StopRuntime(s);
    if (wrong != 0) {
        ERROR_LOG("%lld elements wrong", (long long)wrong);
        return 1;
    }
    INFO_LOG("run success");
    return 0;
}
