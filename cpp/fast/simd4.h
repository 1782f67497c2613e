// simd4.h: the few 4-lane operations the fast kernels need, on wasm SIMD (-msimd128), on SSE2
// (every x86-64), or as plain loops elsewhere. Every operation is exact IEEE arithmetic: no
// approximate reciprocal, no fused multiply-add, no -ffast-math, so a fast kernel can promise the
// plain kernel's bits.
#pragma once

#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

// Put before a loop that is not worth unrolling (border and table loops): keeps the wasm module
// small. Only clang reads it.
#if defined(__clang__)
#define POOLGRAD_NO_UNROLL _Pragma("clang loop unroll(disable)")
#else
#define POOLGRAD_NO_UNROLL
#endif

namespace poolgrad {
namespace fast {
namespace simd {

#if defined(__wasm_simd128__)

using f32x4 = v128_t;
using i32x4 = v128_t;
using f64x2 = v128_t;
using mask4 = v128_t;

inline f32x4 load(const float* p) { return wasm_v128_load(p); }
inline void store(float* p, f32x4 v) { wasm_v128_store(p, v); }
inline i32x4 loadi(const int32_t* p) { return wasm_v128_load(p); }
inline void storei(int32_t* p, i32x4 v) { wasm_v128_store(p, v); }
inline f32x4 splat(float v) { return wasm_f32x4_splat(v); }
inline i32x4 splati(int32_t v) { return wasm_i32x4_splat(v); }
inline i32x4 iota(int32_t step) { return wasm_i32x4_make(0, step, 2 * step, 3 * step); }
inline f32x4 add(f32x4 a, f32x4 b) { return wasm_f32x4_add(a, b); }
inline f32x4 div(f32x4 a, f32x4 b) { return wasm_f32x4_div(a, b); }
inline i32x4 addi(i32x4 a, i32x4 b) { return wasm_i32x4_add(a, b); }
// a < b ? b : a, lane by lane: the strict comparison keeps the first of equal values.
inline f32x4 pmax(f32x4 a, f32x4 b) { return wasm_f32x4_pmax(a, b); }
inline mask4 lt(f32x4 a, f32x4 b) { return wasm_f32x4_lt(a, b); }
inline mask4 eqi(i32x4 a, i32x4 b) { return wasm_i32x4_eq(a, b); }
inline mask4 gti(i32x4 a, i32x4 b) { return wasm_i32x4_gt(a, b); }
inline mask4 is_nan(f32x4 a) { return wasm_f32x4_ne(a, a); }
inline mask4 mask_or(mask4 a, mask4 b) { return wasm_v128_or(a, b); }
inline bool any(mask4 m) { return wasm_v128_any_true(m); }
// m ? a : b
inline f32x4 select(mask4 m, f32x4 a, f32x4 b) { return wasm_v128_bitselect(a, b, m); }
inline i32x4 selecti(mask4 m, i32x4 a, i32x4 b) { return wasm_v128_bitselect(a, b, m); }
inline f32x4 zero_unless(mask4 m, f32x4 a) { return wasm_v128_and(a, m); }
inline i32x4 sub_mask(i32x4 count, mask4 m) { return wasm_i32x4_sub(count, m); }  // count += m
// The even and odd lanes of a, b: (a0 a2 b0 b2) and (a1 a3 b1 b3).
inline f32x4 even(f32x4 a, f32x4 b) { return wasm_i32x4_shuffle(a, b, 0, 2, 4, 6); }
inline f32x4 odd(f32x4 a, f32x4 b) { return wasm_i32x4_shuffle(a, b, 1, 3, 5, 7); }
// (a1 a2 a3 b0): a shifted one lane on, b's first lane entering.
inline f32x4 shift1(f32x4 a, f32x4 b) { return wasm_i32x4_shuffle(a, b, 1, 2, 3, 4); }
// (a1 a2 a3 b3): as shift1, with b's last lane entering.
inline f32x4 shift1_last(f32x4 a, f32x4 b) { return wasm_i32x4_shuffle(a, b, 1, 2, 3, 7); }
// (a0 b0 a1 b1) and (a2 b2 a3 b3).
inline f32x4 zip_lo(f32x4 a, f32x4 b) { return wasm_i32x4_shuffle(a, b, 0, 4, 1, 5); }
inline f32x4 zip_hi(f32x4 a, f32x4 b) { return wasm_i32x4_shuffle(a, b, 2, 6, 3, 7); }
inline int32_t sum_lanes(i32x4 v) {
  return wasm_i32x4_extract_lane(v, 0) + wasm_i32x4_extract_lane(v, 1) +
         wasm_i32x4_extract_lane(v, 2) + wasm_i32x4_extract_lane(v, 3);
}
// Doubles: lanes 0-1 and 2-3 of a float vector, widened exactly; and back, rounded once.
inline f64x2 widen_lo(f32x4 a) { return wasm_f64x2_promote_low_f32x4(a); }
inline f64x2 widen_hi(f32x4 a) {
  return wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(a, a, 2, 3, 2, 3));
}
inline f64x2 addd(f64x2 a, f64x2 b) { return wasm_f64x2_add(a, b); }
inline f64x2 muld(f64x2 a, f64x2 b) { return wasm_f64x2_mul(a, b); }
inline f64x2 loadd(const double* p) { return wasm_v128_load(p); }
inline void stored(double* p, f64x2 v) { wasm_v128_store(p, v); }
inline f32x4 narrow(f64x2 lo, f64x2 hi) {
  return wasm_i32x4_shuffle(wasm_f32x4_demote_f64x2_zero(lo), wasm_f32x4_demote_f64x2_zero(hi), 0,
                            1, 4, 5);
}

#elif defined(__SSE2__)

using f32x4 = __m128;
using i32x4 = __m128i;
using f64x2 = __m128d;
using mask4 = __m128;

inline f32x4 load(const float* p) { return _mm_loadu_ps(p); }
inline void store(float* p, f32x4 v) { _mm_storeu_ps(p, v); }
inline i32x4 loadi(const int32_t* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
inline void storei(int32_t* p, i32x4 v) { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v); }
inline f32x4 splat(float v) { return _mm_set1_ps(v); }
inline i32x4 splati(int32_t v) { return _mm_set1_epi32(v); }
inline i32x4 iota(int32_t step) { return _mm_setr_epi32(0, step, 2 * step, 3 * step); }
inline f32x4 add(f32x4 a, f32x4 b) { return _mm_add_ps(a, b); }
inline f32x4 div(f32x4 a, f32x4 b) { return _mm_div_ps(a, b); }
inline i32x4 addi(i32x4 a, i32x4 b) { return _mm_add_epi32(a, b); }
// maxps(b, a) is b > a ? b : a, i.e. a < b ? b : a (a when equal or unordered).
inline f32x4 pmax(f32x4 a, f32x4 b) { return _mm_max_ps(b, a); }
inline mask4 lt(f32x4 a, f32x4 b) { return _mm_cmplt_ps(a, b); }
inline mask4 eqi(i32x4 a, i32x4 b) { return _mm_castsi128_ps(_mm_cmpeq_epi32(a, b)); }
inline mask4 gti(i32x4 a, i32x4 b) { return _mm_castsi128_ps(_mm_cmpgt_epi32(a, b)); }
inline mask4 is_nan(f32x4 a) { return _mm_cmpunord_ps(a, a); }
inline mask4 mask_or(mask4 a, mask4 b) { return _mm_or_ps(a, b); }
inline bool any(mask4 m) { return _mm_movemask_ps(m) != 0; }
inline f32x4 select(mask4 m, f32x4 a, f32x4 b) {
  return _mm_or_ps(_mm_and_ps(m, a), _mm_andnot_ps(m, b));
}
inline i32x4 selecti(mask4 m, i32x4 a, i32x4 b) {
  const __m128i mi = _mm_castps_si128(m);
  return _mm_or_si128(_mm_and_si128(mi, a), _mm_andnot_si128(mi, b));
}
inline f32x4 zero_unless(mask4 m, f32x4 a) { return _mm_and_ps(m, a); }
inline i32x4 sub_mask(i32x4 count, mask4 m) { return _mm_sub_epi32(count, _mm_castps_si128(m)); }
inline f32x4 even(f32x4 a, f32x4 b) { return _mm_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0)); }
inline f32x4 odd(f32x4 a, f32x4 b) { return _mm_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1)); }
inline f32x4 shift1(f32x4 a, f32x4 b) {
  // (a1 a2 a3 b0): move b0 next to a3, then pick.
  const __m128 t = _mm_shuffle_ps(a, b, _MM_SHUFFLE(0, 0, 3, 3));  // a3 a3 b0 b0
  return _mm_shuffle_ps(a, t, _MM_SHUFFLE(2, 0, 2, 1));            // a1 a2 a3 b0
}
inline f32x4 shift1_last(f32x4 a, f32x4 b) {
  const __m128 t = _mm_shuffle_ps(a, b, _MM_SHUFFLE(3, 3, 3, 3));  // a3 a3 b3 b3
  return _mm_shuffle_ps(a, t, _MM_SHUFFLE(2, 0, 2, 1));            // a1 a2 a3 b3
}
inline f32x4 zip_lo(f32x4 a, f32x4 b) { return _mm_unpacklo_ps(a, b); }
inline f32x4 zip_hi(f32x4 a, f32x4 b) { return _mm_unpackhi_ps(a, b); }
inline int32_t sum_lanes(i32x4 v) {
  int32_t lanes[4];
  storei(lanes, v);
  return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}
inline f64x2 widen_lo(f32x4 a) { return _mm_cvtps_pd(a); }
inline f64x2 widen_hi(f32x4 a) { return _mm_cvtps_pd(_mm_movehl_ps(a, a)); }
inline f64x2 addd(f64x2 a, f64x2 b) { return _mm_add_pd(a, b); }
inline f64x2 muld(f64x2 a, f64x2 b) { return _mm_mul_pd(a, b); }
inline f64x2 loadd(const double* p) { return _mm_loadu_pd(p); }
inline void stored(double* p, f64x2 v) { _mm_storeu_pd(p, v); }
inline f32x4 narrow(f64x2 lo, f64x2 hi) {
  return _mm_movelh_ps(_mm_cvtpd_ps(lo), _mm_cvtpd_ps(hi));
}

#else  // plain loops: the same operations, one lane at a time

// One line per operation: a table to read beside the two above.
// clang-format off
struct f32x4 { float v[4]; };
struct i32x4 { int32_t v[4]; };
struct f64x2 { double v[2]; };
struct mask4 { bool v[4]; };

inline f32x4 load(const float* p) { f32x4 r; std::memcpy(r.v, p, sizeof r.v); return r; }
inline void store(float* p, f32x4 a) { std::memcpy(p, a.v, sizeof a.v); }
inline i32x4 loadi(const int32_t* p) { i32x4 r; std::memcpy(r.v, p, sizeof r.v); return r; }
inline void storei(int32_t* p, i32x4 a) { std::memcpy(p, a.v, sizeof a.v); }
inline f32x4 splat(float x) { return {{x, x, x, x}}; }
inline i32x4 splati(int32_t x) { return {{x, x, x, x}}; }
inline i32x4 iota(int32_t s) { return {{0, s, 2 * s, 3 * s}}; }
#define POOLGRAD_LANES(expr) for (int l = 0; l < 4; ++l) r.v[l] = expr
inline f32x4 add(f32x4 a, f32x4 b) { f32x4 r; POOLGRAD_LANES(a.v[l] + b.v[l]); return r; }
inline f32x4 div(f32x4 a, f32x4 b) { f32x4 r; POOLGRAD_LANES(a.v[l] / b.v[l]); return r; }
inline i32x4 addi(i32x4 a, i32x4 b) { i32x4 r; POOLGRAD_LANES(a.v[l] + b.v[l]); return r; }
inline f32x4 pmax(f32x4 a, f32x4 b) { f32x4 r; POOLGRAD_LANES(a.v[l] < b.v[l] ? b.v[l] : a.v[l]); return r; }
inline mask4 lt(f32x4 a, f32x4 b) { mask4 r; POOLGRAD_LANES(a.v[l] < b.v[l]); return r; }
inline mask4 eqi(i32x4 a, i32x4 b) { mask4 r; POOLGRAD_LANES(a.v[l] == b.v[l]); return r; }
inline mask4 gti(i32x4 a, i32x4 b) { mask4 r; POOLGRAD_LANES(a.v[l] > b.v[l]); return r; }
inline mask4 is_nan(f32x4 a) { mask4 r; POOLGRAD_LANES(a.v[l] != a.v[l]); return r; }
inline mask4 mask_or(mask4 a, mask4 b) { mask4 r; POOLGRAD_LANES(a.v[l] || b.v[l]); return r; }
inline bool any(mask4 m) { return m.v[0] || m.v[1] || m.v[2] || m.v[3]; }
inline f32x4 select(mask4 m, f32x4 a, f32x4 b) { f32x4 r; POOLGRAD_LANES(m.v[l] ? a.v[l] : b.v[l]); return r; }
inline i32x4 selecti(mask4 m, i32x4 a, i32x4 b) { i32x4 r; POOLGRAD_LANES(m.v[l] ? a.v[l] : b.v[l]); return r; }
inline f32x4 zero_unless(mask4 m, f32x4 a) { f32x4 r; POOLGRAD_LANES(m.v[l] ? a.v[l] : 0.0f); return r; }
inline i32x4 sub_mask(i32x4 c, mask4 m) { i32x4 r; POOLGRAD_LANES(c.v[l] + (m.v[l] ? 1 : 0)); return r; }
inline f32x4 even(f32x4 a, f32x4 b) { return {{a.v[0], a.v[2], b.v[0], b.v[2]}}; }
inline f32x4 odd(f32x4 a, f32x4 b) { return {{a.v[1], a.v[3], b.v[1], b.v[3]}}; }
inline f32x4 shift1(f32x4 a, f32x4 b) { return {{a.v[1], a.v[2], a.v[3], b.v[0]}}; }
inline f32x4 shift1_last(f32x4 a, f32x4 b) { return {{a.v[1], a.v[2], a.v[3], b.v[3]}}; }
inline f32x4 zip_lo(f32x4 a, f32x4 b) { return {{a.v[0], b.v[0], a.v[1], b.v[1]}}; }
inline f32x4 zip_hi(f32x4 a, f32x4 b) { return {{a.v[2], b.v[2], a.v[3], b.v[3]}}; }
inline int32_t sum_lanes(i32x4 a) { return a.v[0] + a.v[1] + a.v[2] + a.v[3]; }
inline f64x2 widen_lo(f32x4 a) { return {{a.v[0], a.v[1]}}; }
inline f64x2 widen_hi(f32x4 a) { return {{a.v[2], a.v[3]}}; }
inline f64x2 addd(f64x2 a, f64x2 b) { return {{a.v[0] + b.v[0], a.v[1] + b.v[1]}}; }
inline f64x2 muld(f64x2 a, f64x2 b) { return {{a.v[0] * b.v[0], a.v[1] * b.v[1]}}; }
inline f64x2 loadd(const double* p) { f64x2 r; std::memcpy(r.v, p, sizeof r.v); return r; }
inline void stored(double* p, f64x2 a) { std::memcpy(p, a.v, sizeof a.v); }
inline f32x4 narrow(f64x2 lo, f64x2 hi) {
  return {{static_cast<float>(lo.v[0]), static_cast<float>(lo.v[1]), static_cast<float>(hi.v[0]),
           static_cast<float>(hi.v[1])}};
}
#undef POOLGRAD_LANES
// clang-format on

#endif

// Four lanes p[0], p[S], p[2S], p[3S] (S = 0: the stride s given at run time). Reads
// p[0 .. 4S - 1] for S = 1, 2 (the caller keeps that in bounds).
template <int S>
inline f32x4 load_strided(const float* p, int64_t s) {
  if constexpr (S == 1) {
    (void)s;
    return load(p);
  } else if constexpr (S == 2) {
    (void)s;
    return even(load(p), load(p + 4));
  } else {
    float lanes[4] = {p[0], p[s], p[2 * s], p[3 * s]};
    return load(lanes);
  }
}

// The last element load_strided<S> reads, relative to p.
template <int S>
inline int64_t strided_reach(int64_t s) {
  return S == 1 ? 3 : S == 2 ? 7 : 3 * s;
}

}  // namespace simd
}  // namespace fast
}  // namespace poolgrad
