// Other frameworks' conventions in the one gate (pool_options.h, end: padding_end,
// padding_up_to_window, dilation_for_average):
//   (a) PyTorch's path is unchanged: padding_end empty or equal to padding, the same bits;
//   (b) asymmetric padding is symmetric pooling of an explicitly padded input (the defining
//       property): -inf cells for max, zeros for avg with count_include_pad;
//   (c) ONNX's literal MaxPool/AveragePool/LpPool examples (tests/onnx/examples.json) that these
//       options express give ONNX's numbers;
//   (d) each new rule of the gate rejects with its param and code;
//   and the adjoint identity for avg with asymmetric padding and dilation, the output size with
//   begin and end padding, and the dispatch keeping such requests off the fast paths.
// Then ONNX's ceil_mode output size and count_include_pad divisor (PyTorch's rule), and the two
// rules where other frameworks compute another number (pool_options.h, end): lp_norm_of_window,
// max_skips_nan: hand-derived numbers, forward and backward, the properties each must keep.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "float_bits.h"
#include "output_size.h"
#include "pool_api.h"
#include "pool_for_tests.h"
#include "pool_options.h"

#ifndef POOLGRAD_ONNX_EXAMPLES
#error "POOLGRAD_ONNX_EXAMPLES must be defined by the build (see CMakeLists.txt)"
#endif

using poolgrad::PoolKind;
using poolgrad::PoolOptions;

namespace {

constexpr int kProblems = 60;

int64_t pick(std::mt19937& rng, int64_t low, int64_t high) {
  return std::uniform_int_distribution<int64_t>(low, high)(rng);
}

std::vector<float> random_values(std::mt19937& rng, int64_t n) {
  std::uniform_real_distribution<float> value(-2.0f, 2.0f);
  std::vector<float> x(static_cast<size_t>(n));
  for (float& v : x) v = value(rng);
  return x;
}

int64_t numel(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  return n;
}

const char* kind_name(PoolKind kind) {
  return kind == PoolKind::max ? "max" : kind == PoolKind::avg ? "avg" : "lp";
}

std::string describe(const PoolOptions& o, const std::vector<int64_t>& shape) {
  return std::string(kind_name(o.kind)) + "_pool" + std::to_string(o.dims) + "d input " +
         list_text(shape) + " kernel_size " + list_text(o.kernel_size) + " stride " +
         list_text(o.stride) + " padding " + list_text(o.padding) + " padding_end " +
         list_text(o.padding_end) + " dilation " + list_text(o.dilation) +
         (o.ceil_mode ? " ceil_mode" : "") + (o.count_include_pad ? "" : " exclude_pad");
}

// A random request PyTorch accepts (padding per axis, at most half the dilated kernel).
PoolOptions random_pytorch_options(std::mt19937& rng, PoolKind kind, int dims) {
  PoolOptions o = pool(kind, dims, {});
  for (int i = 0; i < dims; ++i) {
    const int64_t k = pick(rng, 1, 3);
    const int64_t d = kind == PoolKind::max ? pick(rng, 1, 2) : 1;
    o.kernel_size.push_back(k);
    o.stride.push_back(pick(rng, 1, 3));
    o.dilation.push_back(d);
    o.padding.push_back(kind == PoolKind::lp ? 0 : pick(rng, 0, ((k - 1) * d + 1) / 2));
  }
  o.ceil_mode = pick(rng, 0, 1) == 1;
  o.count_include_pad = pick(rng, 0, 1) == 1;
  return o;
}

std::vector<int64_t> random_shape(std::mt19937& rng, int dims) {
  std::vector<int64_t> shape = {pick(rng, 1, 2), pick(rng, 1, 2)};
  for (int i = 0; i < dims; ++i) shape.push_back(pick(rng, 4, 8));
  return shape;
}

void require_same_bits(const std::vector<float>& a, const std::vector<float>& b, const char* what) {
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    INFO(what << "[" << i << "] = " << a[i] << " vs " << b[i]);
    REQUIRE(same_bits(a[i], b[i]));
  }
}

bool close(float a, float b, float rtol, float atol) {
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::fabs(a - b) <= atol + rtol * std::max(std::fabs(a), std::fabs(b));
}

}  // namespace

TEST_CASE("conventions: padding_end empty or equal to padding is PyTorch's path, bit for bit") {
  std::mt19937 rng(1201);
  int compared = 0;
  for (PoolKind kind : {PoolKind::max, PoolKind::avg, PoolKind::lp}) {
    for (int dims = 1; dims <= 3; ++dims) {
      for (int t = 0; t < kProblems / 3; ++t) {
        const PoolOptions pytorch = random_pytorch_options(rng, kind, dims);
        const std::vector<int64_t> shape = random_shape(rng, dims);
        PoolOptions spelled = pytorch;
        spelled.padding_end = pytorch.padding;
        if (kind == PoolKind::lp) spelled.padding_end = {0};  // lp reads no padding (PyTorch)
        INFO(describe(spelled, shape));
        const std::vector<float> x = random_values(rng, numel(shape));
        const auto a = poolgrad::pool_forward(pytorch, shape, x.data(), x.size());
        const auto b = poolgrad::pool_forward(spelled, shape, x.data(), x.size());
        if (!a.status.ok) {  // a window too big for the random input: both reject alike
          CHECK(b.status.code == a.status.code);
          CHECK(b.status.message == a.status.message);
          continue;
        }
        REQUIRE(b.status.ok);
        REQUIRE(a.output_shape == b.output_shape);
        require_same_bits(a.output, b.output, "output");
        REQUIRE(a.indices == b.indices);
        const std::vector<float> dy = random_values(rng, static_cast<int64_t>(a.output.size()));
        const auto da =
            poolgrad::pool_backward(pytorch, shape, dy.data(), dy.size(), a.indices.data(),
                                    a.indices.size(), x.data(), x.size());
        const auto db =
            poolgrad::pool_backward(spelled, shape, dy.data(), dy.size(), b.indices.data(),
                                    b.indices.size(), x.data(), x.size());
        REQUIRE(da.status.ok);
        REQUIRE(db.status.ok);
        require_same_bits(da.grad_input, db.grad_input, "grad_input");
        ++compared;
      }
    }
  }
  CHECK(compared >= kProblems / 2);
}

namespace {

// A random request with asymmetric padding up to the window's extent less one, dilation for
// avg too, no ceil_mode.
PoolOptions random_asymmetric_options(std::mt19937& rng, PoolKind kind, int dims) {
  PoolOptions o = pool(kind, dims, {});
  o.padding_up_to_window = true;
  o.dilation_for_average = true;
  for (int i = 0; i < dims; ++i) {
    const int64_t k = pick(rng, 1, 3);
    const int64_t d = pick(rng, 1, 3);
    o.kernel_size.push_back(k);
    o.stride.push_back(pick(rng, 1, 3));
    o.dilation.push_back(d);
    o.padding.push_back(pick(rng, 0, (k - 1) * d));
    o.padding_end.push_back(pick(rng, 0, (k - 1) * d));
  }
  return o;
}

// The input with padding[a] cells before and padding_end[a] after each spatial axis, of value
// fill; shape gets the padded shape. in_padded[i] = where input element i went.
std::vector<float> pad_input(const std::vector<float>& x, std::vector<int64_t>* shape,
                             const PoolOptions& o, float fill, std::vector<int64_t>* in_padded) {
  const std::vector<int64_t> old = *shape;
  const size_t lead = old.size() - static_cast<size_t>(o.dims);
  std::vector<int64_t> padded = old;
  for (int i = 0; i < o.dims; ++i) padded[lead + i] += o.padding[i] + o.padding_end[i];
  std::vector<float> y(static_cast<size_t>(numel(padded)), fill);
  in_padded->assign(x.size(), 0);
  for (size_t i = 0; i < x.size(); ++i) {
    // Unravel i over old, shift the spatial coordinates, ravel over padded.
    int64_t rest = static_cast<int64_t>(i), flat = 0, scale = 1;
    for (size_t a = old.size(); a-- > 0;) {
      int64_t c = rest % old[a];
      rest /= old[a];
      if (a >= lead) c += o.padding[a - lead];
      flat += c * scale;
      scale *= padded[a];
    }
    y[static_cast<size_t>(flat)] = x[i];
    (*in_padded)[i] = flat;
  }
  *shape = padded;
  return y;
}

}  // namespace

TEST_CASE("conventions: asymmetric padding is pooling an explicitly padded input") {
  std::mt19937 rng(1202);
  int compared = 0;
  for (PoolKind kind : {PoolKind::max, PoolKind::avg}) {
    for (int dims = 1; dims <= 3; ++dims) {
      for (int t = 0; t < kProblems / 3; ++t) {
        const PoolOptions o = random_asymmetric_options(rng, kind, dims);
        const std::vector<int64_t> shape = random_shape(rng, dims);
        INFO(describe(o, shape));
        const std::vector<float> x = random_values(rng, numel(shape));
        const auto a = poolgrad::pool_forward(o, shape, x.data(), x.size());
        if (!a.status.ok) {
          CHECK(a.status.code == "output_too_small");
          continue;
        }
        // The same pooling without padding over the padded input.
        std::vector<int64_t> padded_shape = shape, where;
        const float fill = kind == PoolKind::max ? -kInf : 0.0f;
        const std::vector<float> xp = pad_input(x, &padded_shape, o, fill, &where);
        PoolOptions plain = o;
        plain.padding = {0};
        plain.padding_end.clear();
        const auto b = poolgrad::pool_forward(plain, padded_shape, xp.data(), xp.size());
        REQUIRE(b.status.ok);
        REQUIRE(a.output_shape == b.output_shape);
        const std::vector<float> dy = random_values(rng, static_cast<int64_t>(a.output.size()));
        const auto da = poolgrad::pool_backward(o, shape, dy.data(), dy.size(), a.indices.data(),
                                                a.indices.size());
        const auto db = poolgrad::pool_backward(plain, padded_shape, dy.data(), dy.size(),
                                                b.indices.data(), b.indices.size());
        REQUIRE(da.status.ok);
        REQUIRE(db.status.ok);
        if (kind == PoolKind::max) {
          require_same_bits(a.output, b.output, "output");
          // The padded input's in-plane index of each winner, back in the unpadded plane.
          const int64_t plane = numel(shape) / (shape[0] * shape[1]);
          const int64_t padded_plane = numel(padded_shape) / (shape[0] * shape[1]);
          for (size_t i = 0; i < a.indices.size(); ++i) {
            INFO("window " << i);
            if (a.output[i] == -kInf) {  // padding only: no winner
              REQUIRE(a.indices[i] == -1);
              continue;
            }
            const int64_t p = static_cast<int64_t>(i) /
                              static_cast<int64_t>(a.output.size() / (shape[0] * shape[1]));
            REQUIRE(where[static_cast<size_t>(p * plane + a.indices[i])] ==
                    p * padded_plane + b.indices[i]);
          }
        } else {
          for (size_t i = 0; i < a.output.size(); ++i) {
            INFO("output[" << i << "] " << a.output[i] << " vs " << b.output[i]);
            REQUIRE(close(a.output[i], b.output[i], 1e-6f, 1e-7f));  // sums in other orders
          }
        }
        for (size_t i = 0; i < x.size(); ++i) {
          const float expected = db.grad_input[static_cast<size_t>(where[i])];
          INFO("grad_input[" << i << "] " << da.grad_input[i] << " vs " << expected);
          REQUIRE(close(da.grad_input[i], expected, 1e-5f, 1e-6f));
        }
        ++compared;
      }
    }
  }
  CHECK(compared >= kProblems);
}

TEST_CASE("conventions: avg with asymmetric padding and dilation is linear: the adjoint identity") {
  std::mt19937 rng(1203);
  int checked = 0;
  for (int dims = 1; dims <= 3; ++dims) {
    for (int t = 0; t < kProblems / 3; ++t) {
      PoolOptions o = random_asymmetric_options(rng, PoolKind::avg, dims);
      o.count_include_pad = pick(rng, 0, 1) == 1;
      const std::vector<int64_t> shape = random_shape(rng, dims);
      INFO(describe(o, shape));
      const std::vector<float> x = random_values(rng, numel(shape));
      const auto y = poolgrad::pool_forward(o, shape, x.data(), x.size());
      if (!y.status.ok) continue;
      const std::vector<float> g = random_values(rng, static_cast<int64_t>(y.output.size()));
      const auto dx = poolgrad::pool_backward(o, shape, g.data(), g.size(), nullptr, 0);
      REQUIRE(dx.status.ok);
      double lhs = 0, rhs = 0, scale = 0;
      for (size_t i = 0; i < g.size(); ++i) {
        lhs += static_cast<double>(y.output[i]) * g[i];
        scale += std::fabs(static_cast<double>(y.output[i]) * g[i]);
      }
      for (size_t i = 0; i < x.size(); ++i) rhs += static_cast<double>(x[i]) * dx.grad_input[i];
      CHECK(std::fabs(lhs - rhs) <= 1e-5 * std::max(1.0, scale));
      ++checked;
    }
  }
  CHECK(checked >= kProblems / 2);
}

TEST_CASE("conventions: output size with begin and end padding") {
  using poolgrad::pooling_output_size;
  // (in, kernel_size, stride, pad_begin, pad_end, dilation, ceil_mode)
  CHECK(pooling_output_size(5, 3, 2, 0, 1, 1, false) == 2);  // (5 + 1 - 3) / 2 + 1
  CHECK(pooling_output_size(5, 3, 2, 1, 0, 1, false) == 2);  // only the sum counts
  CHECK(pooling_output_size(7, 2, 1, 2, 0, 3, false) == 6);  // extent 4: (7 + 2 - 4) + 1
  // ceil_mode keeps PyTorch's drop of a last window starting past in + pad_begin: the begin
  // padding decides, the end padding does not.
  CHECK(pooling_output_size(4, 3, 2, 0, 2, 1, true) == 2);  // starts 0 2; 4 is in the padding
  CHECK(pooling_output_size(4, 3, 2, 2, 0, 1, true) == 3);  // starts -2 0 2
  CHECK(pooling_output_size(4, 3, 2, 1, 1, 1, true) == pooling_output_size(4, 3, 2, 1, 1, true));
}

TEST_CASE("conventions: the fast paths never see asymmetric padding or a dilated average") {
  std::mt19937 rng(1204);
  for (PoolKind kind : {PoolKind::max, PoolKind::avg}) {
    for (int t = 0; t < kProblems; ++t) {
      const PoolOptions o = random_asymmetric_options(rng, kind, 2);
      const std::vector<int64_t> shape = random_shape(rng, 2);
      INFO(describe(o, shape));
      const std::vector<float> x = random_values(rng, numel(shape));
      const auto fast = poolgrad::pool_forward(o, shape, x.data(), x.size());
      poolgrad::set_kernel_path(poolgrad::KernelPath::plain);
      const auto plain = poolgrad::pool_forward(o, shape, x.data(), x.size());
      poolgrad::set_kernel_path(poolgrad::KernelPath::fast);
      REQUIRE(fast.status.ok == plain.status.ok);
      require_same_bits(fast.output, plain.output, "output");
      REQUIRE(fast.indices == plain.indices);
    }
  }
}

namespace {

std::vector<int64_t> ints(const nlohmann::json& j, const char* key, std::vector<int64_t> fallback) {
  return j.contains(key) ? j.at(key).get<std::vector<int64_t>>() : fallback;
}

// ONNX's explicit output size (tests/onnx/README.md), floor or ceil, along one axis.
int64_t onnx_output_size(int64_t in, int64_t pads, int64_t k, int64_t s, int64_t d, bool ceil) {
  const int64_t numerator = in + pads - d * (k - 1) - 1;
  return (ceil ? (numerator + s - 1) / s : numerator / s) + 1;
}

// Why an example is beyond this slice, or empty if it runs. (ceil_mode runs: the core's
// ceil_mode output size is ONNX's, see "ONNX's ceil_mode output size" below.)
std::string skip_reason(const nlohmann::json& e) {
  const std::string op = e.at("op");
  if (op != "MaxPool" && op != "AveragePool" && op != "LpPool") return op + " (not a sliding kind)";
  const nlohmann::json& at = e.at("attributes");
  if (at.contains("auto_pad") && at.at("auto_pad") != "NOTSET") return "auto_pad";
  if (at.contains("storage_order") && at.at("storage_order") != 0) return "storage_order";
  return "";
}

PoolOptions onnx_options(const nlohmann::json& e) {
  const std::string op = e.at("op");
  const nlohmann::json& at = e.at("attributes");
  const std::vector<int64_t> k = at.at("kernel_shape");
  const size_t dims = k.size();
  PoolOptions o = pool(op == "MaxPool"       ? PoolKind::max
                       : op == "AveragePool" ? PoolKind::avg
                                             : PoolKind::lp,
                       static_cast<int>(dims), k);
  o.stride = ints(at, "strides", std::vector<int64_t>(dims, 1));  // ONNX's default stride: 1
  o.dilation = ints(at, "dilations", {});
  const std::vector<int64_t> pads = ints(at, "pads", std::vector<int64_t>(2 * dims, 0));
  o.padding.assign(pads.begin(), pads.begin() + static_cast<long>(dims));    // x1_begin, x2_begin..
  o.padding_end.assign(pads.begin() + static_cast<long>(dims), pads.end());  // then the ends
  o.padding_up_to_window = true;
  o.dilation_for_average = true;
  o.count_include_pad = at.value("count_include_pad", 0) != 0;  // ONNX's default: 0
  o.norm_type = at.value("p", 2.0);
  o.ceil_mode = at.value("ceil_mode", 0) != 0;
  // ONNX's two rules: LpPool is the window's p-norm, NaN never wins.
  o.lp_norm_of_window = true;
  o.max_skips_nan = true;
  return o;
}

}  // namespace

TEST_CASE("conventions: ONNX's literal pooling examples this slice expresses") {
  std::ifstream file(POOLGRAD_ONNX_EXAMPLES);
  REQUIRE(file.good());
  const nlohmann::json examples = nlohmann::json::parse(file).at("examples");
  int ran = 0;
  std::string skipped;
  for (const nlohmann::json& e : examples) {
    const std::string name = e.at("test_name");
    const std::string why = skip_reason(e);
    if (!why.empty()) {
      skipped += "  " + name + ": " + why + "\n";
      continue;
    }
    INFO(name);
    const PoolOptions o = onnx_options(e);
    const nlohmann::json& in = e.at("inputs").at("X");
    const std::vector<int64_t> shape = in.at("shape");
    const std::vector<float> x = in.at("data").get<std::vector<float>>();
    const auto r = poolgrad::pool_forward(o, shape, x.data(), x.size());
    INFO(r.status.message);
    REQUIRE(r.status.ok);
    const nlohmann::json& out = e.at("outputs").at("Y");
    REQUIRE(r.output_shape == out.at("shape").get<std::vector<int64_t>>());
    const std::vector<float> y = out.at("data").get<std::vector<float>>();
    REQUIRE(r.output.size() == y.size());
    for (size_t i = 0; i < y.size(); ++i) {
      INFO("Y[" << i << "] = " << r.output[i] << ", ONNX " << y[i]);
      // ONNX's runner tolerance (rtol 1e-3, atol 1e-7): some literals are printed to 4 decimals.
      CHECK(close(r.output[i], y[i], 1e-3f, 1e-7f));
    }
    if (e.at("outputs").contains("Indices")) {  // storage_order 0: row-major over the tensor
      const std::vector<int64_t> onnx = e.at("outputs").at("Indices").at("data");
      const int64_t plane = numel(shape) / (shape[0] * shape[1]);
      const int64_t out_plane = static_cast<int64_t>(y.size()) / (shape[0] * shape[1]);
      REQUIRE(r.indices.size() == onnx.size());
      for (size_t i = 0; i < onnx.size(); ++i) {
        INFO("Indices[" << i << "]");
        CHECK(r.indices[i] + static_cast<int64_t>(i) / out_plane * plane == onnx[i]);
      }
    }
    ++ran;
  }
  WARN("ONNX examples run: " << ran << " of " << examples.size() << "; skipped:\n" << skipped);
  CHECK(ran >= 17);  // 13 before the ceil_mode rule and ONNX's rules (issue 12, step 2)
}

TEST_CASE("conventions: each new rule of the gate names its parameter and code") {
  const std::vector<int64_t> shape = {1, 6, 6};
  struct Rule {
    const char* what;
    PoolOptions options;
    const char* param;
    const char* code;
  };
  auto with = [](PoolKind kind, auto change) {
    PoolOptions o = pool(kind, 2, {3});
    change(o);
    return o;
  };
  const std::vector<Rule> rules = {
      {"padding_end: neither one value nor one per dimension",
       with(PoolKind::max,
            [](PoolOptions& o) {
              o.padding_end = {1, 1, 1};
            }),
       "padding_end", "bad_list_length"},
      {"padding_end below 0",
       with(PoolKind::avg,
            [](PoolOptions& o) {
              o.padding_end = {0, -1};
            }),
       "padding_end", "out_of_range"},
      {"padding_end above the size cap",
       with(PoolKind::max, [](PoolOptions& o) { o.padding_end = {poolgrad::kMaxParameter + 1}; }),
       "padding_end", "too_large"},
      {"padding_end above half the kernel (PyTorch's width)",
       with(PoolKind::max, [](PoolOptions& o) { o.padding_end = {2}; }), "padding_end",
       "out_of_range"},
      {"padding above the window's extent less one",
       with(PoolKind::avg,
            [](PoolOptions& o) {
              o.padding_up_to_window = true;
              o.padding = {3};
            }),
       "padding", "out_of_range"},
      {"padding_end above the dilated window's extent less one",
       with(PoolKind::max,
            [](PoolOptions& o) {
              o.padding_up_to_window = true;
              o.dilation = {2};
              o.padding_end = {0, 5};
            }),
       "padding_end", "out_of_range"},
      {"avg's dilation without dilation_for_average",
       with(PoolKind::avg, [](PoolOptions& o) { o.dilation = {2}; }), "dilation", "out_of_range"},
      {"avg's dilation below 1",
       with(PoolKind::avg,
            [](PoolOptions& o) {
              o.dilation_for_average = true;
              o.dilation = {0};
            }),
       "dilation", "out_of_range"},
      {"lp's dilation below 1",
       with(PoolKind::lp,
            [](PoolOptions& o) {
              o.dilation_for_average = true;
              o.dilation = {1, 0};
            }),
       "dilation", "out_of_range"},
      {"asymmetric padding that leaves no window",
       with(PoolKind::max,
            [](PoolOptions& o) {
              o.kernel_size = {5, 9};
              o.padding_up_to_window = true;
              o.padding_end = {0, 2};
            }),
       "kernel_size", "output_too_small"},
  };
  for (const Rule& rule : rules) {
    INFO(rule.what);
    const auto r = poolgrad::pool_output_shape(rule.options, shape);
    INFO(r.status.message);
    REQUIRE_FALSE(r.status.ok);
    CHECK(r.status.param == rule.param);
    CHECK(r.status.code == rule.code);
  }

  // PyTorch's avg keeps its words; the widths and dilations the options allow pass the gate.
  const auto avg = poolgrad::pool_output_shape(
      with(PoolKind::avg, [](PoolOptions& o) { o.dilation = {2}; }), shape);
  CHECK(avg.status.message == "avg_pool2d has no dilation (it must be 1), got dilation[0]=2");
  const auto wide = poolgrad::pool_output_shape(with(PoolKind::avg,
                                                     [](PoolOptions& o) {
                                                       o.padding_up_to_window = true;
                                                       o.dilation_for_average = true;
                                                       o.dilation = {2};
                                                       o.padding = {4, 0};
                                                       o.padding_end = {1, 4};
                                                     }),
                                                shape);
  INFO(wide.status.message);
  REQUIRE(wide.status.ok);
  // (6 + 4 + 1 - 5) / 3 + 1 = 3 and (6 + 0 + 4 - 5) / 3 + 1 = 2
  CHECK(wide.output_shape == std::vector<int64_t>{1, 3, 2});
}

// ---- ONNX's ceil_mode output size ----

TEST_CASE("conventions: ONNX's ceil_mode output size, begin and end padding apart") {
  // ONNX (tests/onnx/README.md): out = ceil((in + pb + pe - ek) / s) + 1, and the last window is
  // dropped when it starts at or after in + pb (in the end padding). Every small case.
  int checked = 0;
  for (int64_t in = 1; in <= 9; ++in)
    for (int64_t k = 1; k <= 4; ++k)
      for (int64_t d = 1; d <= 3; ++d)
        for (int64_t s = 1; s <= 4; ++s)
          for (int64_t pb = 0; pb <= (k - 1) * d; ++pb)
            for (int64_t pe = 0; pe <= (k - 1) * d; ++pe) {
              const int64_t ek = (k - 1) * d + 1;
              if (in + pb + pe < ek) continue;
              int64_t onnx = onnx_output_size(in, pb + pe, k, s, d, true);
              if ((onnx - 1) * s >= in + pb) --onnx;
              INFO("in " << in << " k " << k << " d " << d << " s " << s << " pads " << pb << ","
                         << pe);
              REQUIRE(poolgrad::pooling_output_size(in, k, s, pb, pe, d, true) == onnx);
              REQUIRE(poolgrad::pooling_output_size(in, k, s, pb, pe, d, false) ==
                      onnx_output_size(in, pb + pe, k, s, d, false));
              ++checked;
            }
  CHECK(checked > 5000);
}

// ---- the rules' shared helpers ----

namespace {

std::vector<float> forward_values(const PoolOptions& o, const std::vector<int64_t>& shape,
                                  const std::vector<float>& x) {
  const auto r = poolgrad::pool_forward(o, shape, x.data(), x.size());
  INFO(r.status.message);
  REQUIRE(r.status.ok);
  return r.output;
}

std::vector<float> backward_values(const PoolOptions& o, const std::vector<int64_t>& shape,
                                   const std::vector<float>& dy,
                                   const std::vector<int32_t>& indices = {},
                                   const std::vector<float>& x = {}) {
  const auto r = poolgrad::pool_backward(o, shape, dy.data(), dy.size(), indices.data(),
                                         indices.size(), x.data(), x.size());
  INFO(r.status.message);
  REQUIRE(r.status.ok);
  return r.grad_input;
}

void require_values(const std::vector<float>& actual, const std::vector<double>& expected,
                    const char* what) {
  REQUIRE(actual.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO(what << "[" << i << "] = " << actual[i] << ", expected " << expected[i]);
    if (std::isnan(expected[i])) {
      CHECK(std::isnan(actual[i]));
    } else {
      CHECK(close(actual[i], static_cast<float>(expected[i]), 1e-6f, 1e-7f));
    }
  }
}

}  // namespace

// ---- count_include_pad past the end padding: ONNX divides like PyTorch ----

TEST_CASE("conventions: ONNX's averagepool_3d_dilations_large, count_include_pad, ceil_mode") {
  // kernel 5, stride 3, dilation 2 on 32^3, ceil_mode, no pads: 9 windows per axis, the last
  // starting at 24 with taps 24 26 28 30 (32 is past the input). Its count_include_pad divisor
  // counts the taps before the end padding ends: 4 * 4 * 4 = 64 at the far corner, not the
  // kernel's 125. This is ONNX's own number: in the committed backend case
  // tests/onnx/data/node/test_averagepool_3d_dilations_large_count_include_pad_is_1_ceil_mode_is_True
  // (generated by ONNX's op_pool_common.pool(), whose `pixel < x_shape + pads_begin + pads_end`
  // filter drops the overhang), Y[8, 8, 8] = 0.0692193 is the sum of its 64 input elements
  // over 64 (over 125 it would be 0.0354), Y[8, 0, 0] that of its 100 over 100. ONNX Runtime
  // clips the same way (AveragePool*DTask: hend = min(hstart + k·d, in + pad_end)).
  PoolOptions o = pool(PoolKind::avg, 3, {5});
  o.stride = {3};
  o.dilation = {2};
  o.ceil_mode = true;
  o.count_include_pad = true;
  o.padding_up_to_window = true;
  o.dilation_for_average = true;
  const std::vector<int64_t> shape = {1, 1, 32, 32, 32};
  auto index = [](int64_t d, int64_t h, int64_t w, int64_t n) { return (d * n + h) * n + w; };
  std::vector<float> x(32 * 32 * 32);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 7) - 2.5f;
  const auto r = poolgrad::pool_forward(o, shape, x.data(), x.size());
  REQUIRE(r.status.ok);
  REQUIRE(r.output_shape == std::vector<int64_t>{1, 1, 9, 9, 9});
  // The far corner's window: taps 24 26 28 30 on every axis, 64 input elements.
  double corner = 0;
  for (int64_t d = 24; d < 32; d += 2)
    for (int64_t h = 24; h < 32; h += 2)
      for (int64_t w = 24; w < 32; w += 2) corner += x[static_cast<size_t>(index(d, h, w, 32))];
  CHECK(close(r.output[static_cast<size_t>(index(8, 8, 8, 9))], static_cast<float>(corner / 64),
              1e-6f, 1e-7f));
  // The divisors the page shows are the same rule: 125 inside, 100 on a face, 80 on an edge, 64
  // at the corner.
  const auto routing = poolgrad::pool_routing_counts(o, shape, x.data(), x.size(), nullptr, 0);
  REQUIRE(routing.status.ok);
  REQUIRE(routing.divisors.size() == 9 * 9 * 9);
  CHECK(routing.divisors[static_cast<size_t>(index(0, 0, 0, 9))] == 125.0f);
  CHECK(routing.divisors[static_cast<size_t>(index(8, 0, 0, 9))] == 100.0f);
  CHECK(routing.divisors[static_cast<size_t>(index(8, 8, 0, 9))] == 80.0f);
  CHECK(routing.divisors[static_cast<size_t>(index(8, 8, 8, 9))] == 64.0f);
}

// ---- lp_norm_of_window ----

namespace {

PoolOptions lp_norm1d(std::vector<int64_t> k, double p) {
  PoolOptions o = pool(PoolKind::lp, 1, std::move(k));
  o.norm_type = p;
  o.lp_norm_of_window = true;
  o.padding_up_to_window = true;
  return o;
}

}  // namespace

TEST_CASE("lp_norm_of_window: the p-norm of each window, with padding, and its gradient") {
  const std::vector<int64_t> shape = {1, 4};
  const std::vector<float> x = {3, -4, 0, 5};
  // p = 2, kernel 2, stride 2: |(3, -4)| = 5, |(0, 5)| = 5; dy/dx = x / y: 3/5, -4/5, 0, 1.
  PoolOptions o = lp_norm1d({2}, 2);
  require_values(forward_values(o, shape, x), {5, 5}, "y");
  require_values(backward_values(o, shape, {1, 1}, {}, x), {0.6, -0.8, 0, 1}, "dx");
  // PyTorch's lp keeps the sign: for p = 2 the two agree here, but for p = 3 the norm is
  // (27 + 64)^(1/3) where PyTorch takes ((27 - 64) / 2 * 2)^(1/3), a negative base: NaN.
  o.norm_type = 3;
  require_values(forward_values(o, shape, x), {std::cbrt(91.0), 5}, "p=3");
  PoolOptions pytorch = o;
  pytorch.lp_norm_of_window = false;
  CHECK(std::isnan(forward_values(pytorch, shape, x)[0]));
  // Padding 1 on each side: windows [-1, 0], [1, 2], [3, 4] hold 3; -4, 0; 5: y = 3, 4, 5, and
  // each element's gradient is its sign (x / y with |x| = y), 0 for x = 0.
  o = lp_norm1d({2}, 2);
  o.padding = {1};
  require_values(forward_values(o, shape, x), {3, 4, 5}, "padded");
  require_values(backward_values(o, shape, {1, 2, 3}, {}, x), {1, -2, 0, 3}, "padded dx");
  // Asymmetric: 1 before, 0 after: windows [-1, 0], [1, 2]; out = (4 + 1 - 2) / 2 + 1 = 2.
  o.padding_end = {0};
  require_values(forward_values(o, shape, x), {3, 4}, "asymmetric");
  // p = 1: the sum of |x|, gradient sign(x).
  o = lp_norm1d({2}, 1);
  require_values(forward_values(o, shape, x), {7, 5}, "p=1");
  require_values(backward_values(o, shape, {1, 1}, {}, x), {1, -1, 0, 1}, "p=1 dx");
  // p = inf: the largest |x|; its gradient goes to the first element reaching it.
  const std::vector<float> tie = {2, -2, 1};
  o = lp_norm1d({3}, INFINITY);
  require_values(forward_values(o, {1, 3}, tie), {2}, "inf");
  require_values(backward_values(o, {1, 3}, {5}, {}, tie), {5, 0, 0}, "inf dx");
  // ceil_mode: the window past the input is the norm of what it holds, no rescaling by the
  // kernel (PyTorch's lp would multiply the clipped mean by the full kernel, 2 * 3^2 here).
  o = lp_norm1d({2}, 2);
  o.stride = {2};
  o.ceil_mode = true;
  const std::vector<float> three = {1, 2, 3};
  require_values(forward_values(o, {1, 3}, three), {std::sqrt(5.0), 3}, "ceil");
  // Dilation with dilation_for_average: taps i and i + 2 (ONNX's lppool_2d_dilations in 1-D).
  o = lp_norm1d({2}, 2);
  o.stride = {1};
  o.dilation = {2};
  o.dilation_for_average = true;
  require_values(forward_values(o, {1, 3}, three), {std::sqrt(10.0)}, "dilated");
  // All zero: y = 0, gradient 0 (not NaN); a NaN makes its window's y and gradients NaN.
  o = lp_norm1d({2}, 2);
  const std::vector<float> zeros_nan = {0, 0, NAN, 1};
  require_values(forward_values(o, shape, zeros_nan), {0, NAN}, "zero, nan");
  require_values(backward_values(o, shape, {1, 1}, {}, zeros_nan), {0, 0, NAN, NAN}, "dx");
}

TEST_CASE("lp_norm_of_window: the gradient is the forward's derivative (central differences)") {
  std::mt19937 rng(1206);
  int checked = 0;
  for (double p : {1.5, 2.0, 3.0, 4.0}) {
    for (int dims = 1; dims <= 2; ++dims) {
      for (int t = 0; t < 6; ++t) {
        PoolOptions o = random_asymmetric_options(rng, PoolKind::lp, dims);
        o.norm_type = p;
        o.lp_norm_of_window = true;
        o.ceil_mode = pick(rng, 0, 1) == 1;
        const std::vector<int64_t> shape = random_shape(rng, dims);
        INFO(describe(o, shape) << " p " << p);
        std::vector<float> x = random_values(rng, numel(shape));
        for (float& v : x) v += v < 0 ? -0.5f : 0.5f;  // away from 0, where |x| bends
        const auto y = poolgrad::pool_forward(o, shape, x.data(), x.size());
        if (!y.status.ok) continue;
        const std::vector<float> g = random_values(rng, static_cast<int64_t>(y.output.size()));
        const std::vector<float> dx = backward_values(o, shape, g, {}, x);
        // d<g, y(x + h v)>/dh at 0 along a random direction v, against <dx, v>.
        const std::vector<float> v = random_values(rng, numel(shape));
        auto loss = [&](float h) {
          std::vector<float> xs = x;
          for (size_t i = 0; i < xs.size(); ++i) xs[i] += h * v[i];
          const std::vector<float> ys = forward_values(o, shape, xs);
          double l = 0;
          for (size_t i = 0; i < ys.size(); ++i) l += static_cast<double>(ys[i]) * g[i];
          return l;
        };
        const float h = 1e-2f;
        const double numeric = (loss(h) - loss(-h)) / (2.0 * h);
        double analytic = 0, scale = 0;
        for (size_t i = 0; i < x.size(); ++i) {
          analytic += static_cast<double>(dx[i]) * v[i];
          scale += std::fabs(static_cast<double>(dx[i]) * v[i]);
        }
        CHECK(std::fabs(numeric - analytic) <= 2e-2 * std::max(1.0, scale));
        ++checked;
      }
    }
  }
  CHECK(checked >= 30);
}

TEST_CASE("lp_norm_of_window: the gate reads padding and needs a positive norm_type") {
  const std::vector<int64_t> shape = {1, 6};
  PoolOptions o = lp_norm1d({3}, -1);
  auto r = poolgrad::pool_output_shape(o, shape);
  REQUIRE_FALSE(r.status.ok);
  CHECK(r.status.param == "norm_type");
  CHECK(r.status.code == "out_of_range");
  CHECK(r.status.message.find("lp_norm_of_window") != std::string::npos);
  o.lp_norm_of_window = false;  // PyTorch's lp accepts any p != 0
  CHECK(poolgrad::pool_output_shape(o, shape).status.ok);
  o = lp_norm1d({3}, 2);
  o.padding = {2};
  o.padding_end = {1};
  r = poolgrad::pool_output_shape(o, shape);
  REQUIRE(r.status.ok);
  CHECK(r.output_shape == std::vector<int64_t>{1, 3});  // (6 + 2 + 1 - 3) / 3 + 1
  o.padding_end = {3};                                  // past the kernel's extent less one
  r = poolgrad::pool_output_shape(o, shape);
  CHECK(r.status.param == "padding_end");
  o.lp_norm_of_window = false;  // PyTorch's lp reads no padding at all
  r = poolgrad::pool_output_shape(o, shape);
  REQUIRE(r.status.ok);
  CHECK(r.output_shape == std::vector<int64_t>{1, 2});  // (6 - 3) / 3 + 1
}

// ---- max_skips_nan ----

TEST_CASE("max_skips_nan: NaN never wins; a window of NaN only is empty") {
  const float nan = NAN;
  const std::vector<int64_t> shape = {1, 8};
  const std::vector<float> x = {nan, 1, nan, nan, 2, nan, -kInf, nan};
  PoolOptions o = pool(PoolKind::max, 1, {2});
  // PyTorch: any NaN wins (the last one reported): NaN at 0, 3, 5, 7.
  auto r = poolgrad::pool_forward(o, shape, x.data(), x.size());
  REQUIRE(r.status.ok);
  CHECK(std::isnan(r.output[0]));
  CHECK(r.indices == std::vector<int32_t>{0, 3, 5, 7});
  // ONNX / TensorFlow: 1 at 1; nothing (-inf, -1); 2 at 4; -inf at 6 (an element, not empty).
  o.max_skips_nan = true;
  r = poolgrad::pool_forward(o, shape, x.data(), x.size());
  REQUIRE(r.status.ok);
  CHECK(r.output == std::vector<float>{1, -kInf, 2, -kInf});
  CHECK(r.indices == std::vector<int32_t>{1, -1, 4, 6});
  // Backward follows the indices and skips -1.
  require_values(backward_values(o, shape, {1, 2, 3, 4}, r.indices), {0, 1, 0, 0, 3, 0, 4, 0},
                 "dx");
  // Ties: the first maximum in window order, as PyTorch.
  const std::vector<float> ties = {nan, 5, 5, nan};
  PoolOptions whole = pool(PoolKind::max, 1, {4});
  whole.max_skips_nan = true;
  r = poolgrad::pool_forward(whole, {1, 4}, ties.data(), ties.size());
  CHECK(r.indices == std::vector<int32_t>{1});
  // The adaptive and fractional max share the rule (ONNX's GlobalMaxPool is adaptive, size 1).
  PoolOptions global = pool(PoolKind::adaptive_max, 1, {});
  global.output_size = {1};
  global.max_skips_nan = true;
  r = poolgrad::pool_forward(global, {1, 4}, ties.data(), ties.size());
  CHECK(r.output == std::vector<float>{5});
  // The routing counts (the page's position matrix) use the same winners.
  const auto counts = poolgrad::pool_routing_counts(o, shape, x.data(), x.size(), nullptr, 0);
  REQUIRE(counts.status.ok);
  CHECK(counts.counts == std::vector<int32_t>{0, 1, 0, 0, 1, 0, 1, 0});
}

TEST_CASE("the two rules change nothing where PyTorch's numbers are already the framework's") {
  // max_skips_nan on NaN-free input, lp_norm_of_window on another kind: PyTorch's path (fast
  // kernels included), bit for bit.
  std::mt19937 rng(1207);
  int compared = 0;
  for (int t = 0; t < kProblems; ++t) {
    const PoolKind kind = t % 2 ? PoolKind::max : PoolKind::avg;
    const int dims = static_cast<int>(pick(rng, 1, 3));
    PoolOptions o = random_pytorch_options(rng, kind, dims);
    const std::vector<int64_t> shape = random_shape(rng, dims);
    INFO(describe(o, shape));
    const std::vector<float> x = random_values(rng, numel(shape));
    const auto a = poolgrad::pool_forward(o, shape, x.data(), x.size());
    if (!a.status.ok) continue;
    PoolOptions rules = o;
    rules.max_skips_nan = rules.lp_norm_of_window = true;
    const auto b = poolgrad::pool_forward(rules, shape, x.data(), x.size());
    REQUIRE(b.status.ok);
    require_same_bits(a.output, b.output, "output");
    REQUIRE(a.indices == b.indices);
    const std::vector<float> dy = random_values(rng, static_cast<int64_t>(a.output.size()));
    require_same_bits(backward_values(o, shape, dy, a.indices),
                      backward_values(rules, shape, dy, b.indices), "grad_input");
    ++compared;
  }
  CHECK(compared >= kProblems / 2);
}
