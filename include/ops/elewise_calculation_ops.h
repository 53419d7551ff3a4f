/*
 * elewise_calculation_ops.h: prototypes of the elementwise operators gecl runs (subset of
 * CANN's header of the same name). Binary operators broadcast numpy-style.
 */
#ifndef GECL_OPS_ELEWISE_CALCULATION_OPS_H_
#define GECL_OPS_ELEWISE_CALCULATION_OPS_H_

#include "graph/operator.h"
#include "graph/operator_reg.h"

namespace ge {
GECL_PROTO_BEGIN
#ifndef OPS_PROTO_DEF_ADD
#define OPS_PROTO_DEF_ADD
REG_OP(Add)
    .INPUT(x1, TensorType({DT_FLOAT, DT_INT32, DT_INT64, DT_FLOAT16, DT_BF16, DT_INT16, DT_INT8, DT_UINT8,
                           DT_DOUBLE, DT_COMPLEX128, DT_COMPLEX64, DT_STRING}))
    .INPUT(x2, TensorType({DT_FLOAT, DT_INT32, DT_INT64, DT_FLOAT16, DT_BF16, DT_INT16, DT_INT8, DT_UINT8,
                           DT_DOUBLE, DT_COMPLEX128, DT_COMPLEX64, DT_STRING}))
    .OUTPUT(y, TensorType({DT_FLOAT, DT_INT32, DT_INT64, DT_FLOAT16, DT_BF16, DT_INT16, DT_INT8, DT_UINT8,
                           DT_DOUBLE, DT_COMPLEX128, DT_COMPLEX64, DT_STRING}))
    .OP_END_FACTORY_REG(Add)
#endif

#ifndef OPS_PROTO_DEF_SUB
#define OPS_PROTO_DEF_SUB
REG_OP(Sub)
    .INPUT(x1, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_UINT8, DT_INT8, DT_UINT16, DT_INT16, DT_INT32,
                           DT_INT64, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .INPUT(x2, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_UINT8, DT_INT8, DT_UINT16, DT_INT16, DT_INT32,
                           DT_INT64, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_UINT8, DT_INT8, DT_UINT16, DT_INT16, DT_INT32,
                           DT_INT64, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .OP_END_FACTORY_REG(Sub)
#endif

/* The output type is the promotion of the two input types. */
#ifndef OPS_PROTO_DEF_MUL
#define OPS_PROTO_DEF_MUL
REG_OP(Mul)
    .INPUT(x1, "T1")
    .INPUT(x2, "T2")
    .OUTPUT(y, "T3")
    .DATATYPE(T1, TensorType({DT_BOOL, DT_FLOAT16, DT_FLOAT, DT_DOUBLE, DT_UINT8, DT_INT8, DT_UINT16, DT_INT16,
                              DT_INT32, DT_INT64, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .DATATYPE(T2, TensorType({DT_BOOL, DT_FLOAT16, DT_FLOAT, DT_DOUBLE, DT_UINT8, DT_INT8, DT_UINT16, DT_INT16,
                              DT_INT32, DT_INT64, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .DATATYPE(T3, Promote({"T1", "T2"}))
    .OP_END_FACTORY_REG(Mul)
#endif

#ifndef OPS_PROTO_DEF_REALDIV
#define OPS_PROTO_DEF_REALDIV
REG_OP(RealDiv)
    .INPUT(x1, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_UINT8, DT_INT8, DT_UINT16, DT_INT16, DT_INT32,
                           DT_INT64, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .INPUT(x2, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_UINT8, DT_INT8, DT_UINT16, DT_INT16, DT_INT32,
                           DT_INT64, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_UINT8, DT_INT8, DT_UINT16, DT_INT16, DT_INT32,
                           DT_INT64, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .OP_END_FACTORY_REG(RealDiv)
#endif

#ifndef OPS_PROTO_DEF_DIV
#define OPS_PROTO_DEF_DIV
REG_OP(Div)
    .INPUT(x1, TensorType({DT_FLOAT, DT_FLOAT16, DT_INT8, DT_UINT8, DT_INT32, DT_DOUBLE, DT_INT64, DT_UINT16,
                           DT_INT16, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .INPUT(x2, TensorType({DT_FLOAT, DT_FLOAT16, DT_INT8, DT_UINT8, DT_INT32, DT_DOUBLE, DT_INT64, DT_UINT16,
                           DT_INT16, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT, DT_FLOAT16, DT_INT8, DT_UINT8, DT_INT32, DT_DOUBLE, DT_INT64, DT_UINT16,
                           DT_INT16, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .OP_END_FACTORY_REG(Div)
#endif

#ifndef OPS_PROTO_DEF_MAXIMUM
#define OPS_PROTO_DEF_MAXIMUM
REG_OP(Maximum)
    .INPUT(x1, TensorType({DT_FLOAT16, DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_BF16}))
    .INPUT(x2, TensorType({DT_FLOAT16, DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_BF16}))
    .OP_END_FACTORY_REG(Maximum)
#endif

#ifndef OPS_PROTO_DEF_MINIMUM
#define OPS_PROTO_DEF_MINIMUM
REG_OP(Minimum)
    .INPUT(x1, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_INT32, DT_INT64, DT_BF16}))
    .INPUT(x2, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_INT32, DT_INT64, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_INT32, DT_INT64, DT_BF16}))
    .OP_END_FACTORY_REG(Minimum)
#endif

#ifndef OPS_PROTO_DEF_POW
#define OPS_PROTO_DEF_POW
REG_OP(Pow)
    .INPUT(x1, TensorType({DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_INT8, DT_UINT8, DT_INT16, DT_FLOAT16,
                           DT_BF16, DT_COMPLEX64, DT_COMPLEX128}))
    .INPUT(x2, TensorType({DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_INT8, DT_UINT8, DT_INT16, DT_FLOAT16,
                           DT_BF16, DT_COMPLEX64, DT_COMPLEX128}))
    .OUTPUT(y, TensorType({DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_INT8, DT_UINT8, DT_INT16, DT_FLOAT16,
                           DT_BF16, DT_COMPLEX64, DT_COMPLEX128}))
    .OP_END_FACTORY_REG(Pow)
#endif

/* x + bias along the channel axis that data_format names ("NHWC": last, "NCHW": axis 1). */
#ifndef OPS_PROTO_DEF_BIASADD
#define OPS_PROTO_DEF_BIASADD
REG_OP(BiasAdd)
    .INPUT(x, TensorType::NumberType())
    .INPUT(bias, TensorType::NumberType())
    .OUTPUT(y, TensorType::NumberType())
    .ATTR(data_format, String, "NHWC")
    .OP_END_FACTORY_REG(BiasAdd)
#endif

/* dst_type is a ge::DataType value. */
#ifndef OPS_PROTO_DEF_CAST
#define OPS_PROTO_DEF_CAST
REG_OP(Cast)
    .INPUT(x, TensorType({DT_BOOL, DT_FLOAT16, DT_FLOAT, DT_INT8, DT_INT32, DT_UINT32, DT_UINT8, DT_INT64,
                          DT_UINT64, DT_INT16, DT_UINT16, DT_DOUBLE, DT_COMPLEX64, DT_COMPLEX128, DT_QINT8,
                          DT_QUINT8, DT_QINT16, DT_QUINT16, DT_QINT32, DT_BF16}))
    .OUTPUT(y, TensorType({DT_BOOL, DT_FLOAT16, DT_FLOAT, DT_INT8, DT_INT32, DT_UINT32, DT_UINT8, DT_INT64,
                           DT_UINT64, DT_INT16, DT_UINT16, DT_DOUBLE, DT_COMPLEX64, DT_COMPLEX128, DT_QINT8,
                           DT_QUINT8, DT_QINT16, DT_QUINT16, DT_QINT32, DT_BF16}))
    .REQUIRED_ATTR(dst_type, Int)
    .OP_END_FACTORY_REG(Cast)
#endif

#ifndef OPS_PROTO_DEF_ABS
#define OPS_PROTO_DEF_ABS
REG_OP(Abs)
    .INPUT(x, TensorType({DT_FLOAT16, DT_FLOAT, DT_DOUBLE, DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT, DT_DOUBLE, DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_BF16}))
    .OP_END_FACTORY_REG(Abs)
#endif

#ifndef OPS_PROTO_DEF_NEG
#define OPS_PROTO_DEF_NEG
REG_OP(Neg)
    .INPUT(x, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_INT8, DT_INT32, DT_INT64, DT_COMPLEX64,
                          DT_COMPLEX128, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_INT8, DT_INT32, DT_INT64, DT_COMPLEX64,
                           DT_COMPLEX128, DT_BF16}))
    .OP_END_FACTORY_REG(Neg)
#endif

#ifndef OPS_PROTO_DEF_SQUARE
#define OPS_PROTO_DEF_SQUARE
REG_OP(Square)
    .INPUT(x, TensorType({DT_DOUBLE, DT_FLOAT16, DT_FLOAT, DT_INT32, DT_INT64, DT_COMPLEX64, DT_COMPLEX128,
                          DT_BF16}))
    .OUTPUT(y, TensorType({DT_DOUBLE, DT_FLOAT16, DT_FLOAT, DT_INT32, DT_INT64, DT_COMPLEX64, DT_COMPLEX128,
                           DT_BF16}))
    .OP_END_FACTORY_REG(Square)
#endif

#ifndef OPS_PROTO_DEF_RECIPROCAL
#define OPS_PROTO_DEF_RECIPROCAL
REG_OP(Reciprocal)
    .INPUT(x, TensorType({DT_FLOAT, DT_DOUBLE, DT_FLOAT16, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT, DT_DOUBLE, DT_FLOAT16, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .OP_END_FACTORY_REG(Reciprocal)
#endif

#ifndef OPS_PROTO_DEF_FLOOR
#define OPS_PROTO_DEF_FLOOR
REG_OP(Floor)
    .INPUT(x, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_BF16}))
    .OP_END_FACTORY_REG(Floor)
#endif

#ifndef OPS_PROTO_DEF_CEIL
#define OPS_PROTO_DEF_CEIL
REG_OP(Ceil)
    .INPUT(x, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_BF16}))
    .OP_END_FACTORY_REG(Ceil)
#endif

/* y = base^(scale * x + shift); base -1 means e. */
#ifndef OPS_PROTO_DEF_EXP
#define OPS_PROTO_DEF_EXP
REG_OP(Exp)
    .INPUT(x, TensorType::UnaryDataType())
    .OUTPUT(y, TensorType::UnaryDataType())
    .ATTR(base, Float, -1.0)
    .ATTR(scale, Float, 1.0)
    .ATTR(shift, Float, 0.0)
    .OP_END_FACTORY_REG(Exp)
#endif

/* y = log_base(scale * x + shift); base -1 means e. */
#ifndef OPS_PROTO_DEF_LOG
#define OPS_PROTO_DEF_LOG
REG_OP(Log)
    .INPUT(x, TensorType::UnaryDataType())
    .OUTPUT(y, TensorType::UnaryDataType())
    .ATTR(base, Float, -1.0)
    .ATTR(scale, Float, 1.0)
    .ATTR(shift, Float, 0.0)
    .OP_END_FACTORY_REG(Log)
#endif

#ifndef OPS_PROTO_DEF_SQRT
#define OPS_PROTO_DEF_SQRT
REG_OP(Sqrt)
    .INPUT(x, TensorType({DT_FLOAT, DT_DOUBLE, DT_FLOAT16, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT, DT_DOUBLE, DT_FLOAT16, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .OP_END_FACTORY_REG(Sqrt)
#endif

#ifndef OPS_PROTO_DEF_RSQRT
#define OPS_PROTO_DEF_RSQRT
REG_OP(Rsqrt)
    .INPUT(x, TensorType::UnaryDataType())
    .OUTPUT(y, TensorType::UnaryDataType())
    .OP_END_FACTORY_REG(Rsqrt)
#endif

/* ---- elementwise math, comparison and logic (CANN's elewise_calculation_ops.h; IsNan and IsInf are
 * in CANN's math_ops.h) ---- */

#ifndef OPS_PROTO_DEF_SIN
#define OPS_PROTO_DEF_SIN
REG_OP(Sin)
    .INPUT(x, TensorType::UnaryDataType())
    .OUTPUT(y, TensorType::UnaryDataType())
    .OP_END_FACTORY_REG(Sin)
#endif

#ifndef OPS_PROTO_DEF_COS
#define OPS_PROTO_DEF_COS
REG_OP(Cos)
    .INPUT(x, TensorType::UnaryDataType())
    .OUTPUT(y, TensorType::UnaryDataType())
    .OP_END_FACTORY_REG(Cos)
#endif

#ifndef OPS_PROTO_DEF_TAN
#define OPS_PROTO_DEF_TAN
REG_OP(Tan)
    .INPUT(x, TensorType::UnaryDataType())
    .OUTPUT(y, TensorType::UnaryDataType())
    .OP_END_FACTORY_REG(Tan)
#endif

#ifndef OPS_PROTO_DEF_ASIN
#define OPS_PROTO_DEF_ASIN
REG_OP(Asin)
    .INPUT(x, TensorType::UnaryDataType())
    .OUTPUT(y, TensorType::UnaryDataType())
    .OP_END_FACTORY_REG(Asin)
#endif

#ifndef OPS_PROTO_DEF_ACOS
#define OPS_PROTO_DEF_ACOS
REG_OP(Acos)
    .INPUT(x, TensorType::UnaryDataType())
    .OUTPUT(y, TensorType::UnaryDataType())
    .OP_END_FACTORY_REG(Acos)
#endif

#ifndef OPS_PROTO_DEF_ATAN
#define OPS_PROTO_DEF_ATAN
REG_OP(Atan)
    .INPUT(x, TensorType::UnaryDataType())
    .OUTPUT(y, TensorType::UnaryDataType())
    .OP_END_FACTORY_REG(Atan)
#endif

#ifndef OPS_PROTO_DEF_SINH
#define OPS_PROTO_DEF_SINH
REG_OP(Sinh)
    .INPUT(x, TensorType::UnaryDataType())
    .OUTPUT(y, TensorType::UnaryDataType())
    .OP_END_FACTORY_REG(Sinh)
#endif

#ifndef OPS_PROTO_DEF_COSH
#define OPS_PROTO_DEF_COSH
REG_OP(Cosh)
    .INPUT(x, TensorType::UnaryDataType())
    .OUTPUT(y, TensorType::UnaryDataType())
    .OP_END_FACTORY_REG(Cosh)
#endif

#ifndef OPS_PROTO_DEF_ASINH
#define OPS_PROTO_DEF_ASINH
REG_OP(Asinh)
    .INPUT(x, TensorType::UnaryDataType())
    .OUTPUT(y, TensorType::UnaryDataType())
    .OP_END_FACTORY_REG(Asinh)
#endif

#ifndef OPS_PROTO_DEF_ACOSH
#define OPS_PROTO_DEF_ACOSH
REG_OP(Acosh)
    .INPUT(x, TensorType::UnaryDataType())
    .OUTPUT(y, TensorType::UnaryDataType())
    .OP_END_FACTORY_REG(Acosh)
#endif

#ifndef OPS_PROTO_DEF_ATANH
#define OPS_PROTO_DEF_ATANH
REG_OP(Atanh)
    .INPUT(x, TensorType::UnaryDataType())
    .OUTPUT(y, TensorType::UnaryDataType())
    .OP_END_FACTORY_REG(Atanh)
#endif

#ifndef OPS_PROTO_DEF_ERF
#define OPS_PROTO_DEF_ERF
REG_OP(Erf)
    .INPUT(x, TensorType::FloatingDataType())
    .OUTPUT(y, TensorType::FloatingDataType())
    .OP_END_FACTORY_REG(Erf)
#endif

/* Round: to the nearest integer, halves to even. */
#ifndef OPS_PROTO_DEF_ROUND
#define OPS_PROTO_DEF_ROUND
REG_OP(Round)
    .INPUT(x, TensorType({DT_FLOAT16, DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_BF16}))
    .OP_END_FACTORY_REG(Round)
#endif

#ifndef OPS_PROTO_DEF_SIGN
#define OPS_PROTO_DEF_SIGN
REG_OP(Sign)
    .INPUT(x, TensorType({DT_FLOAT16, DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .OP_END_FACTORY_REG(Sign)
#endif

/* Comparisons: the output is bool. */
#ifndef OPS_PROTO_DEF_LESS
#define OPS_PROTO_DEF_LESS
REG_OP(Less)
    .INPUT(x1, TensorType::RealNumberType())
    .INPUT(x2, TensorType::RealNumberType())
    .OUTPUT(y, TensorType({DT_BOOL}))
    .OP_END_FACTORY_REG(Less)
#endif

#ifndef OPS_PROTO_DEF_LESSEQUAL
#define OPS_PROTO_DEF_LESSEQUAL
REG_OP(LessEqual)
    .INPUT(x1, TensorType::RealNumberType())
    .INPUT(x2, TensorType::RealNumberType())
    .OUTPUT(y, TensorType({DT_BOOL}))
    .OP_END_FACTORY_REG(LessEqual)
#endif

#ifndef OPS_PROTO_DEF_GREATER
#define OPS_PROTO_DEF_GREATER
REG_OP(Greater)
    .INPUT(x1, TensorType::RealNumberType())
    .INPUT(x2, TensorType::RealNumberType())
    .OUTPUT(y, TensorType({DT_BOOL}))
    .OP_END_FACTORY_REG(Greater)
#endif

#ifndef OPS_PROTO_DEF_GREATEREQUAL
#define OPS_PROTO_DEF_GREATEREQUAL
REG_OP(GreaterEqual)
    .INPUT(x1, TensorType::RealNumberType())
    .INPUT(x2, TensorType::RealNumberType())
    .OUTPUT(y, TensorType({DT_BOOL}))
    .OP_END_FACTORY_REG(GreaterEqual)
#endif

#ifndef OPS_PROTO_DEF_EQUAL
#define OPS_PROTO_DEF_EQUAL
REG_OP(Equal)
    .INPUT(x1, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_INT8, DT_UINT8, DT_INT16, DT_UINT16, DT_INT32, DT_UINT32,
                           DT_INT64, DT_UINT64, DT_BOOL, DT_BF16}))
    .INPUT(x2, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_INT8, DT_UINT8, DT_INT16, DT_UINT16, DT_INT32, DT_UINT32,
                           DT_INT64, DT_UINT64, DT_BOOL, DT_BF16}))
    .OUTPUT(y, TensorType({DT_BOOL}))
    .OP_END_FACTORY_REG(Equal)
#endif

#ifndef OPS_PROTO_DEF_NOTEQUAL
#define OPS_PROTO_DEF_NOTEQUAL
REG_OP(NotEqual)
    .INPUT(x1, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_INT8, DT_UINT8, DT_INT16, DT_UINT16, DT_INT32, DT_UINT32,
                           DT_INT64, DT_UINT64, DT_BOOL, DT_BF16}))
    .INPUT(x2, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_INT8, DT_UINT8, DT_INT16, DT_UINT16, DT_INT32, DT_UINT32,
                           DT_INT64, DT_UINT64, DT_BOOL, DT_BF16}))
    .OUTPUT(y, TensorType({DT_BOOL}))
    .OP_END_FACTORY_REG(NotEqual)
#endif

#ifndef OPS_PROTO_DEF_LOGICALAND
#define OPS_PROTO_DEF_LOGICALAND
REG_OP(LogicalAnd)
    .INPUT(x1, TensorType({DT_BOOL}))
    .INPUT(x2, TensorType({DT_BOOL}))
    .OUTPUT(y, TensorType({DT_BOOL}))
    .OP_END_FACTORY_REG(LogicalAnd)
#endif

#ifndef OPS_PROTO_DEF_LOGICALOR
#define OPS_PROTO_DEF_LOGICALOR
REG_OP(LogicalOr)
    .INPUT(x1, TensorType({DT_BOOL}))
    .INPUT(x2, TensorType({DT_BOOL}))
    .OUTPUT(y, TensorType({DT_BOOL}))
    .OP_END_FACTORY_REG(LogicalOr)
#endif

#ifndef OPS_PROTO_DEF_LOGICALNOT
#define OPS_PROTO_DEF_LOGICALNOT
REG_OP(LogicalNot)
    .INPUT(x, TensorType({DT_BOOL}))
    .OUTPUT(y, TensorType({DT_BOOL}))
    .OP_END_FACTORY_REG(LogicalNot)
#endif

/* Mod: remainder of truncated division (the sign of x1); FloorMod: of floored division (the sign of x2). */
#ifndef OPS_PROTO_DEF_MOD
#define OPS_PROTO_DEF_MOD
REG_OP(Mod)
    .INPUT(x1, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_INT8, DT_UINT8, DT_INT32, DT_INT64, DT_BF16}))
    .INPUT(x2, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_INT8, DT_UINT8, DT_INT32, DT_INT64, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_INT8, DT_UINT8, DT_INT32, DT_INT64, DT_BF16}))
    .OP_END_FACTORY_REG(Mod)
#endif

#ifndef OPS_PROTO_DEF_FLOORMOD
#define OPS_PROTO_DEF_FLOORMOD
REG_OP(FloorMod)
    .INPUT(x1, TensorType({DT_INT32, DT_INT64, DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_BF16}))
    .INPUT(x2, TensorType({DT_INT32, DT_INT64, DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_BF16}))
    .OUTPUT(y, TensorType({DT_INT32, DT_INT64, DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_BF16}))
    .OP_END_FACTORY_REG(FloorMod)
#endif

#ifndef OPS_PROTO_DEF_LEFTSHIFT
#define OPS_PROTO_DEF_LEFTSHIFT
REG_OP(LeftShift)
    .INPUT(x, TensorType::IntegerDataType())
    .INPUT(y, TensorType::IntegerDataType())
    .OUTPUT(z, TensorType::IntegerDataType())
    .OP_END_FACTORY_REG(LeftShift)
#endif

#ifndef OPS_PROTO_DEF_RIGHTSHIFT
#define OPS_PROTO_DEF_RIGHTSHIFT
REG_OP(RightShift)
    .INPUT(x, TensorType::IntegerDataType())
    .INPUT(y, TensorType::IntegerDataType())
    .OUTPUT(z, TensorType::IntegerDataType())
    .OP_END_FACTORY_REG(RightShift)
#endif

/* y = min(max(x, clip_value_min), clip_value_max), broadcasting. */
#ifndef OPS_PROTO_DEF_CLIPBYVALUE
#define OPS_PROTO_DEF_CLIPBYVALUE
REG_OP(ClipByValue)
    .INPUT(x, TensorType::NumberType())
    .INPUT(clip_value_min, TensorType::NumberType())
    .INPUT(clip_value_max, TensorType::NumberType())
    .OUTPUT(y, TensorType::NumberType())
    .OP_END_FACTORY_REG(ClipByValue)
#endif

#ifndef OPS_PROTO_DEF_ISNAN
#define OPS_PROTO_DEF_ISNAN
REG_OP(IsNan)
    .INPUT(x, TensorType({DT_FLOAT16, DT_FLOAT, DT_DOUBLE, DT_BF16}))
    .OUTPUT(y, TensorType({DT_BOOL}))
    .OP_END_FACTORY_REG(IsNan)
#endif

#ifndef OPS_PROTO_DEF_ISINF
#define OPS_PROTO_DEF_ISINF
REG_OP(IsInf)
    .INPUT(x, TensorType({DT_FLOAT16, DT_FLOAT, DT_DOUBLE, DT_BF16}))
    .OUTPUT(y, TensorType({DT_BOOL}))
    .OP_END_FACTORY_REG(IsInf)
#endif
GECL_PROTO_END
}  // namespace ge

#endif
