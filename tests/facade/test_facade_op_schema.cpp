/* test_facade_op_schema.cpp: CANN's REG_OP prototypes (include/ops, all_ops.h) and gecl's own op
 * schema (src/graph/op_table.h and op_attrs.h, through gecl_op_schema_*) describe the same ops:
 * every op gecl compiles has a prototype, and each prototype attribute has gecl's name, type,
 * requiredness and default. A default written differently in the two places fails here. */
#include "facade_test_util.h"

#include <map>
#include <set>
#include <vector>

#include "all_ops.h"
#include "gecl/gecl.h"
#include "graph/operator_factory.h"

using namespace ge;

/* Attributes gecl reads that CANN's prototype lacks, each with why. */
static bool gecl_only(const std::string &op, const std::string &attr) {
    return (op == "Reshape" && attr == "allowzero")  /* set by CANN's ONNX parser from the node */
           || (op == "Conv2D" && attr == "padding"); /* TensorFlow's SAME/VALID, as CANN's TF parser sets */
}

/* Prototype attributes gecl makes optional: Conv2D's pads are implied by padding SAME/VALID. */
static bool relaxed(const std::string &op, const std::string &attr) { return op == "Conv2D" && attr == "pads"; }

static std::vector<std::string> split_list(const std::string &text) {
    std::vector<std::string> out;
    for (size_t at = 0; at < text.size();) {
        const size_t comma = text.find(',', at);
        const size_t end = comma == std::string::npos ? text.size() : comma;
        out.push_back(text.substr(at, end - at));
        at = end + 1;
    }
    return out;
}

/* The prototype's default of `a` equals gecl's, read with the type gecl declares. */
static bool same_default(const Operator &op, const gecl_op_attr_info &a, std::string &got) {
    const std::string type = a.type, want = a.default_value;
    if (type == "Int") {
        int64_t v = 0;
        if (op.GetAttr(a.name, v) != GRAPH_SUCCESS) return false;
        got = std::to_string(v);
        return v == std::stoll(want);
    }
    if (type == "Bool") {
        bool v = false;
        if (op.GetAttr(a.name, v) != GRAPH_SUCCESS) return false;
        got = v ? "1" : "0";
        return v == (std::stoll(want) != 0);
    }
    if (type == "Float") {
        float v = 0;
        if (op.GetAttr(a.name, v) != GRAPH_SUCCESS) return false;
        got = std::to_string(v);
        return v == std::stof(want);
    }
    if (type == "String") {
        std::string v;
        if (op.GetAttr(a.name, v) != GRAPH_SUCCESS) return false;
        got = v;
        return v == want;
    }
    if (type == "ListInt") {
        std::vector<int64_t> v;
        if (op.GetAttr(a.name, v) != GRAPH_SUCCESS) return false;
        const std::vector<std::string> w = split_list(want);
        got.clear();
        for (int64_t x : v) got += std::to_string(x) + ",";
        if (v.size() != w.size()) return false;
        for (size_t i = 0; i < v.size(); i++)
            if (v[i] != std::stoll(w[i])) return false;
        return true;
    }
    got = "(type " + type + " not compared)";
    return false;
}

static void test_every_op_has_a_prototype(void **state) {
    (void)state;
    int missing = 0;
    for (size_t i = 0; i < gecl_op_count(); i++) {
        gecl_op_schema s;
        assert_int_equal(gecl_op_schema_at(i, &s), GECL_SUCCESS);
        if (!OperatorFactory::IsExistOp(s.type)) {
            print_error("op %s: gecl compiles it but no REG_OP prototype declares it\n", s.type);
            missing++;
        }
    }
    assert_int_equal(missing, 0);
}

/* One op: prototype attributes against gecl's; returns the number of disagreements. */
static int compare_op(const gecl_op_schema &s) {
    Operator op = OperatorFactory::CreateOperator((std::string("probe_") + s.type).c_str(), s.type);
    std::map<AscendString, AscendString> proto;
    std::map<AscendString, AscendString> set;
    if (op.GetAllIrAttrNamesAndTypes(proto) != GRAPH_SUCCESS || op.GetAllAttrNamesAndTypes(set) != GRAPH_SUCCESS) return 1;
    std::set<std::string> seen;
    int bad = 0;
    for (size_t k = 0; k < s.n_attrs; k++) {
        gecl_op_attr_info a;
        if (gecl_op_attr_at(s.type, k, &a) != GECL_SUCCESS) return bad + 1;
        seen.insert(a.name);
        const auto it = proto.find(AscendString(a.name));
        if (it == proto.end()) {
            if (!gecl_only(s.type, a.name)) print_error("%s.%s: in gecl's schema, not in REG_OP\n", s.type, a.name);
            bad += !gecl_only(s.type, a.name);
            continue;
        }
        const std::string vt = gecl_detail::IrTypeName(a.type);
        if (vt != it->second.GetString()) {
            print_error("%s.%s: gecl says %s (%s), REG_OP %s\n", s.type, a.name, a.type, vt.c_str(),
                        it->second.GetString());
            bad++;
        }
        /* A fresh operator holds every ATTR's default; a REQUIRED_ATTR is declared but unset. */
        const bool proto_required = set.find(AscendString(a.name)) == set.end();
        if (proto_required != (a.required != 0) && !(proto_required && relaxed(s.type, a.name))) {
            print_error("%s.%s: required in %s only\n", s.type, a.name, proto_required ? "REG_OP" : "gecl");
            bad++;
        }
        std::string got;
        if (!a.required && !proto_required && !same_default(op, a, got)) {
            print_error("%s.%s: default %s in gecl, %s in REG_OP\n", s.type, a.name, a.default_value, got.c_str());
            bad++;
        }
    }
    for (const auto &p : proto) {
        const std::string name = p.first.GetString(), vt = p.second.GetString();
        if (seen.count(name) || vt == "VT_TENSOR") continue; /* Const's value is the node's data */
        print_error("%s.%s: REG_OP declares it (%s), gecl's schema does not\n", s.type, name.c_str(), vt.c_str());
        bad++;
    }
    return bad;
}

static void test_prototype_attributes_match(void **state) {
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < gecl_op_count(); i++) {
        gecl_op_schema s;
        assert_int_equal(gecl_op_schema_at(i, &s), GECL_SUCCESS);
        if (OperatorFactory::IsExistOp(s.type)) bad += compare_op(s);
    }
    assert_int_equal(bad, 0);
}

static void test_schema_api_errors(void **state) {
    (void)state;
    gecl_op_schema s;
    gecl_op_attr_info a;
    assert_int_equal(gecl_op_schema_at(gecl_op_count(), &s), GECL_PARAM_INVALID);
    assert_int_equal(gecl_op_schema_at(0, nullptr), GECL_PARAM_INVALID);
    assert_int_equal(gecl_op_schema_get("NoSuchOp", &s), GECL_PARAM_INVALID);
    assert_non_null(strstr(gecl_last_error(), "NoSuchOp"));
    assert_int_equal(gecl_op_schema_get(nullptr, &s), GECL_PARAM_INVALID);
    assert_int_equal(gecl_op_schema_get("Conv2D", &s), GECL_SUCCESS);
    assert_string_equal(s.kind, "anchor");
    assert_int_equal(s.dtypes, 1ull << GECL_DT_FLOAT);
    assert_int_equal(gecl_op_attr_at("Conv2D", s.n_attrs, &a), GECL_PARAM_INVALID);
    assert_int_equal(gecl_op_attr_at("Conv2D", 0, nullptr), GECL_PARAM_INVALID);
    assert_int_equal(gecl_op_attr_at("Conv2D", 0, &a), GECL_SUCCESS);
    assert_string_equal(a.name, "strides");
    assert_true(a.required);
}

int main(void) {
    ft_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_op_has_a_prototype),
        cmocka_unit_test(test_prototype_attributes_match),
        cmocka_unit_test(test_schema_api_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
