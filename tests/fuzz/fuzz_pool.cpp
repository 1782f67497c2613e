// fuzz_pool.cpp: libFuzzer target for the core's five entry points (pool_output_shape,
// pool_forward, pool_backward, pool_routing_counts, pool_windows). Any byte string becomes a
// pooling request; the core must answer every one with a result or a Status, never crash, read
// or write out of bounds, overflow (UBSan), or hang (-timeout), and its answers must be right in
// the ways checkable without an oracle:
//   - a rejection has a message, a param and a code from status.h's lists, the same from every
//     entry point;
//   - an accepted request does at most kMaxWork steps, counted here independently of the core;
//   - results have their shapes' sizes; indices, cells and offsets lie in their planes;
//   - max-type (max, adaptive_max, fractional_max): the output is the value at its index, the
//     window's largest (or NaN), -inf and -1 for a window of padding only (with max_skips_nan:
//     never NaN, and -1 also for a window of NaN only); avg and adaptive_avg without
//     divisor_override: finite, within the inputs' range; lp with lp_norm_of_window: between
//     the window's largest |x| and, for p >= 1, the sum of its |x|; max_unpool: each input
//     value at its index, zeros elsewhere (distinct indices);
//   - the routing counts add up to the windows (max-type), the window taps (avg, adaptive_avg,
//     lp) or the input elements (max_unpool, counted per output cell).
// Built by CMake with -DPOOLGRAD_FUZZ=ON (clang, ASan + UBSan), run by scripts/fuzz.sh.
//
// Input format (read front to back; past the end every byte reads as 0), so that seeds can be
// written by hand (tests/fuzz/make_corpus.py):
//   flags    bit 0 avg (else max), bit 1 ceil_mode, bit 2 count_include_pad off,
//            bit 3 divisor_override present, bits 4-6 family: 0 max/avg by bit 0; 1 adaptive_max,
//            2 adaptive_avg, 3 lp, 4 max_unpool, 5 fractional_max; 6, 7 an unknown kind;
//            bit 7 the other frameworks' conventions (below) present
//   dims     byte % 5 (0 and 4 are invalid)
//   kernel_size, stride, padding, dilation: each a list: length byte % 5, then integers
//   divisor_override: an integer, if flagged
//   (conventions flagged only:) a byte: bit 0 padding_up_to_window, bit 1 dilation_for_average,
//            bit 2 lp_norm_of_window, bit 3 max_skips_nan, bit 4 padding_end present, then (if
//            present) padding_end, a list
//   shape    a list: length byte % 7, then integers
//   (family != 0 only:)
//   output_size  a list (length byte % 5; -1 entries keep that size)
//   output_ratio byte % 4 entries, each byte / 255
//   norm_type    byte % 9: 2, 1, 1.5, 3, 0.5, -1, inf, 0, nan
//   samples      byte: bit 2 present, then bits 0-1 their length as for input below; bit 3
//                allows values outside [0, 1); bits 4-7 seed of the values
//   seed         byte
//   input    byte: bits 0-1 length (0, 1: as the shape needs, 2: one short, 3: one long),
//            bit 2 special values (NaN, inf, -inf, -0, huge), bit 3 non-negative values,
//            bits 4-7 seed of the values
//   grad     byte: the same for grad_output
//   indices  byte: 0 keeps the forward's; else an integer position and an integer value to
//            write there (int32)
// An integer is a tag byte t: t < 0x80: t % 16 - 2; 0x80..0x9f: kEdges[t - 0x80];
// 0xa0..0xbf: kEdges[t - 0xa0] + the next byte as int8 (saturating); 0xc0..0xfe: the next two
// bytes, little-endian unsigned; 0xff: the next eight bytes, little-endian two's complement.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "fractional_max_pool.h"
#include "pool_api.h"
#include "pool_options.h"
#include "size_limits.h"

namespace {

using poolgrad::PoolGeometry;
using poolgrad::PoolKind;
using poolgrad::PoolOptions;
using poolgrad::Status;

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t p2(int e) { return int64_t{1} << e; }

// Values near every edge: int64's, each cap's (kMaxParameter = kMaxElements = 2^24,
// kMaxWork = 2^30), the overflow points of products (2^21 cubed is 2^63), float exactness (2^53).
constexpr int64_t kEdges[32] = {
    kMin,   kMin + 1, -p2(62),    -p2(31),    -p2(24) - 1, -p2(24),    -1,     0,
    1,      p2(10),   p2(12),     p2(16),     p2(17),      p2(18),     p2(20), p2(21),
    p2(22), p2(23),   p2(24) - 1, p2(24),     p2(24) + 1,  p2(30) - 1, p2(30), p2(30) + 1,
    p2(31), p2(32),   p2(48),     p2(53) + 1, p2(62),      kMax - 1,   kMax,   256};

// Requests above these run validation only (their kernels at the caps are tested in tests/cpp);
// below them everything runs, fast enough under the sanitizers for many runs per second.
constexpr double kFuzzWork = 1 << 20;
constexpr int64_t kFuzzElements = 1 << 16;

class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  int64_t integer() {
    const uint8_t t = byte();
    if (t < 0x80) return t % 16 - 2;
    if (t < 0xa0) return kEdges[t - 0x80];
    if (t < 0xc0) {
      const int64_t base = kEdges[t - 0xa0];
      const int delta = static_cast<int8_t>(byte());
      if (delta > 0 && base > kMax - delta) return kMax;
      if (delta < 0 && base < kMin - delta) return kMin;
      return base + delta;
    }
    if (t < 0xff) {
      const int64_t low = byte();
      return low | (int64_t{byte()} << 8);
    }
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(byte()) << (8 * i);
    return static_cast<int64_t>(v);
  }
  std::vector<int64_t> list(int max_length) {
    std::vector<int64_t> values(byte() % (max_length + 1));
    for (auto& v : values) v = integer();
    return values;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

void check(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz_pool: check failed: %s\n", what);
  std::abort();
}

void check_rejection(const Status& s) {
  static const std::set<std::string> params = {
      "kind",      "dims",        "kernel_size",  "stride",
      "padding",   "padding_end", "dilation",     "divisor_override",
      "norm_type", "output_size", "output_ratio", "random_samples",
      "input",     "grad_output", "indices"};
  static const std::set<std::string> codes = {
      "required",         "bad_list_length", "out_of_range", "too_large", "bad_rank",
      "output_too_small", "too_much_work",   "bad_length",   "bad_index", "conflict"};
  check(!s.ok, "a rejection");
  check(!s.message.empty(), "a rejection has a message");
  check(params.count(s.param) == 1, "a rejection names a known param");
  check(codes.count(s.code) == 1, "a rejection has a known code");
}

bool same_status(const Status& a, const Status& b) {
  return a.ok == b.ok && a.param == b.param && a.code == b.code && a.message == b.message;
}

// Floor and ceiling division for any signs (b > 0), written apart from the core's.
int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && (a < 0)); }
int64_t ceil_div(int64_t a, int64_t b) { return -floor_div(-a, b); }

// Taps of all windows along one axis: window o has taps j in [0, k) with
// 0 <= o * s - p + j * d <= in - 1. Only for accepted requests, whose parameters are at most
// kMaxParameter and sizes at most kMaxElements, so nothing here overflows.
double axis_taps(int64_t in, int64_t out, int64_t k, int64_t s, int64_t p, int64_t d) {
  double sum = 0;
  for (int64_t o = 0; o < out; ++o) {
    const int64_t start = o * s - p;
    const int64_t lo = std::max<int64_t>(0, ceil_div(-start, d));
    const int64_t hi = std::min<int64_t>(k - 1, floor_div(in - 1 - start, d));
    sum += static_cast<double>(std::max<int64_t>(0, hi - lo + 1));
  }
  return sum;
}

// The steps of one call, as size_limits.h defines them, computed without the core's help:
// exactly if `exact`, else an upper bound (at most min(kernel_size, in) taps per axis window),
// which is O(1) where the exact count is O(out).
// Adaptive windows: [floor(o*in/out), ceil((o+1)*in/out)), summed one by one (exact) or
// bounded by (in / out + 2) elements each.
double adaptive_axis_taps(int64_t in, int64_t out, bool exact) {
  if (!exact) return static_cast<double>(out) * (static_cast<double>(in / out) + 2);
  double sum = 0;
  for (int64_t o = 0; o < out; ++o) {
    sum += static_cast<double>(ceil_div((o + 1) * in, out) - floor_div(o * in, out));
  }
  return sum;
}

double work_of(const PoolGeometry& g, bool exact) {
  double taps = 1;
  for (int a = 0; a < poolgrad::kMaxDims; ++a) {
    if (g.kind == PoolKind::adaptive_max || g.kind == PoolKind::adaptive_avg) {
      taps *= adaptive_axis_taps(g.in[a], g.out[a], exact);
    } else if (g.kind == PoolKind::fractional_max) {
      taps *= static_cast<double>(g.out[a]) * static_cast<double>(g.kernel_size[a]);
    } else if (g.kind == PoolKind::max_unpool) {
      taps *= static_cast<double>(g.in[a]);  // one target cell per input element
    } else {
      taps *= exact ? axis_taps(g.in[a], g.out[a], g.kernel_size[a], g.stride[a], g.padding[a],
                                g.dilation[a])
                    : static_cast<double>(g.out[a]) *
                          static_cast<double>(std::min(g.kernel_size[a], g.in[a]));
    }
  }
  const double out_plane =
      static_cast<double>(g.out[0]) * static_cast<double>(g.out[1]) * static_cast<double>(g.out[2]);
  const double planes =
      std::max(1.0, static_cast<double>(g.batch) * static_cast<double>(g.channels));
  return planes * std::max(out_plane, taps);
}

// A buffer of `length` values: small multiples of 1/4, sometimes with special values.
std::vector<float> values(size_t length, uint8_t mode) {
  std::vector<float> v(length);
  const unsigned seed = mode >> 4;
  const bool special = mode & 4;
  const bool non_negative = mode & 8;
  const float specials[] = {std::numeric_limits<float>::quiet_NaN(),
                            std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity(), -0.0f, 3.0e38f};
  for (size_t i = 0; i < length; ++i) {
    const unsigned r = (seed * 31 + static_cast<unsigned>(i) * 17 + 7) % 23;
    v[i] = non_negative ? 0.25f * static_cast<float>(r) : 0.25f * (static_cast<float>(r) - 11);
    if (special && (i * 7 + seed) % 5 == 0) v[i] = specials[(i + seed) % 5];
  }
  return v;
}

// The data length a mode asks for, relative to the length the shape needs.
size_t length_for(uint8_t mode, int64_t needed) {
  switch (mode & 3) {
    case 2:
      return needed > 0 ? static_cast<size_t>(needed - 1) : 1;
    case 3:
      return static_cast<size_t>(needed + 1);
    default:
      return static_cast<size_t>(needed);
  }
}

bool finite_and_bounded(const std::vector<float>& v) {
  for (float x : v) {
    if (!std::isfinite(x) || std::fabs(x) > 1e6f) return false;
  }
  return true;
}

bool same_value(float a, float b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

bool is_max_type(PoolKind kind) {
  return kind == PoolKind::max || kind == PoolKind::adaptive_max ||
         kind == PoolKind::fractional_max;
}

bool is_average(PoolKind kind) { return kind == PoolKind::avg || kind == PoolKind::adaptive_avg; }

// Everything on an accepted request small enough to run.
void run_accepted(Bytes& in, const PoolOptions& o, const std::vector<int64_t>& shape,
                  const PoolGeometry& g, const std::vector<int64_t>& output_shape) {
  const bool is_max = is_max_type(g.kind);
  const bool unpool = g.kind == PoolKind::max_unpool;
  const int64_t planes = g.planes();
  const int64_t in_plane = g.in_plane();
  const int64_t out_plane = g.out_plane();
  const uint8_t input_mode = in.byte();
  const std::vector<float> x = values(length_for(input_mode, g.input_numel()), input_mode);
  const bool input_ok = x.size() == static_cast<size_t>(g.input_numel());
  // max_unpool's indices: distinct cells of each plane where the plane has room (i * 3 is
  // distinct modulo out_plane when 3 does not divide it), else wrapping around.
  std::vector<int32_t> unpool_indices;
  if (unpool) {
    for (int64_t p = 0; p < planes; ++p) {
      for (int64_t i = 0; i < in_plane; ++i) {
        unpool_indices.push_back(static_cast<int32_t>((i * 3 + p) % out_plane));
      }
    }
  }
  const bool distinct_targets = unpool && out_plane % 3 != 0 && in_plane <= out_plane;

  // The windows of one plane, the reference for the other checks.
  const auto windows =
      poolgrad::pool_windows(o, shape, unpool_indices.data(), unpool_indices.size());
  if (!windows.status.ok) {
    check_rejection(windows.status);
    check(windows.status.param == "kernel_size" && windows.status.code == "too_large",
          "pool_windows rejects an accepted request only for its listing cap");
  } else {
    const int64_t listed = unpool ? (planes > 0 ? in_plane : 0) : out_plane;
    check(windows.offsets.size() == static_cast<size_t>(listed + 1), "offsets: windows + 1");
    check(windows.offsets.front() == 0, "offsets start at 0");
    check(std::is_sorted(windows.offsets.begin(), windows.offsets.end()), "offsets ascend");
    check(static_cast<size_t>(windows.offsets.back()) == windows.cells.size(), "offsets end");
    check(windows.cells.size() <= static_cast<size_t>(poolgrad::kMaxElements), "listing cap");
    const int64_t cell_plane = unpool ? out_plane : in_plane;
    for (int32_t c : windows.cells) check(c >= 0 && c < cell_plane, "cells inside the plane");
    if (g.kind == PoolKind::fractional_max) {
      for (size_t w = 0; w + 1 < windows.offsets.size(); ++w) {
        check(windows.offsets[w + 1] - windows.offsets[w] ==
                  g.kernel_size[0] * g.kernel_size[1] * g.kernel_size[2],
              "a fractional window is a whole kernel inside the input");
      }
    }
  }

  const auto forward = poolgrad::pool_forward(o, shape, x.data(), x.size(), unpool_indices.data(),
                                              unpool_indices.size());
  const auto routing = poolgrad::pool_routing_counts(o, shape, x.data(), x.size(),
                                                     unpool_indices.data(), unpool_indices.size());
  check(same_status(forward.status, routing.status), "forward and routing agree");
  if (!input_ok) {
    check_rejection(forward.status);
    check(forward.status.param == "input" && forward.status.code == "bad_length",
          "a wrong input length is rejected as such");
    check(forward.output.empty() && routing.counts.empty(), "nothing computed when rejected");
  } else {
    check(forward.status.ok, "a right input length is accepted");
    check(forward.output_shape == output_shape, "forward's shape is pool_output_shape's");
    check(forward.output.size() == static_cast<size_t>(g.output_numel()), "output size");
    check(routing.counts.size() == (unpool ? forward.output.size() : x.size()),
          "routing counts: the input's size (unpool: the output's)");
    check(routing.windows_per_plane == out_plane, "windows_per_plane");
    if (is_max) check(forward.indices.size() == forward.output.size(), "indices size");
    if (!is_max) check(forward.indices.empty(), "no indices but a max-type kind's");
    const bool plain_average = is_average(g.kind) && !g.divisor_override && finite_and_bounded(x);
    for (int64_t p = 0; p < planes; ++p) {
      const float* xp = x.data() + p * in_plane;
      int64_t winners = 0;
      int64_t counted = 0;
      const int64_t count_plane = unpool ? out_plane : in_plane;
      for (int64_t i = 0; i < count_plane; ++i) counted += routing.counts[p * count_plane + i];
      float bound = 0;  // the largest |x| of the plane
      for (int64_t i = 0; i < in_plane; ++i) bound = std::max(bound, std::fabs(xp[i]));
      if (unpool) {
        check(counted == in_plane, "unpool counts add up to the input elements");
        if (distinct_targets) {
          const float* yp = forward.output.data() + p * out_plane;
          for (int64_t i = 0; i < in_plane; ++i) {
            const int32_t at = unpool_indices[static_cast<size_t>(p * in_plane + i)];
            check(same_value(yp[at], xp[i]), "each input value lands at its index");
          }
          for (int64_t i = 0; i < out_plane; ++i) {
            if (routing.counts[p * out_plane + i] == 0) check(yp[i] == 0.0f, "zeros elsewhere");
          }
        }
        continue;
      }
      for (int64_t o = 0; o < out_plane; ++o) {
        const float y = forward.output[p * out_plane + o];
        if (is_max) {
          const int32_t index = forward.indices[p * out_plane + o];
          check(index >= -1 && index < in_plane, "an index inside its plane");
          if (index < 0) {
            check(y == -std::numeric_limits<float>::infinity(), "an empty window gives -inf");
          } else {
            check(!(g.max_skips_nan && std::isnan(y)), "max_skips_nan: NaN never wins");
            ++winners;
            check(same_value(y, xp[index]), "the output is the value at its index");
          }
          // The listing is the first plane's; fractional windows differ from plane to plane.
          if (windows.status.ok && (g.kind != PoolKind::fractional_max || p == 0)) {
            const int32_t* first = windows.cells.data() + windows.offsets[o];
            const int32_t* last = windows.cells.data() + windows.offsets[o + 1];
            if (index >= 0) check(std::find(first, last, index) != last, "the index is a cell");
            bool any_nan = false, any_number = false;
            for (const int32_t* c = first; c != last; ++c) {
              any_nan = any_nan || std::isnan(xp[*c]);
              any_number = any_number || !std::isnan(xp[*c]);
              check(std::isnan(y) || !(xp[*c] > y), "no cell beats the max");
            }
            if (g.max_skips_nan) {
              check(any_number == (index >= 0), "-1 exactly for a window without a number");
            } else {
              check((first == last) == (index < 0), "-1 exactly for a window of padding only");
              check(any_nan == std::isnan(y), "a NaN in the window wins");
            }
          }
        } else if (plain_average) {
          // |sum| <= taps * max|x| and the divisor is at least taps: the average stays in
          // range, and keeps the sign of non-negative inputs (the overflowed divisor broke it).
          check(std::isfinite(y), "an average of finite values is finite");
          check(std::fabs(y) <= bound * (1 + 1e-6f), "an average within the inputs' range");
          if (input_mode & 8) check(y >= 0, "an average of non-negative values is >= 0");
        } else if (g.lp_norm_of_window && windows.status.ok && finite_and_bounded(x)) {
          // A p-norm lies between the largest |x| and (p >= 1) the sum of |x| of its window.
          double largest = 0, sum = 0;
          for (int32_t c = windows.offsets[o]; c < windows.offsets[o + 1]; ++c) {
            const double a = std::fabs(static_cast<double>(xp[windows.cells[c]]));
            largest = std::max(largest, a);
            sum += a;
          }
          check(y >= largest * (1 - 1e-5), "a p-norm is at least the largest |x|");
          if (g.norm_type >= 1) check(y <= sum * (1 + 1e-5), "a p-norm (p >= 1) <= sum |x|");
        }
      }
      if (is_max) {
        check(counted == winners, "max routing counts add up to the non-empty windows");
      } else if (windows.status.ok) {
        check(counted == static_cast<int64_t>(windows.cells.size()),
              "avg/lp routing counts add up to the window taps");
      }
    }
    if (is_average(g.kind)) {
      check(routing.divisors.size() == static_cast<size_t>(out_plane), "divisors: out_plane");
      for (int64_t o = 0; o < out_plane; ++o) {
        const float d = routing.divisors[o];
        if (g.divisor_override) {
          check(d == static_cast<float>(*g.divisor_override), "the override is the divisor");
        } else if (windows.status.ok) {
          const float taps = static_cast<float>(windows.offsets[o + 1] - windows.offsets[o]);
          check(g.count_include_pad ? d >= taps : d == taps, "the divisor counts the taps");
          check(d >= 1, "a divisor of at least 1");
        }
      }
    } else {
      check(routing.divisors.empty(), "divisors only for averages");
    }
  }

  // Backward: the upstream gradient, and the forward's indices or a caller's (max-type), the
  // unpool indices (max_unpool), the input (lp).
  const uint8_t grad_mode = in.byte();
  const std::vector<float> dout = values(length_for(grad_mode, g.output_numel()), grad_mode);
  std::vector<int32_t> indices = unpool ? unpool_indices : forward.indices;
  if (is_max && !input_ok) indices.assign(static_cast<size_t>(g.output_numel()), -1);
  bool indices_ok = true;
  if (in.byte() != 0) {
    const int64_t position = in.integer();
    const auto value = static_cast<int32_t>(static_cast<uint32_t>(in.integer()));
    if (!indices.empty()) {
      const size_t i =
          static_cast<size_t>(position < 0 ? -(position + 1) : position) % indices.size();
      indices[i] = value;
      indices_ok = unpool ? value >= 0 && value < out_plane : value >= -1 && value < in_plane;
    }
  }
  const auto backward = poolgrad::pool_backward(o, shape, dout.data(), dout.size(), indices.data(),
                                                indices.size(), x.data(), x.size());
  if (dout.size() != static_cast<size_t>(g.output_numel())) {
    check_rejection(backward.status);
    check(backward.status.param == "grad_output" && backward.status.code == "bad_length",
          "a wrong grad_output length is rejected as such");
  } else if (g.kind == PoolKind::lp && !input_ok) {
    check_rejection(backward.status);
    check(backward.status.param == "input" && backward.status.code == "bad_length",
          "lp's backward needs the input");
  } else if ((is_max || unpool) && !indices_ok) {
    check_rejection(backward.status);
    check(backward.status.param == "indices" && backward.status.code == "bad_index",
          "an index outside its plane is rejected as such");
    if (unpool) {
      const auto f =
          poolgrad::pool_forward(o, shape, x.data(), x.size(), indices.data(), indices.size());
      check(!f.status.ok && (f.status.param == "indices" || f.status.param == "input"),
            "unpool's forward rejects the index too");
    }
  } else {
    check(backward.status.ok, "a right backward request is accepted");
    check(backward.grad_input.size() == static_cast<size_t>(g.input_numel()), "grad_input size");
    if (is_average(g.kind) && !g.divisor_override && finite_and_bounded(dout)) {
      for (float v : backward.grad_input) check(std::isfinite(v), "a finite average gradient");
    }
  }
  if (!backward.status.ok) check(backward.grad_input.empty(), "no gradient when rejected");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Bytes in(data, size);
  const uint8_t flags = in.byte();
  const int family = (flags >> 4) & 7;
  PoolOptions o;
  o.kind = family == 0 ? (flags & 1 ? PoolKind::avg : PoolKind::max)
                       : static_cast<PoolKind>(family + 1);  // 7 and 8: unknown kinds
  o.ceil_mode = flags & 2;
  o.count_include_pad = !(flags & 4);
  o.dims = in.byte() % 5;
  o.kernel_size = in.list(4);
  o.stride = in.list(4);
  o.padding = in.list(4);
  o.dilation = in.list(4);
  if (flags & 8) o.divisor_override = in.integer();
  if (flags & 0x80) {
    const uint8_t conventions = in.byte();
    o.padding_up_to_window = conventions & 1;
    o.dilation_for_average = conventions & 2;
    o.lp_norm_of_window = conventions & 4;
    o.max_skips_nan = conventions & 8;
    if (conventions & 16) o.padding_end = in.list(4);
  }
  const std::vector<int64_t> shape = in.list(6);
  if (family != 0) {
    o.output_size = in.list(4);
    o.output_ratio.resize(in.byte() % 4);
    for (double& r : o.output_ratio) r = in.byte() / 255.0;
    const double inf = std::numeric_limits<double>::infinity();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double norms[] = {2, 1, 1.5, 3, 0.5, -1, inf, 0, nan};
    o.norm_type = norms[in.byte() % 9];
    const uint8_t samples = in.byte();
    if (samples & 4) {
      // The (N, C, dims) length from the shape as the gate will read it (small sizes only).
      auto small = [](int64_t v) { return v >= 0 && v <= 64; };
      int64_t needed = 1;
      if (shape.size() == static_cast<size_t>(o.dims + 2) && small(shape[0]) && small(shape[1])) {
        needed = shape[0] * shape[1] * o.dims;
      } else if (shape.size() == static_cast<size_t>(o.dims + 1) && small(shape[0])) {
        needed = shape[0] * o.dims;
      }
      o.random_samples.resize(length_for(samples, needed));
      const float ok[] = {0.0f, 0.25f, 0.5f, 0.75f, 0.999f, 0.9999999f};
      const float bad[] = {1.0f, -0.5f, std::numeric_limits<float>::quiet_NaN(), 2.0f};
      for (size_t i = 0; i < o.random_samples.size(); ++i) {
        const unsigned r = static_cast<unsigned>(i) * 5 + (samples >> 4);
        o.random_samples[i] = (samples & 8) && r % 7 == 0 ? bad[r % 4] : ok[r % 6];
      }
    }
    o.seed = in.byte();
  }

  const auto result = poolgrad::pool_output_shape(o, shape);
  PoolGeometry g;
  check(same_status(poolgrad::validate(o, shape, &g), result.status), "validate = output shape");
  if (!result.status.ok) {
    // Every entry point rejects it the same way, before reading any data (null buffers of any
    // claimed length).
    check_rejection(result.status);
    check(same_status(poolgrad::pool_forward(o, shape, nullptr, 3).status, result.status),
          "forward rejects as the gate does");
    check(same_status(poolgrad::pool_backward(o, shape, nullptr, 5, nullptr, 7, nullptr, 2).status,
                      result.status),
          "backward rejects as the gate does");
    check(same_status(poolgrad::pool_routing_counts(o, shape, nullptr, 0).status, result.status),
          "routing rejects as the gate does");
    check(same_status(poolgrad::pool_windows(o, shape).status, result.status),
          "windows rejects as the gate does");
    return 0;
  }

  check(result.output_shape == g.output_shape(), "the output shape is the geometry's");
  check(result.output_shape.size() == shape.size(), "the output has the input's rank");
  check(g.input_numel() <= poolgrad::kMaxElements, "the input within the element cap");
  check(g.output_numel() <= poolgrad::kMaxElements, "the output within the element cap");
  for (int a = 0; a < poolgrad::kMaxDims; ++a) check(g.out[a] >= 1, "every output size >= 1");
  // The work cap: an accepted request must not do more than kMaxWork steps. The exact count
  // is needed only when the bound passes the cap.
  const double work = work_of(g, false);
  if (work > static_cast<double>(poolgrad::kMaxWork)) {
    check(work_of(g, true) <= static_cast<double>(poolgrad::kMaxWork),
          "accepted work within kMaxWork");
  }

  if (work > kFuzzWork || g.input_numel() > kFuzzElements) {
    // Too slow to run here; a wrong data length is still rejected without reading.
    if (g.input_numel() != 0) {
      const auto forward = poolgrad::pool_forward(o, shape, nullptr, 0);
      check(forward.status.code == "bad_length", "a missing input is rejected as such");
    }
    return 0;
  }
  run_accepted(in, o, shape, g, result.output_shape);
  return 0;
}
