// avg_pool_fast.h: average pooling's fast paths, beside the plain kernels (avg_pool.cpp) that
// specify them; tests/cpp/test_fast_paths.cpp compares them element for element.
//
// Forward: a window's sum is the sum of its rows' sums. Each input row is summed once per
// output column (vectorised across the interior windows), in double like the plain kernel, then
// the rows of each window are added and scaled by 1 / divisor (a table made once per call).
// The grouping of the additions and the reciprocal differ from the plain loop only by double
// rounding, far below a float's last bit: results agree with it to within 1 ulp and almost
// always exactly.
//
// Backward: a gather, not a scatter. Each input element adds up dout / divisor of the windows
// that hold it, in increasing window order, starting from 0 -- exactly the plain kernel's
// additions in its order, so the gradient is bit-identical, and each element is written once.
#pragma once

#include <algorithm>
#include <cstdint>

#include "pool_tables.h"
#include "simd4.h"

namespace poolgrad {
namespace fast {

// PyTorch's divisor of the window (od, oh, ow), from the axis tables (avg_pool.cpp's rule).
inline int64_t table_divisor(const PoolGeometry& g, const Workspace& ws, int64_t od, int64_t oh,
                             int64_t ow) {
  if (g.divisor_override) return *g.divisor_override;
  const auto d = static_cast<size_t>(od), h = static_cast<size_t>(oh), w = static_cast<size_t>(ow);
  const AxisTable* a = ws.axis;
  if (g.count_include_pad) {
    return int64_t{a[0].padded[d]} * a[1].padded[h] * a[2].padded[w];
  }
  return int64_t{a[0].count[d]} * a[1].count[h] * a[2].count[w];
}

namespace avg_forward {

// Average pooling has no dilation: every window is a box of whole input elements.
inline bool applies(const PoolGeometry& g) { return g.kind == PoolKind::avg && unit_dilation(g); }

template <int S, int K>
void sum_row_interior(const float* x, double* hs, int64_t ow, int64_t ow_end, int64_t s, int64_t k,
                      int64_t pad) {
  using namespace simd;
  const int64_t kernel = K > 0 ? K : k;
  for (; ow + 4 <= ow_end; ow += 4) {
    const int64_t c0 = ow * s - pad;
    f64x2 lo = widen_lo(splat(0.0f)), hi = lo;
    for (int64_t kw = 0; kw < kernel; ++kw) {
      const f32x4 v = load_strided<S>(x + c0 + kw, s);
      lo = addd(lo, widen_lo(v));
      hi = addd(hi, widen_hi(v));
    }
    stored(hs + ow, lo);
    stored(hs + ow + 2, hi);
  }
}

inline void sum_row_columns(const float* x, double* hs, const AxisTable& w, int64_t ow,
                            int64_t ow_end) {
  for (; ow < ow_end; ++ow) {
    const int32_t first = w.first[static_cast<size_t>(ow)];
    const int32_t count = w.count[static_cast<size_t>(ow)];
    double sum = 0.0;
    for (int32_t kw = 0; kw < count; ++kw) sum += x[first + kw];
    hs[ow] = sum;
  }
}

template <int S, int K>
void sum_row(const float* x, double* hs, const PoolGeometry& g, const AxisTable& w) {
  const int64_t s = g.stride[2], k = g.kernel_size[2], pad = g.padding[2];
  int64_t vec_end = w.interior_begin;
  while (vec_end + 4 <= w.interior_end &&
         vec_end * s - pad + (k - 1) + simd::strided_reach<S>(s) < g.in[2]) {
    vec_end += 4;
  }
  sum_row_columns(x, hs, w, 0, w.interior_begin);
  sum_row_interior<S, K>(x, hs, w.interior_begin, vec_end, s, k, pad);
  sum_row_columns(x, hs, w, vec_end, g.out[2]);
}

template <int S, int K>
void run_planes(float* out, const float* inp, const PoolGeometry& g) {
  using namespace simd;
  Workspace& ws = workspace();
  const AxisTable& d = ws.axis[0];
  const AxisTable& h = ws.axis[1];
  const int64_t in_plane = g.in_plane(), out_plane = g.out_plane();
  const int64_t IH = g.in[1], IW = g.in[2], OH = g.out[1], OW = g.out[2];
  // 1 / divisor per window of a plane, once per call (0 for a window of padding only, whose
  // plain output is 0).
  double* scale = sized(ws.scale, out_plane);
  for (int64_t od = 0, o = 0; od < g.out[0]; ++od) {
    for (int64_t oh = 0; oh < OH; ++oh) {
      for (int64_t ow = 0; ow < OW; ++ow, ++o) {
        const int64_t taps = int64_t{d.count[static_cast<size_t>(od)]} *
                             h.count[static_cast<size_t>(oh)] *
                             ws.axis[2].count[static_cast<size_t>(ow)];
        scale[o] = taps == 0 ? 0.0 : 1.0 / static_cast<double>(table_divisor(g, ws, od, oh, ow));
      }
    }
  }
  const int64_t block = std::max<int64_t>(1, 32 / std::max<int64_t>(1, g.stride[1]));
  const int64_t max_rows = (block - 1) * g.stride[1] + g.kernel_size[1];
  double* hs = sized(ws.sums, g.kernel_size[0] * max_rows * OW + OW);
  double* acc = hs + g.kernel_size[0] * max_rows * OW;  // one output row's sums
  for (int64_t p = 0; p < g.planes(); ++p) {
    const float* x = inp + p * in_plane;
    float* y = out + p * out_plane;
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
            sum_row<S, K>(x + (id * IH + ih) * IW, hs + (kd * rows + ih - ih_lo) * OW, g,
                          ws.axis[2]);
          }
        }
        for (int64_t oh = oh0; oh < oh1; ++oh) {
          const auto hh = static_cast<size_t>(oh);
          std::fill(acc, acc + OW, 0.0);
          for (int64_t kd = 0; kd < d.count[dd]; ++kd) {
            for (int64_t kh = 0; kh < h.count[hh]; ++kh) {
              const double* r = hs + (kd * rows + h.first[hh] + kh - ih_lo) * OW;
              int64_t ow = 0;
              for (; ow + 2 <= OW; ow += 2) stored(acc + ow, addd(loadd(acc + ow), loadd(r + ow)));
              for (; ow < OW; ++ow) acc[ow] += r[ow];
            }
          }
          float* yrow = y + (od * OH + oh) * OW;
          const double* srow = scale + (od * OH + oh) * OW;
          int64_t ow = 0;
          for (; ow + 4 <= OW; ow += 4) {
            store(yrow + ow, narrow(muld(loadd(acc + ow), loadd(srow + ow)),
                                    muld(loadd(acc + ow + 2), loadd(srow + ow + 2))));
          }
          for (; ow < OW; ++ow) yrow[ow] = static_cast<float>(acc[ow] * srow[ow]);
        }
      }
    }
  }
}

// out: (planes, out_plane)  <-  inp: (planes, in_plane)
inline void run(float* out, const float* inp, const PoolGeometry& g) {
  workspace().build_axes(g);
  const int64_t s = g.stride[2], k = g.kernel_size[2];
  if (s == 1 && k == 2) return run_planes<1, 2>(out, inp, g);
  if (s == 1 && k == 3) return run_planes<1, 3>(out, inp, g);
  if (s == 1) return run_planes<1, 0>(out, inp, g);
  if (s == 2 && k == 2) return run_planes<2, 2>(out, inp, g);
  if (s == 2 && k == 3) return run_planes<2, 3>(out, inp, g);
  if (s == 2) return run_planes<2, 0>(out, inp, g);
  return run_planes<0, 0>(out, inp, g);
}

}  // namespace avg_forward

namespace avg_backward {

inline bool applies(const PoolGeometry& g) { return g.kind == PoolKind::avg && unit_dilation(g); }

// One input row (depth id, height ih): each element sums q over the windows holding it. q holds
// dout / divisor of one plane.
inline void gather_row(float* dx, const float* q, const PoolGeometry& g, const Workspace& ws,
                       int64_t id, int64_t ih) {
  using namespace simd;
  const AxisTable& d = ws.axis[0];
  const AxisTable& h = ws.axis[1];
  const AxisTable& w = ws.axis[2];
  const int64_t IW = g.in[2], OH = g.out[1], OW = g.out[2];
  const int64_t od0 = d.cover_begin[static_cast<size_t>(id)], od1 = d.cover_end[static_cast<size_t>(id)];
  const int64_t oh0 = h.cover_begin[static_cast<size_t>(ih)], oh1 = h.cover_end[static_cast<size_t>(ih)];
  if (od0 == od1 || oh0 == oh1) {
    std::fill(dx, dx + IW, 0.0f);
    return;
  }
  auto column = [&](int64_t iw) {
    const int64_t ow0 = w.cover_begin[static_cast<size_t>(iw)], ow1 = w.cover_end[static_cast<size_t>(iw)];
    float sum = 0.0f;
    for (int64_t od = od0; od < od1; ++od) {
      for (int64_t oh = oh0; oh < oh1; ++oh) {
        const float* qrow = q + (od * OH + oh) * OW;
        for (int64_t ow = ow0; ow < ow1; ++ow) sum += qrow[ow];
      }
    }
    dx[iw] = sum;
  };
  const int64_t s = g.stride[2], k = g.kernel_size[2], pad = g.padding[2];
  int64_t iw = 0;
  if (s == 1) {
    // Columns whose k windows are all present: ow = iw + pad - k + 1 .. iw + pad, in lanes.
    const int64_t lo = std::max<int64_t>(0, k - 1 - pad);
    const int64_t hi = std::min<int64_t>(IW, OW - pad);  // iw + pad + 1 <= OW
    for (; iw < lo && iw < IW; ++iw) column(iw);
    for (; iw + 4 <= hi; iw += 4) {
      f32x4 sum = splat(0.0f);
      for (int64_t od = od0; od < od1; ++od) {
        for (int64_t oh = oh0; oh < oh1; ++oh) {
          const float* qrow = q + (od * OH + oh) * OW + iw + pad - k + 1;
          for (int64_t j = 0; j < k; ++j) sum = add(sum, load(qrow + j));
        }
      }
      store(dx + iw, sum);
    }
  } else if (s == 2 && k == 2) {
    // Windows side by side: interior window ow holds columns 2 ow - pad and the next.
    const int64_t ow_begin = w.interior_begin;
    int64_t ow = ow_begin;
    const int64_t c_begin = std::min(IW, ow_begin * 2 - pad);
    for (; iw < c_begin; ++iw) column(iw);
    for (; ow + 4 <= w.interior_end; ow += 4) {
      f32x4 sum = splat(0.0f);
      for (int64_t od = od0; od < od1; ++od) {
        for (int64_t oh = oh0; oh < oh1; ++oh) sum = add(sum, load(q + (od * OH + oh) * OW + ow));
      }
      store(dx + ow * 2 - pad, zip_lo(sum, sum));
      store(dx + ow * 2 - pad + 4, zip_hi(sum, sum));
    }
    iw = std::max(iw, std::min(IW, ow * 2 - pad));
  }
  for (; iw < IW; ++iw) column(iw);
}

// dinp: (planes, in_plane)  <-  dout: (planes, out_plane)
inline void run(float* dinp, const float* dout, const PoolGeometry& g) {
  using namespace simd;
  Workspace& ws = workspace();
  ws.build_axes(g);
  for (int a = 0; a < kMaxDims; ++a) ws.axis[a].build_cover(g, a);
  const int64_t in_plane = g.in_plane(), out_plane = g.out_plane();
  const int64_t OH = g.out[1], OW = g.out[2];
  // The plain kernel's share of each window, dout / float(divisor), needs the divisor per window
  // of a plane: once per call.
  float* divisors = sized(ws.divisors, out_plane);
  for (int64_t od = 0, o = 0; od < g.out[0]; ++od) {
    for (int64_t oh = 0; oh < OH; ++oh) {
      for (int64_t ow = 0; ow < OW; ++ow, ++o) {
        divisors[o] = static_cast<float>(table_divisor(g, ws, od, oh, ow));
      }
    }
  }
  float* q = sized(ws.values, out_plane);
  for (int64_t p = 0; p < g.planes(); ++p) {
    const float* gy = dout + p * out_plane;
    int64_t o = 0;
    for (; o + 4 <= out_plane; o += 4) store(q + o, div(load(gy + o), load(divisors + o)));
    for (; o < out_plane; ++o) q[o] = gy[o] / divisors[o];
    float* dx = dinp + p * in_plane;
    for (int64_t id = 0; id < g.in[0]; ++id) {
      for (int64_t ih = 0; ih < g.in[1]; ++ih) {
        gather_row(dx + (id * g.in[1] + ih) * g.in[2], q, g, ws, id, ih);
      }
    }
  }
}

}  // namespace avg_backward

}  // namespace fast
}  // namespace poolgrad
