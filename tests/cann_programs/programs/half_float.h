/* half_float.h: IEEE binary16 conversions on the host, for programs that fill or check float16
 * tensors (C++ has no float16 type before C++23). */
#ifndef HALF_FLOAT_H
#define HALF_FLOAT_H
#include <cmath>
#include <cstdint>
#include <cstring>

/* IEEE binary16 bits to float, exactly (subnormals included). */
static inline float HalfToFloat(uint16_t h)
{
    const uint32_t sign = (uint32_t)(h >> 15) << 31, exp = (h >> 10) & 0x1f, man = h & 0x3ff;
    float mag;
    if (exp == 0) mag = std::ldexp((float)man, -24);
    else if (exp == 31) mag = man ? NAN : INFINITY;
    else mag = std::ldexp((float)(man | 0x400), (int)exp - 25);
    uint32_t bits;
    std::memcpy(&bits, &mag, sizeof bits);
    bits |= sign;
    std::memcpy(&mag, &bits, sizeof bits);
    return mag;
}

/* Float to binary16, rounded to nearest even: search the finite halves of the right sign for the
 * nearest (small and obviously right; the programs convert a few thousand values). */
static inline uint16_t FloatToHalf(float f)
{
    const uint16_t sign = std::signbit(f) ? 0x8000 : 0;
    const float a = std::fabs(f);
    if (std::isnan(f)) return 0x7e00;
    if (a >= 65520.0f) return sign | 0x7c00;
    uint16_t lo = 0, hi = 0x7bff;
    while (lo < hi) { /* first magnitude >= a */
        const uint16_t mid = (uint16_t)((lo + hi) / 2);
        if (HalfToFloat(mid) < a) lo = (uint16_t)(mid + 1);
        else hi = mid;
    }
    if (lo > 0) {
        const float up = HalfToFloat(lo), down = HalfToFloat((uint16_t)(lo - 1));
        if (a - down < up - a || (a - down == up - a && ((lo - 1) & 1) == 0)) lo = (uint16_t)(lo - 1);
    }
    return sign | lo;
}

#endif
