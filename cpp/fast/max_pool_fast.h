// max_pool_fast.h: max pooling's fast paths, beside the plain kernels (max_pool.cpp) that
// specify them. Each promises the plain kernel's output, indices and gradient bit for bit, and
// tests/cpp/test_fast_paths.cpp holds it to that on random problems.
//
// Forward, split as XNNPACK's pooling micro-kernels are into interior and border work: a window
// is a box, so its max is the max of its rows' maxima. Four interior windows (wholly inside the
// input along the width) at a time, each row's taps are folded in SIMD lanes (specialised for
// the common kernel/stride pairs 2/2 and 3/2), then the rows in window order; border windows go
// one at a time by the plain rule. The fold "replace when strictly greater" is associative over
// consecutive runs of the window's row-major order, so rows first, then rows in order, picks the
// plain loop's first maximum. A NaN must win (the last NaN): the lanes sum everything they load,
// and an output row whose sum turns NaN is redone by the plain rule.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>

#include "../max_pool.h"
#include "pool_tables.h"
#include "simd4.h"

namespace poolgrad {
namespace fast {

namespace max_forward {

// Every window is a box of whole input elements: dilation 1 on every axis.
inline bool applies(const PoolGeometry& g) {
  return g.kind == PoolKind::max && unit_dilation(g) && windows_fit_input(g);
}

// The plain kernel's rule for one window (rows: the flat offsets of its input rows in window
// order; columns [first, first + count)): the first maximum, a NaN always wins (the last NaN).
// (Not inlined: one copy serves every specialisation's border windows.)
[[gnu::noinline]] inline void exact_window(const float* x, const int32_t* rows, int64_t n_rows,
                                           int32_t first, int32_t count, float* y, int32_t* yi) {
  float best = -std::numeric_limits<float>::infinity();
  int32_t at = -1;
  POOLGRAD_NO_UNROLL
  for (int64_t r = 0; r < n_rows; ++r) {
    for (int32_t c = first; c < first + count; ++c) {
      const float v = x[rows[r] + c];
      if (at < 0 || v > best || v != v) {
        best = v;
        at = rows[r] + c;
      }
    }
  }
  *y = best;
  if (yi) *yi = at;
}

// One row's contribution to four interior windows whose first columns are c0, c0 + S, ...:
// their maxima along the row (values, and the flat index where each is), "replace when
// strictly greater" in column order. *sum adds up every loaded element (a sum that turns
// NaN when any element is NaN).
template <int S, int K, bool kIndices>
inline void fold4(const float* p, int32_t at0, int64_t s, int64_t k, simd::f32x4* best,
                  simd::i32x4* at, simd::f32x4* sum) {
  using namespace simd;
  if constexpr (S == 2 && K == 2) {
    const f32x4 a = load(p), b = load(p + 4);
    const f32x4 e = even(a, b), o = odd(a, b);
    *sum = add(a, b);
    *best = pmax(e, o);  // e < o ? o : e, as the masks below say
    if constexpr (kIndices)
      *at = sub_mask(addi(splati(at0), iota(2)), lt(e, o));  // + 1 where o won
  } else if constexpr (S == 2 && K == 3) {
    const f32x4 a = load(p), b = load(p + 4), c = load(p + 5);
    const f32x4 e = even(a, b), o = odd(a, b), e2 = shift1_last(e, c);  // columns 2, 4, 6, 8
    *sum = add(add(a, b), e2);
    const f32x4 v = pmax(e, o);
    *best = pmax(v, e2);
    if constexpr (kIndices) {
      // The winning tap: 2 where e2 beat the first two, else 1 where o beat e, else 0.
      const i32x4 tap = selecti(lt(v, e2), splati(2), sub_mask(splati(0), lt(e, o)));
      *at = addi(addi(splati(at0), iota(2)), tap);
    }
  } else {
    const int64_t kernel = K > 0 ? K : k;
    const i32x4 lanes = addi(splati(at0), iota(static_cast<int32_t>(S > 0 ? S : s)));
    f32x4 v = load_strided<S>(p, s);
    f32x4 total = v;
    i32x4 i = lanes;
    for (int64_t kw = 1; kw < kernel; ++kw) {
      const f32x4 u = load_strided<S>(p + kw, s);
      total = add(total, u);
      if constexpr (kIndices)
        i = selecti(lt(v, u), addi(lanes, splati(static_cast<int32_t>(kw))), i);
      v = pmax(v, u);
    }
    *best = v;
    *sum = total;
    if constexpr (kIndices) *at = i;
  }
}

// The last element fold4 reads, relative to p.
template <int S, int K>
inline int64_t fold4_reach(int64_t s, int64_t k) {
  if constexpr (S == 2 && K == 2) return 7;
  if constexpr (S == 2 && K == 3) return 8;
  return (k - 1) + simd::strided_reach<S>(s);
}

// The groups of four interior windows (pool_tables.h), as far as fold4 reads.
template <int S, int K>
LaneGroups interior_groups(const PoolGeometry& g, const AxisTable& w) {
  return lane_groups(g, w, fold4_reach<S, K>(g.stride[2], g.kernel_size[2]));
}

// One output row: rows holds the flat offsets of the input rows of its windows, in window order
// (R of them when R > 0: kept in registers and the row loop unrolled; else n_rows).
template <int S, int K, int R, bool kIndices>
[[gnu::noinline]] void output_row(const float* x, const int32_t* rows, int64_t n_rows, float* y,
                                  int32_t* yi, const PoolGeometry& g, const AxisTable& w,
                                  const LaneGroups& groups) {
  using namespace simd;
  const int64_t s = g.stride[2], k = g.kernel_size[2], pad = g.padding[2];
  int32_t row_at[R > 0 ? R : 1];
  for (int r = 0; r < R; ++r) row_at[r] = rows[r];
  const int64_t n = R > 0 ? R : n_rows;
  auto row = [&](int64_t r) { return R > 0 ? row_at[r] : rows[r]; };
  POOLGRAD_NO_UNROLL
  for (int64_t ow = 0; ow < w.interior_begin; ++ow) {
    exact_window(x, rows, n_rows, w.first[static_cast<size_t>(ow)],
                 w.count[static_cast<size_t>(ow)], y + ow, kIndices ? yi + ow : nullptr);
  }
  // Per group a sum of everything loaded, folded into one mask by OR: no long chain of
  // dependent additions across the row.
  mask4 nan_seen = is_nan(splat(0.0f));
  auto group = [&](int64_t ow) {
    const int32_t c0 = static_cast<int32_t>(ow * s - pad);
    f32x4 best;
    i32x4 at;
    f32x4 sum;
    fold4<S, K, kIndices>(x + row(0) + c0, row(0) + c0, s, k, &best, &at, &sum);
    for (int64_t r = 1; r < n; ++r) {
      f32x4 v;
      i32x4 i;
      f32x4 row_sum;
      fold4<S, K, kIndices>(x + row(r) + c0, row(r) + c0, s, k, &v, &i, &row_sum);
      sum = add(sum, row_sum);
      if constexpr (kIndices) at = selecti(lt(best, v), i, at);
      best = pmax(best, v);
    }
    store(y + ow, best);
    if constexpr (kIndices) storei(yi + ow, at);
    nan_seen = mask_or(nan_seen, is_nan(sum));
  };
  int64_t done = w.interior_begin;
  if (n_rows > 0) {
    for (int64_t ow = groups.first(); ow >= 0; ow = groups.next(ow)) group(ow);
    done = groups.done;
  }
  // A NaN anywhere in these windows: the vector folds ignored it, so redo them by the rule.
  const int64_t redo_from = any(nan_seen) ? w.interior_begin : done;
  POOLGRAD_NO_UNROLL
  for (int64_t ow = redo_from; ow < g.out[2]; ++ow) {
    exact_window(x, rows, n_rows, w.first[static_cast<size_t>(ow)],
                 w.count[static_cast<size_t>(ow)], y + ow, kIndices ? yi + ow : nullptr);
  }
}

template <int S, int K, bool kIndices>
void run_planes(float* out, int32_t* indices, const float* inp, const PoolGeometry& g) {
  Workspace& ws = workspace();
  const AxisTable& d = ws.axis[0];
  const AxisTable& h = ws.axis[1];
  const AxisTable& w = ws.axis[2];
  const int64_t in_plane = g.in_plane(), out_plane = g.out_plane();
  const int64_t IH = g.in[1], IW = g.in[2], OH = g.out[1], OW = g.out[2];
  const LaneGroups groups = interior_groups<S, K>(g, w);
  const LaneGroups generic_groups = interior_groups<0, 0>(g, w);
  int32_t* rows = sized(ws.indices, g.kernel_size[0] * g.kernel_size[1]);
  for (int64_t p = 0; p < g.planes(); ++p) {
    const float* x = inp + p * in_plane;
    for (int64_t od = 0; od < g.out[0]; ++od) {
      for (int64_t oh = 0; oh < OH; ++oh) {
        int64_t n_rows = 0;
        const auto dd = static_cast<size_t>(od), hh = static_cast<size_t>(oh);
        for (int64_t id = d.first[dd]; id < d.first[dd] + d.count[dd]; ++id) {
          for (int64_t ih = h.first[hh]; ih < h.first[hh] + h.count[hh]; ++ih) {
            rows[n_rows++] = static_cast<int32_t>((id * IH + ih) * IW);
          }
        }
        const int64_t o = p * out_plane + (od * OH + oh) * OW;
        float* y = out + o;
        int32_t* yi = kIndices ? indices + o : nullptr;
        // A specialised pair has its usual row count (the kernel's height) fixed; its other rows
        // (at a padded border) and every other case take the code with stride, kernel and row
        // count at run time, so the module carries one copy of it.
        constexpr int kRows = K;
        if (K > 0 && n_rows == kRows) {
          output_row<S, K, kRows, kIndices>(x, rows, n_rows, y, yi, g, w, groups);
        } else if (S == 1 && K == 0) {
          output_row<1, 0, 0, kIndices>(x, rows, n_rows, y, yi, g, w, groups);
        } else {
          output_row<0, 0, 0, kIndices>(x, rows, n_rows, y, yi, g, w, generic_groups);
        }
      }
    }
  }
}

template <bool kIndices>
void run_for(float* out, int32_t* indices, const float* inp, const PoolGeometry& g) {
  const int64_t s = g.stride[2], k = g.kernel_size[2];
  // The common kernel/stride pairs get their own code; the rest share code with the stride and
  // kernel at run time (stride 1 keeps plain vector loads).
  if (s == 2 && k == 2) return run_planes<2, 2, kIndices>(out, indices, inp, g);
  if (s == 2 && k == 3) return run_planes<2, 3, kIndices>(out, indices, inp, g);
  if (s == 1) return run_planes<1, 0, kIndices>(out, indices, inp, g);
  return run_planes<0, 0, kIndices>(out, indices, inp, g);
}

// out: (planes, out_plane), indices: (planes, out_plane) or null for values only  <-  inp
inline void run(float* out, int32_t* indices, const float* inp, const PoolGeometry& g) {
  workspace().build_axes(g);
  if (indices) {
    run_for<true>(out, indices, inp, g);
  } else {
    run_for<false>(out, nullptr, inp, g);
  }
}

}  // namespace max_forward

namespace max_backward {

// The common case of the gate's index rule (-1 <= index < in_plane for every index), in SIMD: when
// it holds, validate_indices() has nothing to say; when not, the caller runs it for its message.
inline bool indices_in_range(const int32_t* idx, int64_t n, int64_t in_plane) {
  using namespace simd;
  const i32x4 low = splati(-1), last = splati(static_cast<int32_t>(in_plane - 1));
  mask4 bad = is_nan(splat(0.0f));
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const i32x4 v = loadi(idx + i);
    bad = mask_or(bad, mask_or(gti(low, v), gti(v, last)));  // v < -1 or v > in_plane - 1
  }
  bool ok = !any(bad);
  POOLGRAD_NO_UNROLL
  for (; i < n; ++i) ok = ok && idx[i] >= -1 && idx[i] < in_plane;
  return ok;
}

// How many indices are not -1.
inline int64_t count_winners(const int32_t* idx, int64_t n) {
  using namespace simd;
  i32x4 count = splati(0);
  const i32x4 minus_one = splati(-1);
  int64_t i = 0;
  // Lane counts stay far below 2^31: n <= 2^24.
  for (; i + 4 <= n; i += 4) count = sub_mask(count, gti(loadi(idx + i), minus_one));
  int64_t total = sum_lanes(count);
  POOLGRAD_NO_UNROLL
  for (; i < n; ++i) total += idx[i] >= 0 ? 1 : 0;
  return total;
}

// Windows that never share an input element (stride >= kernel and dilation 1 on every axis):
// each input element takes the gradient of the one window that holds it, or 0, written once, with
// no zeroing pass before and no scatter after. Otherwise (overlapping windows) each plane is
// zeroed and scattered while it is in cache; the sums happen in the plain kernel's order.
inline bool gathers(const PoolGeometry& g) {
  return unit_dilation(g) && g.stride[0] >= g.kernel_size[0] && g.stride[1] >= g.kernel_size[1] &&
         g.stride[2] >= g.kernel_size[2];
}

inline bool applies(const PoolGeometry& g) { return g.kind == PoolKind::max; }

inline void scatter_plane(float* dx, const float* g_out, const int32_t* idx, int64_t in_plane,
                          int64_t out_plane) {
  std::fill(dx, dx + in_plane, 0.0f);
  POOLGRAD_NO_UNROLL
  for (int64_t o = 0; o < out_plane; ++o) {
    if (idx[o] >= 0) dx[idx[o]] += g_out[o];
  }
}

// One input row: element iw takes dout of window ow when that window's index names it. Returns
// how many windows' indices were found in their own windows.
inline int64_t gather_row(float* dx, const float* g_out, const int32_t* idx, int32_t row_at,
                          const PoolGeometry& g, const AxisTable& w) {
  using namespace simd;
  const int64_t IW = g.in[2];
  int64_t found = 0;
  int64_t iw = 0;
  auto one = [&](int64_t c) {
    const int32_t ow = w.cover_begin[static_cast<size_t>(c)];
    float v = 0.0f;
    if (ow < w.cover_end[static_cast<size_t>(c)] && idx[ow] == row_at + c) {
      v = 0.0f + g_out[ow];  // as the plain kernel: 0, then += (so -0 becomes +0)
      ++found;
    }
    dx[c] = v;
  };
  if (g.stride[2] == 2 && g.kernel_size[2] == 2) {
    // Interior windows ow cover columns 2 ow - pad and the next; four windows at a time.
    const int64_t pad = g.padding[2];
    int64_t ow = w.interior_begin;
    const int64_t c_begin = std::min(IW, ow * 2 - pad);
    POOLGRAD_NO_UNROLL
    for (; iw < c_begin; ++iw) one(iw);
    i32x4 count = splati(0);
    auto group = [&](int64_t o) {
      const int64_t c0 = o * 2 - pad;
      const i32x4 at = loadi(idx + o);
      const f32x4 grad = add(splat(0.0f), load(g_out + o));
      const i32x4 even_at = addi(splati(row_at + static_cast<int32_t>(c0)), iota(2));
      const mask4 me = eqi(at, even_at);
      const mask4 mo = eqi(at, addi(even_at, splati(1)));
      const f32x4 ve = zero_unless(me, grad), vo = zero_unless(mo, grad);
      store(dx + c0, zip_lo(ve, vo));
      store(dx + c0 + 4, zip_hi(ve, vo));
      return sub_mask(sub_mask(splati(0), me), mo);
    };
    for (; ow + 4 <= w.interior_end; ow += 4) count = addi(count, group(ow));
    if (ow < w.interior_end && w.interior_end - 4 >= w.interior_begin) {
      // The last group overlaps the one before it: count only its new windows.
      const int64_t last = w.interior_end - 4;
      int32_t lanes[4];
      storei(lanes, group(last));
      for (int64_t l = ow - last; l < 4; ++l) found += lanes[l];
      ow = w.interior_end;
    }
    found += sum_lanes(count);
    iw = std::max(iw, std::min(IW, ow * 2 - pad));
  }
  POOLGRAD_NO_UNROLL
  for (; iw < IW; ++iw) one(iw);
  return found;
}

// dinp: (planes, in_plane)  <-  dout, indices: (planes, out_plane)
inline void run(float* dinp, const float* dout, const int32_t* indices, const PoolGeometry& g) {
  const int64_t in_plane = g.in_plane(), out_plane = g.out_plane();
  const bool gather = gathers(g);
  Workspace& ws = workspace();
  if (gather) {
    ws.build_axes(g);
    for (int a = 0; a < kMaxDims; ++a) ws.axis[a].build_cover(g, a);
  }
  const AxisTable& d = ws.axis[0];
  const AxisTable& h = ws.axis[1];
  const int64_t IH = g.in[1], IW = g.in[2], OH = g.out[1], OW = g.out[2];
  for (int64_t p = 0; p < g.planes(); ++p) {
    float* dx = dinp + p * in_plane;
    const float* gy = dout + p * out_plane;
    const int32_t* idx = indices + p * out_plane;
    if (!gather) {
      scatter_plane(dx, gy, idx, in_plane, out_plane);
      continue;
    }
    int64_t found = 0;
    for (int64_t id = 0; id < g.in[0]; ++id) {
      const auto dd = static_cast<size_t>(id);
      for (int64_t ih = 0; ih < IH; ++ih) {
        const auto hh = static_cast<size_t>(ih);
        float* row = dx + (id * IH + ih) * IW;
        if (d.cover_begin[dd] == d.cover_end[dd] || h.cover_begin[hh] == h.cover_end[hh]) {
          std::fill(row, row + IW, 0.0f);
          continue;
        }
        const int64_t o_row = (d.cover_begin[dd] * OH + h.cover_begin[hh]) * OW;
        found += gather_row(row, gy + o_row, idx + o_row, static_cast<int32_t>((id * IH + ih) * IW),
                            g, ws.axis[2]);
      }
    }
    // An index that is not in its own window (a caller's, not our forward's) goes where the
    // plain kernel sends it: redo this plane the plain way.
    if (found != count_winners(idx, out_plane)) scatter_plane(dx, gy, idx, in_plane, out_plane);
  }
}

}  // namespace max_backward

}  // namespace fast
}  // namespace poolgrad
