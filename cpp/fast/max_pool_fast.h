// max_pool_fast.h: max pooling's fast paths, beside the plain kernels (max_pool.cpp) that
// specify them. Each promises the plain kernel's output, indices and gradient bit for bit, and
// tests/cpp/test_fast_paths.cpp holds it to that on random problems.
//
// Forward, the idea of XNNPACK's pooling micro-kernels for NCHW: a window is a box, so its max is
// the max of its rows' maxima. Each input row is folded once into row maxima (vectorised across
// output columns for the interior windows, one column at a time for the border windows), then the
// rows of each window are folded into the output. The fold "replace when strictly greater" is
// associative over consecutive runs of the window's row-major order, so folding each row first
// and then the rows in order picks the same first maximum as the plain loop. A NaN must win (the
// last NaN); planes that hold a NaN are handed to the plain kernel, the others need no NaN test.
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

inline bool has_nan(const float* x, int64_t n) {
  using namespace simd;
  int64_t i = 0;
  mask4 m0 = lt(splat(0.0f), splat(0.0f)), m1 = m0;  // all false
  for (; i + 8 <= n; i += 8) {
    m0 = mask_or(m0, is_nan(load(x + i)));
    m1 = mask_or(m1, is_nan(load(x + i + 4)));
  }
  bool nan = any(mask_or(m0, m1));
  for (; i < n; ++i) nan = nan || x[i] != x[i];
  return nan;
}

namespace max_forward {

// Every window is a box of whole input elements: dilation 1 on every axis.
inline bool applies(const PoolGeometry& g) { return g.kind == PoolKind::max && unit_dilation(g); }

// Folds one input row x (flat index row_at of its first element within the plane) into the
// maxima of each output column's window along the width: value hv[ow], flat index hi[ow] (hi
// may be null: values only). No NaN in x.
template <int S, int K, bool kIndices>
void fold_row_interior(const float* x, int32_t row_at, float* hv, int32_t* hi, int64_t ow,
                       int64_t ow_end, int64_t s, int64_t k, int64_t pad) {
  using namespace simd;
  const int64_t kernel = K > 0 ? K : k;
  const i32x4 lane_cols = iota(static_cast<int32_t>(S > 0 ? S : s));
  for (; ow + 4 <= ow_end; ow += 4) {
    const int64_t c0 = ow * s - pad;
    f32x4 best = load_strided<S>(x + c0, s);
    i32x4 at = addi(splati(row_at + static_cast<int32_t>(c0)), lane_cols);
    for (int64_t kw = 1; kw < kernel; ++kw) {
      const f32x4 v = load_strided<S>(x + c0 + kw, s);
      if constexpr (kIndices) {
        const mask4 m = lt(best, v);
        best = select(m, v, best);
        at = selecti(m, addi(splati(row_at + static_cast<int32_t>(c0 + kw)), lane_cols), at);
      } else {
        best = pmax(best, v);
      }
    }
    store(hv + ow, best);
    if constexpr (kIndices) storei(hi + ow, at);
  }
}

// The border windows (and any interior ones left over), one output column at a time.
inline void fold_row_columns(const float* x, int32_t row_at, float* hv, int32_t* hi,
                             const AxisTable& w, int64_t ow, int64_t ow_end) {
  for (; ow < ow_end; ++ow) {
    const int32_t first = w.first[static_cast<size_t>(ow)];
    const int32_t count = w.count[static_cast<size_t>(ow)];
    float best = x[first];
    int32_t at = first;
    for (int32_t kw = 1; kw < count; ++kw) {
      if (best < x[first + kw]) {
        best = x[first + kw];
        at = first + kw;
      }
    }
    hv[ow] = best;
    if (hi) hi[ow] = row_at + at;
  }
}

template <int S, int K, bool kIndices>
void fold_row(const float* x, int32_t row_at, float* hv, int32_t* hi, const PoolGeometry& g,
              const AxisTable& w) {
  const int64_t s = g.stride[2], k = g.kernel_size[2], pad = g.padding[2];
  // Vector groups of 4 interior windows whose strided loads stay inside the row.
  int64_t vec_end = w.interior_begin;
  while (vec_end + 4 <= w.interior_end &&
         vec_end * s - pad + (k - 1) + simd::strided_reach<S>(s) < g.in[2]) {
    vec_end += 4;
  }
  fold_row_columns(x, row_at, hv, hi, w, 0, w.interior_begin);
  fold_row_interior<S, K, kIndices>(x, row_at, hv, hi, w.interior_begin, vec_end, s, k, pad);
  fold_row_columns(x, row_at, hv, hi, w, vec_end, g.out[2]);
}

// Folds row maxima (hv, hi) into the output row (y, yi), or starts it with them.
template <bool kIndices>
void fold_into(float* y, int32_t* yi, const float* hv, const int32_t* hi, int64_t n, bool start) {
  if (start) {
    std::memcpy(y, hv, static_cast<size_t>(n) * sizeof(float));
    if constexpr (kIndices) std::memcpy(yi, hi, static_cast<size_t>(n) * sizeof(int32_t));
    return;
  }
  using namespace simd;
  int64_t o = 0;
  for (; o + 4 <= n; o += 4) {
    const f32x4 a = load(y + o), b = load(hv + o);
    if constexpr (kIndices) {
      const mask4 m = lt(a, b);
      store(y + o, select(m, b, a));
      storei(yi + o, selecti(m, loadi(hi + o), loadi(yi + o)));
    } else {
      store(y + o, pmax(a, b));
    }
  }
  for (; o < n; ++o) {
    if (y[o] < hv[o]) {
      y[o] = hv[o];
      if constexpr (kIndices) yi[o] = hi[o];
    }
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
  // Output rows are taken in blocks, so the row maxima of a block stay in cache.
  const int64_t block = std::max<int64_t>(1, 32 / std::max<int64_t>(1, g.stride[1]));
  const int64_t max_rows = (block - 1) * g.stride[1] + g.kernel_size[1];
  float* hv = sized(ws.values, g.kernel_size[0] * max_rows * OW);
  int32_t* hi = kIndices ? sized(ws.indices, g.kernel_size[0] * max_rows * OW) : nullptr;
  const PoolGeometry plane = one_plane(g);
  for (int64_t p = 0; p < g.planes(); ++p) {
    const float* x = inp + p * in_plane;
    float* y = out + p * out_plane;
    int32_t* yi = kIndices ? indices + p * out_plane : nullptr;
    if (has_nan(x, in_plane)) {
      max_pool_forward(y, kIndices ? yi : sized(ws.indices, out_plane), x, plane);
      continue;
    }
    for (int64_t od = 0; od < g.out[0]; ++od) {
      const auto dd = static_cast<size_t>(od);
      for (int64_t oh0 = 0; oh0 < OH; oh0 += block) {
        const int64_t oh1 = std::min(OH, oh0 + block);
        const int64_t ih_lo = h.first[static_cast<size_t>(oh0)];
        const int64_t ih_hi =
            h.first[static_cast<size_t>(oh1 - 1)] + h.count[static_cast<size_t>(oh1 - 1)];
        const int64_t rows = ih_hi - ih_lo;
        for (int64_t kd = 0; kd < d.count[dd]; ++kd) {
          const int64_t id = d.first[dd] + kd;
          for (int64_t ih = ih_lo; ih < ih_hi; ++ih) {
            const int64_t r = kd * rows + ih - ih_lo;
            const int64_t at = (id * IH + ih) * IW;
            fold_row<S, K, kIndices>(x + at, static_cast<int32_t>(at), hv + r * OW,
                                     kIndices ? hi + r * OW : nullptr, g, w);
          }
        }
        for (int64_t oh = oh0; oh < oh1; ++oh) {
          float* yrow = y + (od * OH + oh) * OW;
          int32_t* yirow = kIndices ? yi + (od * OH + oh) * OW : nullptr;
          const auto hh = static_cast<size_t>(oh);
          bool start = true;
          for (int64_t kd = 0; kd < d.count[dd]; ++kd) {
            for (int64_t kh = 0; kh < h.count[hh]; ++kh) {
              const int64_t r = kd * rows + h.first[hh] + kh - ih_lo;
              fold_into<kIndices>(yrow, yirow, hv + r * OW, kIndices ? hi + r * OW : nullptr, OW,
                                  start);
              start = false;
            }
          }
          if (start) {  // no input element in the window (not reachable with dilation 1)
            std::fill(yrow, yrow + OW, -std::numeric_limits<float>::infinity());
            if (kIndices) std::fill(yirow, yirow + OW, -1);
          }
        }
      }
    }
  }
}

template <bool kIndices>
void run_for(float* out, int32_t* indices, const float* inp, const PoolGeometry& g) {
  const int64_t s = g.stride[2], k = g.kernel_size[2];
  if (s == 1 && k == 2) return run_planes<1, 2, kIndices>(out, indices, inp, g);
  if (s == 1 && k == 3) return run_planes<1, 3, kIndices>(out, indices, inp, g);
  if (s == 1) return run_planes<1, 0, kIndices>(out, indices, inp, g);
  if (s == 2 && k == 2) return run_planes<2, 2, kIndices>(out, indices, inp, g);
  if (s == 2 && k == 3) return run_planes<2, 3, kIndices>(out, indices, inp, g);
  if (s == 2) return run_planes<2, 0, kIndices>(out, indices, inp, g);
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
    for (; iw < c_begin; ++iw) one(iw);
    i32x4 count = splati(0);
    for (; ow + 4 <= w.interior_end; ow += 4) {
      const int64_t c0 = ow * 2 - pad;
      const i32x4 at = loadi(idx + ow);
      const f32x4 grad = add(splat(0.0f), load(g_out + ow));
      const i32x4 even_at = addi(splati(row_at + static_cast<int32_t>(c0)), iota(2));
      const mask4 me = eqi(at, even_at);
      const mask4 mo = eqi(at, addi(even_at, splati(1)));
      const f32x4 ve = zero_unless(me, grad), vo = zero_unless(mo, grad);
      store(dx + c0, zip_lo(ve, vo));
      store(dx + c0 + 4, zip_hi(ve, vo));
      count = sub_mask(sub_mask(count, me), mo);
    }
    found += sum_lanes(count);
    iw = std::max(iw, std::min(IW, ow * 2 - pad));
  }
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
    int64_t expected = 0;
    for (int64_t o = 0; o < out_plane; ++o) expected += idx[o] >= 0 ? 1 : 0;
    if (found != expected) scatter_plane(dx, gy, idx, in_plane, out_plane);
  }
}

}  // namespace max_backward

}  // namespace fast
}  // namespace poolgrad
