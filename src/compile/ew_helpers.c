/* ew_helpers.c: the helpers of generated elementwise kernels, one template per helper and class
 * of type ('@' stands for the type). Integer division by zero (and INT_MIN % -1) would trap on
 * CPUs, so those return 0, which is also what folding stores for an integer NaN. Shifts by a
 * count outside the type's width give 0 (right shifts of negative values: -1), not OpenCL's
 * count modulo the width. */
#include <string.h>

#include "ew_helpers.h"

typedef enum type_class { FLOATING, SIGNED, UNSIGNED, COMPLEX } type_class;

typedef struct helper {
    const char *name;
    type_class cls;
    const char *text;
} helper;

static const helper HELPERS[] = {
    {"gecl_pow", FLOATING, "@ gecl_pow_@(@ a, @ b) { return pow(a, b); }\n"},
    {"gecl_pow", SIGNED,
     "@ gecl_pow_@(@ a, @ b)\n{\n"
     "    if (b < 0) return a == 1 ? 1 : a == -1 ? ((b & 1) ? -1 : 1) : 0;\n"
     "    @ r = 1;\n    while (b) {\n        if (b & 1) r *= a;\n        a *= a;\n        b >>= 1;\n    }\n"
     "    return r;\n}\n"},
    {"gecl_pow", UNSIGNED,
     "@ gecl_pow_@(@ a, @ b)\n{\n"
     "    @ r = 1;\n    while (b) {\n        if (b & 1) r *= a;\n        a *= a;\n        b >>= 1;\n    }\n"
     "    return r;\n}\n"},
    {"gecl_mod", FLOATING, "@ gecl_mod_@(@ a, @ b) { return fmod(a, b); }\n"},
    {"gecl_mod", SIGNED, "@ gecl_mod_@(@ a, @ b) { return b == 0 || b == -1 ? 0 : a % b; }\n"},
    {"gecl_mod", UNSIGNED, "@ gecl_mod_@(@ a, @ b) { return b == 0 ? 0 : a % b; }\n"},
    {"gecl_floormod", FLOATING,
     "@ gecl_floormod_@(@ a, @ b)\n{\n    const @ r = fmod(a, b);\n"
     "    return r != 0 && (r < 0) != (b < 0) ? r + b : r;\n}\n"},
    {"gecl_floormod", SIGNED,
     "@ gecl_floormod_@(@ a, @ b)\n{\n    if (b == 0 || b == -1) return 0;\n    const @ r = a % b;\n"
     "    return r != 0 && (r < 0) != (b < 0) ? r + b : r;\n}\n"},
    {"gecl_floormod", UNSIGNED, "@ gecl_floormod_@(@ a, @ b) { return b == 0 ? 0 : a % b; }\n"},
    {"gecl_shl", SIGNED,
     "@ gecl_shl_@(@ a, @ b) { return b < 0 || b >= (long)(8 * sizeof(@)) ? 0 : (@)(a << b); }\n"},
    {"gecl_shl", UNSIGNED, "@ gecl_shl_@(@ a, @ b) { return b >= (ulong)(8 * sizeof(@)) ? 0 : (@)(a << b); }\n"},
    {"gecl_shr", SIGNED,
     "@ gecl_shr_@(@ a, @ b) { return b < 0 || b >= (long)(8 * sizeof(@)) ? (a < 0 ? -1 : 0) : (@)(a >> b); }\n"},
    {"gecl_shr", UNSIGNED, "@ gecl_shr_@(@ a, @ b) { return b >= (ulong)(8 * sizeof(@)) ? 0 : (@)(a >> b); }\n"},
    /* Complex (float2 / double2; '#' is the component type). The quotient is Smith's, as numpy's:
     * scaled by the larger part of the divisor, so |b|^2 does not overflow; 0 divides into
     * (a.re / 0, a.im / 0), infinities or NaN. */
    {"gecl_cmul", COMPLEX, "@ gecl_cmul_@(@ a, @ b) { return (@)(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x); }\n"},
    {"gecl_cdiv", COMPLEX,
     "@ gecl_cdiv_@(@ a, @ b)\n{\n    const # ar = fabs(b.x), ai = fabs(b.y);\n"
     "    if (ar == 0 && ai == 0) return (@)(a.x / ar, a.y / ar);\n"
     "    if (ar >= ai) {\n        const # r = b.y / b.x, d = b.x + b.y * r;\n"
     "        return (@)((a.x + a.y * r) / d, (a.y - a.x * r) / d);\n    }\n"
     "    const # r = b.x / b.y, d = b.x * r + b.y;\n"
     "    return (@)((a.x * r + a.y) / d, (a.y * r - a.x) / d);\n}\n"},
};

static type_class class_of(const char *type)
{
    if (!strcmp(type, "float") || !strcmp(type, "double")) return FLOATING;
    if (!strcmp(type, "float2") || !strcmp(type, "double2")) return COMPLEX;
    return type[0] == 'u' ? UNSIGNED : SIGNED;
}

int gecl_ew_helper_define(sbuf *s, const char *name, const char *type)
{
    const type_class cls = class_of(type);
    for (size_t h = 0; h < sizeof HELPERS / sizeof *HELPERS; h++) {
        if (strcmp(HELPERS[h].name, name) || HELPERS[h].cls != cls) continue;
        for (const char *c = HELPERS[h].text; *c; c++) {
            if (*c == '@') sb_printf(s, "%s", type);
            else if (*c == '#') sb_printf(s, "%.*s", (int)strlen(type) - 1, type); /* float2 -> float */
            else sb_printf(s, "%c", *c);
        }
        return 0;
    }
    return -1;
}
