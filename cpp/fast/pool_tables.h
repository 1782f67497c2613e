// pool_tables.h: what the fast kernels precompute once per call, and the scratch they reuse.
// The window rule itself stays in pool_window.h (axis_window); these tables only cache it per
// axis, so a kernel's inner loops read a table instead of recomputing starts and clips.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "../pool_options.h"
#include "../pool_window.h"
#include "simd4.h"  // POOLGRAD_NO_UNROLL

namespace poolgrad {
namespace fast {

// One axis of a geometry whose dilation is 1: the window of each output index o covers the
// input indices [first[o], first[o] + count[o]); padded[o] is its extent up to the end of the
// right padding (average pooling's count_include_pad divisor factor).
struct AxisTable {
  std::vector<int32_t> first, count, padded;
  // Outputs [interior_begin, interior_end) have windows wholly inside the input (count = kernel);
  // the rest are border windows, clipped by padding or a ceil_mode overhang.
  int64_t interior_begin = 0, interior_end = 0;
  // For each input index i, the outputs [cover_begin[i], cover_end[i]) whose windows contain it
  // (filled only by the kernels that gather: average backward).
  std::vector<int32_t> cover_begin, cover_end;

  void build(const PoolGeometry& g, int axis) {
    const auto n = static_cast<size_t>(g.out[axis]);
    first.resize(n);
    count.resize(n);
    padded.resize(n);
    interior_begin = g.out[axis];
    interior_end = g.out[axis];
    bool seen_interior = false;
    POOLGRAD_NO_UNROLL
    for (int64_t o = 0; o < g.out[axis]; ++o) {
      const AxisWindow w = axis_window(g, axis, o);
      const auto k = static_cast<size_t>(o);
      first[k] = static_cast<int32_t>(w.first);
      count[k] = static_cast<int32_t>(w.count);
      padded[k] = static_cast<int32_t>(w.padded_extent);
      const bool inside = w.count == g.kernel_size[axis];
      if (inside && !seen_interior) interior_begin = o;
      if (inside) {
        seen_interior = true;
        interior_end = o + 1;
      }
    }
  }

  void build_cover(const PoolGeometry& g, int axis) {
    const auto in = static_cast<size_t>(g.in[axis]);
    cover_begin.assign(in, 0);
    cover_end.assign(in, 0);
    // Windows start in increasing order and have at most kernel taps, so the windows holding
    // input i are a run of consecutive outputs; sweep both ends along once.
    const int64_t out = g.out[axis];
    int64_t lo = 0, hi = 0;
    POOLGRAD_NO_UNROLL
    for (int64_t i = 0; i < g.in[axis]; ++i) {
      while (lo < out && first[static_cast<size_t>(lo)] + count[static_cast<size_t>(lo)] <= i) ++lo;
      if (hi < lo) hi = lo;
      while (hi < out && first[static_cast<size_t>(hi)] <= i) ++hi;
      const auto k = static_cast<size_t>(i);
      cover_begin[k] = static_cast<int32_t>(lo);
      cover_end[k] = static_cast<int32_t>(std::max(lo, hi));
    }
  }
};

// Scratch owned by one thread, sized by the largest call so far and then reused: a fast kernel
// never allocates per call once the sizes repeat.
struct Workspace {
  AxisTable axis[kMaxDims];
  std::vector<float> values;         // row maxima, per-plane shares, ...
  std::vector<int32_t> indices;      // row argmaxima, or a plain fallback's indices
  std::vector<double> sums;          // row sums (average pooling accumulates in double)
  std::vector<double> scale;         // 1 / divisor per window of a plane (average forward)
  std::vector<float> divisors;       // the divisor per window of a plane (average backward)
  std::vector<int64_t> row_offsets;  // a window's input rows (average forward)

  void build_axes(const PoolGeometry& g) {
    for (int a = 0; a < kMaxDims; ++a) axis[a].build(g, a);
  }
};

inline Workspace& workspace() {
  static thread_local Workspace w;
  return w;
}

template <typename T>
inline T* sized(std::vector<T>& v, int64_t n) {
  if (v.size() < static_cast<size_t>(n)) v.resize(static_cast<size_t>(n));
  return v.data();
}

// A geometry's one plane as a geometry of its own (for a plain fallback on one plane).
inline PoolGeometry one_plane(const PoolGeometry& g) {
  PoolGeometry p = g;
  p.batch = 1;
  p.channels = 1;
  return p;
}

inline bool unit_dilation(const PoolGeometry& g) {
  return g.dilation[0] == 1 && g.dilation[1] == 1 && g.dilation[2] == 1;
}

// Every window is at most as large as the input along each axis. The fast paths' per-call
// tables and margins are sized by the kernel, and a kernel far larger than its input (possible
// only with padding, up to 2^24 per axis) would make them huge and its divisor overflow int64;
// such windows are mostly padding and the plain kernels handle them exactly.
inline bool windows_fit_input(const PoolGeometry& g) {
  return g.kernel_size[0] <= g.in[0] && g.kernel_size[1] <= g.in[1] && g.kernel_size[2] <= g.in[2];
}

// Where the groups of four interior windows of the last axis go (the fast forward kernels of
// max and average pooling): [interior_begin, vec_end) in steps of 4, then one more group starting
// at tail (overlapping the last one; -1 if none), all with loads inside the input row: window ow's
// loads end at ow * stride - padding + reach. Columns from done on are left to the
// one-at-a-time path.
struct LaneGroups {
  int64_t begin = 0, vec_end = 0, tail = -1, done = 0;
  int64_t first() const { return vec_end > begin ? begin : tail; }
  // The group after the one at ow, or -1 (one loop, so the group's code appears once).
  int64_t next(int64_t ow) const {
    if (ow + 4 < vec_end) return ow + 4;
    return ow < tail ? tail : -1;
  }
};

inline LaneGroups lane_groups(const PoolGeometry& g, const AxisTable& w, int64_t reach) {
  const int64_t s = g.stride[2], pad = g.padding[2];
  auto fits = [&](int64_t ow) { return ow * s - pad + reach < g.in[2]; };
  LaneGroups r;
  r.begin = w.interior_begin;
  r.vec_end = w.interior_begin;
  while (r.vec_end + 4 <= w.interior_end && fits(r.vec_end)) r.vec_end += 4;
  r.done = r.vec_end;
  const int64_t last = w.interior_end - 4;
  if (r.vec_end < w.interior_end && last >= w.interior_begin && fits(last)) {
    r.tail = last;
    r.done = w.interior_end;
  }
  return r;
}

}  // namespace fast
}  // namespace poolgrad
