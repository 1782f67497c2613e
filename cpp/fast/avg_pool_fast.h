// avg_pool_fast.h: average pooling's fast paths, beside the plain kernels (avg_pool.cpp) that
// specify them; tests/cpp/test_fast_paths.cpp compares them element for element.
//
// Forward: a window's sum is the sum of its rows' sums. Each input row of a plane is summed once
// per output column, in double like the plain kernel (four interior windows at a time in SIMD
// lanes, border windows one at a time), then each output row adds its window's rows (all lanes,
// no border work) and scales by 1 / divisor (a table made once per call).
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

// The forward sums every input row along the width once (in[0] * in[1] rows of axis_taps(2)
// taps), where the windows read only the rows they cover. With a stride above the kernel along
// depth or height most rows belong to no window, and the row sums would cost far more than the
// windows' taps (validate()'s work cap counts those): kernel_size 1, stride 2^12 over 2^12 rows
// sums 2^12 times the rows the one window row reads. So the fast path runs while the rows are
// at most 4 times the rows the windows read (every ordinary layer: kernel >= stride / 4).
inline bool rows_mostly_read(const PoolGeometry& g) {
  return g.in[0] * g.in[1] <= 4 * axis_taps(g, 0) * axis_taps(g, 1);
}

// Average pooling has no dilation: every window is a box of whole input elements.
inline bool applies(const PoolGeometry& g) {
  return g.kind == PoolKind::avg && unit_dilation(g) && windows_fit_input(g) && rows_mostly_read(g);
}

// Four interior windows' sums along one row, in double: columns c0, c0 + S, ... and the K - 1
// after each.
template <int S, int K>
inline void sum4(const float* p, int64_t s, int64_t k, simd::f64x2* lo, simd::f64x2* hi) {
  using namespace simd;
  const int64_t kernel = K > 0 ? K : k;
  f32x4 v = load_strided<S>(p, s);
  f64x2 a = widen_lo(v), b = widen_hi(v);
  for (int64_t kw = 1; kw < kernel; ++kw) {
    v = load_strided<S>(p + kw, s);
    a = addd(a, widen_lo(v));
    b = addd(b, widen_hi(v));
  }
  *lo = a;
  *hi = b;
}

// The groups of four interior windows (pool_tables.h): the row sums' loads reach kernel_size - 1
// past the window's start, plus the strided load's reach.
template <int S>
LaneGroups sum_groups(const PoolGeometry& g, const AxisTable& w) {
  return lane_groups(g, w, (g.kernel_size[2] - 1) + simd::strided_reach<S>(g.stride[2]));
}

// Every input row's window sums along the width: hs[row][ow], in double.
template <int S, int K>
[[gnu::noinline]] void row_sums(const float* x, double* hs, int64_t n_rows, const PoolGeometry& g,
                                const AxisTable& w, const LaneGroups& groups) {
  using namespace simd;
  const int64_t s = g.stride[2], k = g.kernel_size[2], pad = g.padding[2];
  const int64_t IW = g.in[2], OW = g.out[2];
  auto one = [&](const float* xr, double* h, int64_t ow) {
    const int32_t first = w.first[static_cast<size_t>(ow)];
    double sum = 0.0;
    POOLGRAD_NO_UNROLL
    for (int32_t kw = 0; kw < w.count[static_cast<size_t>(ow)]; ++kw) sum += xr[first + kw];
    h[ow] = sum;
  };
  for (int64_t r = 0; r < n_rows; ++r) {
    const float* xr = x + r * IW;
    double* h = hs + r * OW;
    POOLGRAD_NO_UNROLL
    for (int64_t ow = 0; ow < w.interior_begin; ++ow) one(xr, h, ow);
    auto group = [&](int64_t ow) {
      f64x2 lo, hi;
      sum4<S, K>(xr + ow * s - pad, s, k, &lo, &hi);
      stored(h + ow, lo);
      stored(h + ow + 2, hi);
    };
    for (int64_t ow = groups.first(); ow >= 0; ow = groups.next(ow)) group(ow);
    POOLGRAD_NO_UNROLL
    for (int64_t ow = groups.done; ow < OW; ++ow) one(xr, h, ow);
  }
}

// An output row from R rows of row sums (R fixed: the row pointers stay in registers), four
// outputs at a time; returns where it stopped.
template <int R>
int64_t window_rows(const double* hs, const int64_t* rows, const double* srow, float* yrow,
                    int64_t OW) {
  using namespace simd;
  const double* r[R] = {};
  for (int i = 0; i < R; ++i) r[i] = hs + rows[i];
  int64_t ow = 0;
  for (; ow + 4 <= OW; ow += 4) {
    f64x2 lo = widen_lo(splat(0.0f)), hi = lo;
    for (int i = 0; i < R; ++i) {
      lo = addd(lo, loadd(r[i] + ow));
      hi = addd(hi, loadd(r[i] + ow + 2));
    }
    store(yrow + ow, narrow(muld(lo, loadd(srow + ow)), muld(hi, loadd(srow + ow + 2))));
  }
  return ow;
}

template <int S, int K>
void run_planes(float* out, const float* inp, const PoolGeometry& g) {
  using namespace simd;
  Workspace& ws = workspace();
  const AxisTable& d = ws.axis[0];
  const AxisTable& h = ws.axis[1];
  const int64_t in_plane = g.in_plane(), out_plane = g.out_plane();
  const int64_t IH = g.in[1], OH = g.out[1], OW = g.out[2];
  // 1 / divisor per window of a plane, once per call (0 for a window of padding only, whose
  // plain output is 0).
  double* scale = sized(ws.scale, out_plane);
  for (int64_t od = 0, o = 0; od < g.out[0]; ++od) {
    for (int64_t oh = 0; oh < OH; ++oh) {
      POOLGRAD_NO_UNROLL
      for (int64_t ow = 0; ow < OW; ++ow, ++o) {
        const int64_t taps = int64_t{d.count[static_cast<size_t>(od)]} *
                             h.count[static_cast<size_t>(oh)] *
                             ws.axis[2].count[static_cast<size_t>(ow)];
        scale[o] = taps == 0 ? 0.0 : 1.0 / static_cast<double>(table_divisor(g, ws, od, oh, ow));
      }
    }
  }
  const LaneGroups groups = sum_groups<S>(g, ws.axis[2]);
  const int64_t n_rows = g.in[0] * IH;
  double* hs = sized(ws.sums, n_rows * OW);
  int64_t* rows = sized(ws.row_offsets, g.kernel_size[0] * g.kernel_size[1]);
  for (int64_t p = 0; p < g.planes(); ++p) {
    row_sums<S, K>(inp + p * in_plane, hs, n_rows, g, ws.axis[2], groups);
    float* y = out + p * out_plane;
    for (int64_t od = 0; od < g.out[0]; ++od) {
      for (int64_t oh = 0; oh < OH; ++oh) {
        const auto dd = static_cast<size_t>(od), hh = static_cast<size_t>(oh);
        int64_t n = 0;
        for (int64_t id = d.first[dd]; id < d.first[dd] + d.count[dd]; ++id) {
          for (int64_t ih = h.first[hh]; ih < h.first[hh] + h.count[hh]; ++ih)
            rows[n++] = (id * IH + ih) * OW;
        }
        float* yrow = y + (od * OH + oh) * OW;
        const double* srow = scale + (od * OH + oh) * OW;
        int64_t ow = 0;
        if (n == 3) {
          ow = window_rows<3>(hs, rows, srow, yrow, OW);
        } else if (n == 2) {
          ow = window_rows<2>(hs, rows, srow, yrow, OW);
        } else {
          for (; ow + 4 <= OW; ow += 4) {
            f64x2 lo = widen_lo(splat(0.0f)), hi = lo;
            for (int64_t r = 0; r < n; ++r) {
              lo = addd(lo, loadd(hs + rows[r] + ow));
              hi = addd(hi, loadd(hs + rows[r] + ow + 2));
            }
            store(yrow + ow, narrow(muld(lo, loadd(srow + ow)), muld(hi, loadd(srow + ow + 2))));
          }
        }
        POOLGRAD_NO_UNROLL
        for (; ow < OW; ++ow) {
          double sum = 0.0;
          for (int64_t r = 0; r < n; ++r) sum += hs[rows[r] + ow];
          yrow[ow] = static_cast<float>(sum * srow[ow]);
        }
      }
    }
  }
}

// out: (planes, out_plane)  <-  inp: (planes, in_plane)
inline void run(float* out, const float* inp, const PoolGeometry& g) {
  workspace().build_axes(g);
  const int64_t s = g.stride[2], k = g.kernel_size[2];
  if (s == 1 && k == 3) return run_planes<1, 3>(out, inp, g);
  if (s == 2 && k == 2) return run_planes<2, 2>(out, inp, g);
  return run_planes<0, 0>(out, inp, g);
}

}  // namespace avg_forward

namespace avg_backward {

inline bool applies(const PoolGeometry& g) {
  return g.kind == PoolKind::avg && unit_dilation(g) && windows_fit_input(g);
}

// q holds dout / divisor of one plane, one row per output row (od, oh), each row_width long with
// its OW values starting at margin. With stride 1 along the width the margins (kernel - 1 on
// each side) hold zeros, so every input column sums exactly k entries of each q row it meets and
// needs no border case: adding +0 to a sum that starts at +0 changes no bit of it (the sum is
// never -0, and x + 0 = x otherwise), and the real terms keep their order.
// The stride-1 lanes sum kernel_size entries of q for every input column, window or not, so
// they cost IW * kernel_size per input row where the windows hold OW * kernel_size taps: they
// are taken only while kernel_size <= OW, which keeps them within a small factor of the taps
// (validate()'s work cap). A kernel wider than the output (one window over a long row) would
// otherwise cost IW * kernel_size: avg_pool1d of 2^16 elements with kernel_size 2^16, stride 1
// (one window, 2^16 taps) took 2^32 steps, a libFuzzer timeout (tests/fuzz/corpus/
// slow-avg1d-k2e16-stride1). Other columns sum only their own windows (column()).
inline bool stride1_lanes(const PoolGeometry& g) {
  return g.stride[2] == 1 && g.kernel_size[2] <= g.out[2];
}

struct Shares {
  float* q;
  int64_t row_width, margin;
};

// Stride 1 along the width, K taps and R rows of q for this input row (both fixed, so the row
// pointers stay in registers and the loops unroll): columns in groups of 8 then 4, each lane
// adding its K * R shares in the plain order. Returns where it stopped.
template <int K, int R>
int64_t gather_columns(float* dx, const float* q, int64_t od0, int64_t od1, int64_t oh0,
                       int64_t oh1, int64_t OH, int64_t QW, int64_t pad, int64_t IW) {
  using namespace simd;
  const float* r[R] = {};
  int i = 0;
  for (int64_t od = od0; od < od1; ++od) {
    for (int64_t oh = oh0; oh < oh1; ++oh) r[i++] = q + (od * OH + oh) * QW + pad - K + 1;
  }
  int64_t c = 0;
  for (; c + 8 <= IW; c += 8) {
    f32x4 sum0 = splat(0.0f), sum1 = sum0;
    for (int j = 0; j < R; ++j) {
      for (int t = 0; t < K; ++t) {
        sum0 = add(sum0, load(r[j] + c + t));
        sum1 = add(sum1, load(r[j] + c + t + 4));
      }
    }
    store(dx + c, sum0);
    store(dx + c + 4, sum1);
  }
  return c;
}

// One input row (depth id, height ih): each element sums q over the windows holding it.
inline void gather_row(float* dx, const Shares& sh, const PoolGeometry& g, const Workspace& ws,
                       int64_t id, int64_t ih) {
  using namespace simd;
  const AxisTable& d = ws.axis[0];
  const AxisTable& h = ws.axis[1];
  const AxisTable& w = ws.axis[2];
  const int64_t IW = g.in[2], OH = g.out[1], QW = sh.row_width;
  const float* q = sh.q + sh.margin;
  const int64_t od0 = d.cover_begin[static_cast<size_t>(id)],
                od1 = d.cover_end[static_cast<size_t>(id)];
  const int64_t oh0 = h.cover_begin[static_cast<size_t>(ih)],
                oh1 = h.cover_end[static_cast<size_t>(ih)];
  if (od0 == od1 || oh0 == oh1) {
    std::fill(dx, dx + IW, 0.0f);
    return;
  }
  auto column = [&](int64_t iw) {
    const int64_t ow0 = w.cover_begin[static_cast<size_t>(iw)],
                  ow1 = w.cover_end[static_cast<size_t>(iw)];
    float sum = 0.0f;
    for (int64_t od = od0; od < od1; ++od) {
      for (int64_t oh = oh0; oh < oh1; ++oh) {
        const float* qrow = q + (od * OH + oh) * QW;
        POOLGRAD_NO_UNROLL
        for (int64_t ow = ow0; ow < ow1; ++ow) sum += qrow[ow];
      }
    }
    dx[iw] = sum;
  };
  const int64_t s = g.stride[2], k = g.kernel_size[2], pad = g.padding[2];
  int64_t iw = 0;
  if (stride1_lanes(g) && IW >= 4) {
    // Column c sums the windows ow = c + pad - k + 1 .. c + pad (the margins supply zeros for
    // those outside the output), four columns in lanes; the last group may overlap.
    auto group = [&](int64_t c) {
      f32x4 sum = splat(0.0f);
      for (int64_t od = od0; od < od1; ++od) {
        for (int64_t oh = oh0; oh < oh1; ++oh) {
          const float* qrow = q + (od * OH + oh) * QW + c + pad - k + 1;
          for (int64_t j = 0; j < k; ++j) sum = add(sum, load(qrow + j));
        }
      }
      store(dx + c, sum);
    };
    // Two groups at a time: each lane's k * rows additions are one dependent chain, so a second
    // independent chain keeps the adder busy.
    auto two_groups = [&](int64_t c) {
      f32x4 sum0 = splat(0.0f), sum1 = sum0;
      for (int64_t od = od0; od < od1; ++od) {
        for (int64_t oh = oh0; oh < oh1; ++oh) {
          const float* qrow = q + (od * OH + oh) * QW + c + pad - k + 1;
          for (int64_t j = 0; j < k; ++j) {
            sum0 = add(sum0, load(qrow + j));
            sum1 = add(sum1, load(qrow + j + 4));
          }
        }
      }
      store(dx + c, sum0);
      store(dx + c + 4, sum1);
    };
    const int64_t n_rows = (od1 - od0) * (oh1 - oh0);
    if (k == 3 && n_rows == 3) {
      iw = gather_columns<3, 3>(dx, q, od0, od1, oh0, oh1, OH, QW, pad, IW);
    } else if (k == 3 && n_rows == 2) {
      iw = gather_columns<3, 2>(dx, q, od0, od1, oh0, oh1, OH, QW, pad, IW);
    } else if (k == 2 && n_rows == 2) {
      iw = gather_columns<2, 2>(dx, q, od0, od1, oh0, oh1, OH, QW, pad, IW);
    } else if (k == 2 && n_rows == 1) {
      iw = gather_columns<2, 1>(dx, q, od0, od1, oh0, oh1, OH, QW, pad, IW);
    }
    for (; iw + 8 <= IW; iw += 8) two_groups(iw);
    for (; iw + 4 <= IW; iw += 4) group(iw);
    if (iw < IW) {
      group(IW - 4);
      iw = IW;
    }
  } else if (s == 2 && k == 2) {
    // Windows side by side: interior window ow holds columns 2 ow - pad and the next.
    const int64_t ow_begin = w.interior_begin;
    const int64_t c_begin = std::min(IW, ow_begin * 2 - pad);
    POOLGRAD_NO_UNROLL
    for (; iw < c_begin; ++iw) column(iw);
    auto group = [&](int64_t ow) {
      f32x4 sum = splat(0.0f);
      for (int64_t od = od0; od < od1; ++od) {
        for (int64_t oh = oh0; oh < oh1; ++oh) sum = add(sum, load(q + (od * OH + oh) * QW + ow));
      }
      store(dx + ow * 2 - pad, zip_lo(sum, sum));
      store(dx + ow * 2 - pad + 4, zip_hi(sum, sum));
    };
    int64_t ow = ow_begin;
    for (; ow + 4 <= w.interior_end; ow += 4) group(ow);
    if (ow < w.interior_end && w.interior_end - 4 >= ow_begin) {
      group(w.interior_end - 4);
      ow = w.interior_end;
    }
    iw = std::max(iw, std::min(IW, ow * 2 - pad));
  }
  POOLGRAD_NO_UNROLL
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
      POOLGRAD_NO_UNROLL
      for (int64_t ow = 0; ow < OW; ++ow, ++o) {
        divisors[o] = static_cast<float>(table_divisor(g, ws, od, oh, ow));
      }
    }
  }
  Shares sh;
  sh.margin = stride1_lanes(g) ? g.kernel_size[2] - 1 : 0;
  sh.row_width = OW + 2 * sh.margin;
  const int64_t q_rows = g.out[0] * OH;
  sh.q = sized(ws.values, q_rows * sh.row_width);
  for (int64_t r = 0; r < q_rows && sh.margin > 0; ++r) {
    std::fill(sh.q + r * sh.row_width, sh.q + r * sh.row_width + sh.margin, 0.0f);
    std::fill(sh.q + r * sh.row_width + sh.margin + OW, sh.q + (r + 1) * sh.row_width, 0.0f);
  }
  for (int64_t p = 0; p < g.planes(); ++p) {
    const float* gy = dout + p * out_plane;
    for (int64_t r = 0; r < q_rows; ++r) {
      float* qr = sh.q + r * sh.row_width + sh.margin;
      const float* gr = gy + r * OW;
      const float* dr = divisors + r * OW;
      int64_t o = 0;
      for (; o + 4 <= OW; o += 4) store(qr + o, div(load(gr + o), load(dr + o)));
      for (; o < OW; ++o) qr[o] = gr[o] / dr[o];
    }
    float* dx = dinp + p * in_plane;
    for (int64_t id = 0; id < g.in[0]; ++id) {
      for (int64_t ih = 0; ih < g.in[1]; ++ih) {
        gather_row(dx + (id * g.in[1] + ih) * g.in[2], sh, g, ws, id, ih);
      }
    }
  }
}

}  // namespace avg_backward

}  // namespace fast
}  // namespace poolgrad
