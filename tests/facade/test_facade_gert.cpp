/* test_facade_gert.cpp: gert::Tensor and its parts: CANN's layout (sizes of the standard-layout
 * structs), move-only ownership, the address-manager protocol, kFollowing tensors, shapes and
 * expand-dims rules. No device is needed. */
#include "facade_test_util.h"

#include <type_traits>
#include <utility>
#include <vector>

#include "exe_graph/runtime/tensor.h"

namespace {
struct ManagerLog {
    int get = 0;
    int freed = 0;
    int shared = 0;
};
ManagerLog g_log;
int g_payload[4] = {1, 2, 3, 4};

ge::graphStatus TestManager(gert::TensorAddress addr, gert::TensorOperateType op, void **out) {
    switch (op) {
    case gert::kGetTensorAddress:
        ++g_log.get;
        *out = static_cast<int *>(addr) + 1;  // the handle is not the data: prove GetAddr asks
        return ge::GRAPH_SUCCESS;
    case gert::kFreeTensor: ++g_log.freed; return ge::GRAPH_SUCCESS;
    case gert::kPlusShareCount: ++g_log.shared; return ge::GRAPH_SUCCESS;
    default: return ge::GRAPH_FAILED;
    }
}

gert::Tensor HostTensor(void *data) {
    return gert::Tensor(gert::StorageShape({2, 3}, {2, 3}), gert::StorageFormat(ge::FORMAT_ND, ge::FORMAT_ND, {}),
                        gert::kOnHost, ge::DT_FLOAT, data);
}
}  // namespace

static void test_layout(void **state) {
    (void)state;
    static_assert(std::is_standard_layout<gert::Tensor>::value, "standard layout");
    static_assert(!std::is_copy_constructible<gert::Tensor>::value, "move-only");
    static_assert(std::is_move_constructible<gert::Tensor>::value, "movable");
    static_assert(!std::is_copy_constructible<gert::TensorData>::value, "move-only");
    static_assert(gert::Shape::kMaxDimNum == 25, "kMaxDimNum");
    static_assert(gert::kOnDeviceHbm == 0 && gert::kOnHost == 1 && gert::kFollowing == 2 && gert::kOnDeviceP2p == 3,
                  "placements");
    static_assert(gert::kGetTensorAddress == 0 && gert::kFreeTensor == 1 && gert::kPlusShareCount == 2, "ops");
    if (sizeof(void *) == 8) {  // CANN's sizes on LP64
        assert_int_equal(sizeof(gert::Shape), 248);
        assert_int_equal(sizeof(gert::StorageShape), 536);
        assert_int_equal(sizeof(gert::ExpandDimsType), 48);
        assert_int_equal(sizeof(gert::StorageFormat), 96);
        assert_int_equal(sizeof(gert::TensorData), 72);
        assert_int_equal(sizeof(gert::Tensor), 752);
    }
}

static void test_construct_and_move(void **state) {
    (void)state;
    float buf[6] = {0};
    std::vector<gert::Tensor> v;
    v.emplace_back(gert::StorageShape({2, 3}, {2, 3}), gert::StorageFormat(ge::FORMAT_NCHW, ge::FORMAT_NCHW, {}),
                   gert::kOnDeviceHbm, ge::DT_FLOAT, buf, nullptr);
    gert::Tensor t = HostTensor(buf);
    assert_int_equal(t.GetSize(), 24);
    assert_int_equal(t.GetShapeSize(), 6);
    assert_ptr_equal(t.GetData<float>(), buf);
    assert_int_equal(t.GetStorageShape().GetDim(1), 3);
    assert_int_equal(t.GetPlacement(), gert::kOnHost);
    v.push_back(std::move(t));
    assert_null(t.GetAddr());  // NOLINT: moved-from tensors hold nothing
    assert_int_equal(t.GetSize(), 0);
    assert_ptr_equal(v[1].GetAddr(), buf);
    assert_int_equal(v[0].GetStorageFormat(), ge::FORMAT_NCHW);

    gert::Tensor empty;
    assert_null(empty.GetAddr());
    assert_int_equal(empty.GetDataType(), ge::DT_UNDEFINED);
    gert::TensorData td(buf, nullptr, sizeof buf, gert::kOnDeviceHbm);
    empty.SetData(std::move(td));
    assert_ptr_equal(empty.GetAddr(), buf);
    assert_int_equal(empty.GetPlacement(), gert::kOnDeviceHbm);
}

static void test_manager_protocol(void **state) {
    (void)state;
    g_log = ManagerLog();
    {
        gert::Tensor t(gert::StorageShape({3}, {3}), gert::StorageFormat(ge::FORMAT_ND, ge::FORMAT_ND, {}),
                       gert::kOnHost, ge::DT_INT32, g_payload, &TestManager);
        assert_ptr_equal(t.GetAddr(), g_payload + 1);
        assert_int_equal(g_log.get, 1);
        gert::Tensor moved(std::move(t));
        assert_int_equal(g_log.freed, 0);  // a move hands the memory over
        gert::TensorData other;
        assert_int_equal(other.ShareFrom(moved.GetTensorData()), ge::GRAPH_SUCCESS);
        assert_int_equal(g_log.shared, 1);
        assert_true(other.IsSharedWith(moved.GetTensorData()));
        gert::TensorAddrManager m = nullptr;
        gert::TensorData released;
        assert_int_equal(released.ShareFrom(moved.GetTensorData()), ge::GRAPH_SUCCESS);
        assert_ptr_equal(released.Release(m), g_payload);
        assert_ptr_equal(reinterpret_cast<void *>(m), reinterpret_cast<void *>(&TestManager));
        assert_int_equal(g_log.freed, 0);
    }
    assert_int_equal(g_log.freed, 2);  // `moved` and `other`; `released` gave its reference up
    gert::TensorData assigned(g_payload, &TestManager, 12, gert::kOnHost);
    assigned = gert::TensorData(nullptr, nullptr);  // assignment frees what was held
    assert_int_equal(g_log.freed, 3);
}

static void test_following(void **state) {
    (void)state;
    size_t total = 0;
    std::unique_ptr<uint8_t[]> holder = gert::Tensor::CreateFollowing(6, ge::DT_FLOAT, total);
    assert_non_null(holder.get());
    assert_int_equal(total, sizeof(gert::Tensor) + 24);
    gert::Tensor *t = reinterpret_cast<gert::Tensor *>(holder.get());
    assert_int_equal(t->GetPlacement(), gert::kFollowing);
    assert_ptr_equal(t->GetAddr(), holder.get() + sizeof(gert::Tensor));
    assert_int_equal(t->GetSize(), 24);
    assert_int_equal(t->GetDataType(), ge::DT_FLOAT);
}

static void test_shapes(void **state) {
    (void)state;
    gert::Shape s({2, 3, 4});
    assert_int_equal(s.GetShapeSize(), 24);
    assert_false(s.IsScalar());
    assert_int_equal(gert::Shape().GetShapeSize(), 1);  // a scalar has one element
    gert::Shape big;
    for (int i = 0; i < 30; ++i) big.AppendDim(1);
    assert_int_equal(big.GetDimNum(), gert::Shape::kMaxDimNum);
    assert_int_equal(big.GetDim(40), gert::Shape::kInvalidDimValue);
    gert::Shape overflow({INT64_MAX, 2});
    assert_int_equal(overflow.GetShapeSize(), gert::Shape::kInvalidDimValue);
    assert_true(gert::Shape({1, 2}) == gert::Shape({1, 2}) && gert::Shape({1, 2}) != gert::Shape({2, 1}));

    gert::StorageShape ss({1, 2}, {1, 2, 1});
    assert_int_equal(ss.GetOriginShape().GetDimNum(), 2);
    assert_int_equal(ss.GetStorageShape().GetDimNum(), 3);

    gert::ExpandDimsType rule("0110");
    gert::Shape out;
    assert_int_equal(rule.Expand(gert::Shape({2, 2}), out), ge::GRAPH_SUCCESS);
    assert_true(out == gert::Shape({2, 1, 1, 2}));
    assert_true(rule.IsExpandIndex(1) && !rule.IsExpandIndex(0));
    assert_int_equal(rule.GetFullSize(), 4);
}

int main(void) {
    ft_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),           cmocka_unit_test(test_construct_and_move),
        cmocka_unit_test(test_manager_protocol), cmocka_unit_test(test_following),
        cmocka_unit_test(test_shapes),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
