/* test_facade_types.cpp: value types of the C++ facade: AscendString, status and enum numbers,
 * ge::Shape / TensorDesc / Tensor copy semantics, operator attributes and prototypes. No device
 * is needed. */
#include "facade_test_util.h"

#include <map>
#include <set>
#include <unordered_map>
#include <vector>

#include "all_ops.h"
#include "graph/operator_factory.h"

using namespace ge;

static void test_ascend_string(void **state) {
    (void)state;
    std::map<AscendString, AscendString> options = {{"ge.exec.deviceId", "0"}, {"ge.graphRunMode", "1"}};
    assert_int_equal(options.size(), 2);
    assert_string_equal(options[AscendString("ge.graphRunMode")].GetString(), "1");
    const AscendString a("abc");
    const AscendString b = "abd";  // implicit from const char *
    assert_true(a < b && b > a && a <= a && a >= a && a != b);
    assert_true(a == AscendString("abc") && a == "abc" && a != "abd");
    assert_int_equal(a.GetLength(), 3);
    assert_int_equal(a.Find("bc"), 1);
    assert_int_equal(a.Find("x"), std::string::npos);
    const AscendString empty;
    assert_string_equal(empty.GetString(), "");
    assert_int_equal(empty.GetLength(), 0);
    assert_true(empty == "" && empty == AscendString(""));
    const AscendString null_name(nullptr);
    assert_true(null_name == empty);
    const AscendString with_nul("a\0b", 3);
    assert_int_equal(with_nul.GetLength(), 3);
    std::unordered_map<AscendString, int> h;
    h[AscendString("k")] = 7;
    assert_int_equal(h[AscendString("k")], 7);
    assert_int_equal(std::hash<AscendString>()(a), a.Hash());
    assert_int_equal(AscendString("abc").Hash(), a.Hash());
}

static void test_status_and_enum_values(void **state) {
    (void)state;
    static_assert(ge::SUCCESS == 0U, "SUCCESS");
    static_assert(ge::FAILED == 0xFFFFFFFFU, "FAILED");
    static_assert(ge::PARAM_INVALID == 50331649U, "PARAM_INVALID");
    assert_int_equal(GRAPH_SUCCESS, 0);
    assert_int_equal(GRAPH_FAILED, 0xFFFFFFFFU);
    assert_int_equal(GRAPH_PARAM_INVALID, 50331649U);
    assert_int_equal(ACL_ERROR_GE_PARAM_INVALID, 145000U);
    assert_string_equal(StatusFactory::Instance()->GetErrDesc(FAILED).c_str(), "failed");
    assert_int_equal(DT_FLOAT, 0);
    assert_int_equal(DT_FLOAT16, 1);
    assert_int_equal(DT_INT64, 9);
    assert_int_equal(DT_BOOL, 12);
    assert_int_equal(DT_BF16, 27);
    assert_int_equal(DT_UNDEFINED, 28);
    assert_int_equal(DT_HIFLOAT4, 42);
    assert_int_equal(FORMAT_NCHW, 0);
    assert_int_equal(FORMAT_NHWC, 1);
    assert_int_equal(FORMAT_ND, 2);
    assert_int_equal(FORMAT_HWCN, 16);
    assert_int_equal(FORMAT_NC, 35);
    assert_int_equal(FORMAT_RESERVED, 40);
    assert_int_equal(FORMAT_NCL, 47);
    assert_int_equal(FORMAT_END, 55);
    assert_int_equal(FORMAT_MAX, 0xff);
    assert_int_equal(kPlacementDevice, 1);
    assert_int_equal(static_cast<int>(MemoryType::MEMORY_TYPE_P2P), 1);
    assert_int_equal(TRAIN, 1);
    assert_string_equal(OPTION_EXEC_DEVICE_ID, "ge.exec.deviceId");
    assert_string_equal(OPTION_GRAPH_RUN_MODE, "ge.graphRunMode");
    assert_string_equal(PRECISION_MODE.c_str(), "ge.exec.precision_mode");
    assert_string_equal(GetFormatName(FORMAT_FRACTAL_NZ), "FRACTAL_NZ");
    assert_int_equal(GetSizeByDataType(DT_FLOAT16), 2);
    assert_int_equal(GetSizeByDataType(DT_INT4), kDataTypeSizeBitOffset + 4);
    assert_int_equal(GetSizeByDataType(DT_STRING), -1);
    assert_int_equal(GetSizeInBytes(3, DT_INT4), 2);
    assert_int_equal(GetSizeInBytes(6, DT_FLOAT), 24);
    assert_int_equal(GetSizeInBytes(6, DT_UNDEFINED), -1);
}

static void test_shape_desc_tensor(void **state) {
    (void)state;
    Shape s({2, 3, 4});
    assert_int_equal(s.GetDimNum(), 3);
    assert_int_equal(s.GetShapeSize(), 24);
    assert_int_equal(s.GetDim(7), 0);
    assert_int_equal(s.SetDim(7, 1), GRAPH_FAILED);
    assert_int_equal(Shape().GetShapeSize(), 0);  // CANN: a scalar's "shape size" is 0
    assert_int_equal(Shape({2, -1}).GetShapeSize(), UNKNOWN_DIM_SIZE);

    TensorDesc d(Shape({2, 2}), FORMAT_NCHW, DT_INT32);
    TensorDesc copy = d;  // deep
    copy.SetDataType(DT_FLOAT);
    assert_int_equal(d.GetDataType(), DT_INT32);
    assert_int_equal(d.GetFormat(), FORMAT_NCHW);
    assert_int_equal(d.GetOriginFormat(), FORMAT_NCHW);
    d.SetName("in0");
    AscendString name;
    assert_int_equal(d.GetName(name), GRAPH_SUCCESS);
    assert_string_equal(name.GetString(), "in0");

    int32_t values[4] = {1, 2, 3, 4};
    Tensor t(d, reinterpret_cast<const uint8_t *>(values), sizeof values);
    values[0] = 100;  // the tensor copied the bytes
    assert_int_equal(reinterpret_cast<const int32_t *>(t.GetData())[0], 1);
    assert_int_equal(t.IsValid(), GRAPH_SUCCESS);
    Tensor shallow = t;
    reinterpret_cast<int32_t *>(shallow.GetData())[1] = 20;
    assert_int_equal(reinterpret_cast<const int32_t *>(t.GetData())[1], 20);  // copies share
    Tensor deep = t.Clone();
    reinterpret_cast<int32_t *>(deep.GetData())[2] = 30;
    assert_int_equal(reinterpret_cast<const int32_t *>(t.GetData())[2], 3);
    assert_int_equal(t.SetData(std::vector<uint8_t>(3, 0)), GRAPH_SUCCESS);
    assert_int_equal(t.IsValid(), GRAPH_FAILED);  // 3 bytes for 4 int32
    assert_int_equal(shallow.GetSize(), 3);
    auto released = t.ResetData();
    assert_non_null(released.get());
    assert_int_equal(t.GetSize(), 0);
    assert_int_equal(t.SetData("text"), GRAPH_SUCCESS);
    assert_int_equal(t.GetSize(), sizeof(StringHead) + 5);
}

static void test_operator_attributes(void **state) {
    (void)state;
    Operator op("n1", "Custom");
    op.SetAttr("i64", static_cast<int64_t>(5)).SetAttr("i32", 6).SetAttr("u32", 7U);
    op.SetAttr("f", 1.5f).SetAttr("b", true).SetAttr("s", "text").SetAttr("as", AscendString("asc"));
    op.SetAttr("li", {1, 2, 3}).SetAttr("li32", std::vector<int32_t>{4, 5}).SetAttr("lf", std::vector<float>{0.5f});
    op.SetAttr("lb", std::vector<bool>{true, false}).SetAttr("dt", DT_FLOAT16);
    op.SetAttr("ls", std::vector<AscendString>{"a", "b"});
    Tensor value(TensorDesc(Shape({1}), FORMAT_ND, DT_FLOAT));
    op.SetAttr("t", value);
    int64_t i64 = 0;
    int32_t i32 = 0;
    uint32_t u32 = 0;
    float f = 0;
    bool b = false;
    AscendString s;
    std::string str;
    std::vector<int64_t> li;
    std::vector<int32_t> li32;
    std::vector<float> lf;
    std::vector<bool> lb;
    std::vector<AscendString> ls;
    DataType dt = DT_UNDEFINED;
    Tensor t;
    assert_int_equal(op.GetAttr("i64", i64), GRAPH_SUCCESS);
    assert_int_equal(op.GetAttr("i32", i32), GRAPH_SUCCESS);
    assert_int_equal(op.GetAttr("u32", u32), GRAPH_SUCCESS);
    assert_true(i64 == 5 && i32 == 6 && u32 == 7);
    assert_int_equal(op.GetAttr("f", f), GRAPH_SUCCESS);
    assert_true(f == 1.5f);
    assert_int_equal(op.GetAttr("b", b), GRAPH_SUCCESS);
    assert_true(b);
    assert_int_equal(op.GetAttr("s", s), GRAPH_SUCCESS);
    assert_string_equal(s.GetString(), "text");
    assert_int_equal(op.GetAttr(std::string("as"), str), GRAPH_SUCCESS);
    assert_string_equal(str.c_str(), "asc");
    assert_int_equal(op.GetAttr("li", li), GRAPH_SUCCESS);
    assert_true(li == std::vector<int64_t>({1, 2, 3}));
    assert_int_equal(op.GetAttr("li32", li32), GRAPH_SUCCESS);
    assert_true(li32 == std::vector<int32_t>({4, 5}));
    assert_int_equal(op.GetAttr("lf", lf), GRAPH_SUCCESS);
    assert_int_equal(op.GetAttr("lb", lb), GRAPH_SUCCESS);
    assert_true(lb == std::vector<bool>({true, false}));
    assert_int_equal(op.GetAttr("ls", ls), GRAPH_SUCCESS);
    assert_int_equal(ls.size(), 2);
    assert_int_equal(op.GetAttr("dt", dt), GRAPH_SUCCESS);
    assert_int_equal(dt, DT_FLOAT16);
    assert_int_equal(op.GetAttr("t", t), GRAPH_SUCCESS);
    assert_int_equal(t.GetTensorDesc().GetShape().GetDim(0), 1);
    assert_int_equal(op.GetAttr("missing", i64), GRAPH_FAILED);
    assert_int_equal(op.GetAttr("f", i64), GRAPH_FAILED);  // wrong kind
    std::map<AscendString, AscendString> types;
    assert_int_equal(op.GetAllAttrNamesAndTypes(types), GRAPH_SUCCESS);
    assert_string_equal(types[AscendString("li")].GetString(), "VT_LIST_INT");
    assert_string_equal(types[AscendString("s")].GetString(), "VT_STRING");
}

static void test_prototype_members(void **state) {
    (void)state;
    op::Conv2D conv("conv");
    AscendString name;
    assert_int_equal(conv.GetName(name), GRAPH_SUCCESS);
    assert_string_equal(name.GetString(), "conv");
    assert_int_equal(conv.GetOpType(name), GRAPH_SUCCESS);
    assert_string_equal(name.GetString(), "Conv2D");
    assert_int_equal(conv.GetInputsSize(), 4);
    assert_int_equal(conv.GetOutputsSize(), 1);
    // defaults come from the prototype
    assert_int_equal(conv.get_attr_groups(), 1);
    assert_string_equal(conv.get_attr_data_format().c_str(), "NHWC");
    assert_true(conv.get_attr_dilations() == std::vector<int64_t>({1, 1, 1, 1}));
    conv.set_attr_data_format("NCHW").set_attr_strides({1, 1, 2, 2}).set_attr_groups(2);
    AscendString format;
    assert_int_equal(conv.get_attr_data_format(format), GRAPH_SUCCESS);
    assert_string_equal(format.GetString(), "NCHW");
    std::vector<int64_t> strides = conv.get_attr_strides();
    assert_int_equal(strides[3], 2);
    conv.name_attr_groups(name);
    assert_string_equal(name.GetString(), "groups");
    conv.name_in_filter(name);
    assert_string_equal(name.GetString(), "filter");
    op::Relu::name_out_y(name);
    assert_string_equal(name.GetString(), "y");
    assert_int_equal(conv.VerifyAllAttr(), GRAPH_FAILED);  // pads (REQUIRED_ATTR) unset
    conv.set_attr_pads({0, 0, 0, 0});
    assert_int_equal(conv.VerifyAllAttr(), GRAPH_SUCCESS);
    std::map<AscendString, AscendString> ir;
    assert_int_equal(conv.GetAllIrAttrNamesAndTypes(ir), GRAPH_SUCCESS);
    assert_int_equal(ir.size(), 6);
    assert_string_equal(ir[AscendString("pads")].GetString(), "VT_LIST_INT");

    op::ConcatV2 concat;  // default name "ConcatV2_<n>"
    assert_int_equal(concat.GetName(name), GRAPH_SUCCESS);
    assert_int_equal(std::strncmp(name.GetString(), "ConcatV2_", 9), 0);
    assert_int_equal(concat.GetInputsSize(), 1);  // concat_dim; x has no instances yet
    concat.create_dynamic_input_x(3);
    assert_int_equal(concat.GetDynamicInputNum("x"), 3);
    assert_int_equal(concat.GetInputsSize(), 4);
    TensorDesc d(Shape({2}), FORMAT_ND, DT_FLOAT);
    assert_int_equal(concat.update_dynamic_input_desc_x(1, d), GRAPH_SUCCESS);
    assert_int_equal(concat.get_dynamic_input_desc_x(1).GetShape().GetDim(0), 2);
    assert_int_equal(concat.GetInputDesc(1).GetShape().GetDim(0), 2);  // x0, x1, x2, concat_dim

    op::Cast cast("cast");
    cast.set_attr_dst_type(DT_FLOAT16);
    assert_int_equal(cast.get_attr_dst_type(), DT_FLOAT16);
    op::SoftmaxV2 softmax("sm");
    assert_true(softmax.get_attr_axes() == std::vector<int64_t>({-1}));
    op::Exp exp_op("exp");
    assert_true(exp_op.get_attr_base() == -1.0f);
    op::BatchMatMul bmm("bmm");
    assert_false(bmm.set_attr_adj_x1(true).get_attr_adj_x2());
    assert_true(bmm.get_attr_adj_x1());
}

static void test_operator_factory(void **state) {
    (void)state;
    assert_true(OperatorFactory::IsExistOp("Conv2D"));
    assert_false(OperatorFactory::IsExistOp("NoSuchOp"));
    Operator made = OperatorFactory::CreateOperator("m", "MaxPoolV3");
    assert_false(made.IsEmpty());
    assert_int_equal(made.GetInputsSize(), 1);
    int64_t unused = 0;
    assert_int_equal(made.GetAttr("ceil_mode", unused), GRAPH_FAILED);  // a Bool, not an Int
    bool ceil_mode = true;
    assert_int_equal(made.GetAttr("ceil_mode", ceil_mode), GRAPH_SUCCESS);
    assert_false(ceil_mode);
    assert_true(OperatorFactory::CreateOperator("x", "NoSuchOp").IsEmpty());
    FT_MSG_HAS("NoSuchOp");
    std::vector<AscendString> types;
    assert_int_equal(OperatorFactory::GetOpsTypeList(types), GRAPH_SUCCESS);
    assert_true(types.size() >= 40);
    std::vector<std::pair<AscendString, AscendString>> in, out, attrs;
    FT_OK(GetRegisteredIrDef("ConcatV2", in, out, attrs));
    assert_int_equal(in.size(), 2);
    assert_string_equal(in[0].first.GetString(), "x");
    assert_string_equal(in[0].second.GetString(), "dynamic");
    assert_string_equal(in[1].second.GetString(), "required");
    assert_int_equal(attrs.size(), 1);
}

int main(void) {
    ft_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascend_string),     cmocka_unit_test(test_status_and_enum_values),
        cmocka_unit_test(test_shape_desc_tensor), cmocka_unit_test(test_operator_attributes),
        cmocka_unit_test(test_prototype_members), cmocka_unit_test(test_operator_factory),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
