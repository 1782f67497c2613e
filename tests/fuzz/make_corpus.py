#!/usr/bin/env python3
"""make_corpus.py: writes the named seeds of tests/fuzz/corpus/ in fuzz_pool.cpp's input format.

    python3 tests/fuzz/make_corpus.py      (rewrites the seed-*.bin files, deterministically)

The seeds are requests worth replaying on every run: the reproductions of issue 7 (the average
divisor's int64 overflow, unbounded work), each cap at and around its value, the int64 edges
of every parameter, and small valid requests of every kind. The other files of the corpus
(cov-*) are inputs the fuzzer found that widen coverage, kept after `-merge=1`.
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, 'corpus')

I64_MIN, I64_MAX = -2**63, 2**63 - 1
EDGES = [I64_MIN, I64_MIN + 1, -2**62, -2**31, -2**24 - 1, -2**24, -1, 0,
         1, 2**10, 2**12, 2**16, 2**17, 2**18, 2**20, 2**21,
         2**22, 2**23, 2**24 - 1, 2**24, 2**24 + 1, 2**30 - 1, 2**30, 2**30 + 1,
         2**31, 2**32, 2**48, 2**53 + 1, 2**62, I64_MAX - 1, I64_MAX, 256]
K = 2**24  # kMaxParameter = kMaxElements


def integer(v):
    if -2 <= v <= 13:
        return bytes([v + 2])
    if v in EDGES:
        return bytes([0x80 + EDGES.index(v)])
    if 0 <= v < 65536:
        return bytes([0xc0, v & 0xff, v >> 8])
    return bytes([0xff]) + (v & (2**64 - 1)).to_bytes(8, 'little')


def int_list(values):
    return bytes([len(values)]) + b''.join(integer(v) for v in values)


# data modes: bits 0-1 length (0 right, 2 one short, 3 one long), bit 2 specials, bit 3
# non-negative, bits 4-7 seed
# The family kinds (fuzz_pool.cpp's flags bits 4-6) and norm_type's table.
FAMILY = {'adaptive_max': 1, 'adaptive_avg': 2, 'lp': 3, 'max_unpool': 4, 'fractional_max': 5,
          'unknown6': 6, 'unknown7': 7}
NORMS = [2, 1, 1.5, 3, 0.5, -1, 'inf', 0, 'nan']
# The conventions byte's bits 0-4 (fuzz_pool.cpp; bit 5: padding_end follows).
CONVENTIONS = ['padding_up_to_window', 'dilation_for_average', 'divisor_full_window',
               'lp_norm_of_window', 'max_skips_nan']


def request(kind, dims, kernel_size, shape, stride=(), padding=(), dilation=(), ceil_mode=False,
            count_include_pad=True, divisor_override=None, input_mode=0, grad_mode=0,
            index=None, output_size=(), output_ratio=(), norm_type=2, samples=0, seed=0,
            conventions=None, padding_end=None):
    # conventions: a set of CONVENTIONS' names (the other frameworks' options), or None
    family = FAMILY.get(kind, 0)
    flags = ((kind == 'avg') | (ceil_mode << 1) | ((not count_include_pad) << 2) |
             ((divisor_override is not None) << 3) | (family << 4) |
             ((conventions is not None) << 7))
    out = bytes([flags, dims]) + b''.join(
        int_list(list(v)) for v in (kernel_size, stride, padding, dilation))
    if divisor_override is not None:
        out += integer(divisor_override)
    if conventions is not None:
        bits = sum(1 << CONVENTIONS.index(c) for c in conventions)
        out += bytes([bits | ((padding_end is not None) << 5)])
        if padding_end is not None:
            out += int_list(list(padding_end))
    out += int_list(list(shape))
    if family:
        # output_ratio entries are bytes r (ratio r / 255); samples: bit 2 present, bits 0-1
        # length mode, bit 3 values outside [0, 1), bits 4-7 their seed
        out += int_list(list(output_size)) + bytes([len(output_ratio)] + list(output_ratio))
        out += bytes([NORMS.index(norm_type), samples, seed])
    out += bytes([input_mode, grad_mode])
    out += bytes([0]) if index is None else bytes([1]) + integer(index[0]) + integer(index[1])
    return out


def seeds():
    s = {}
    # Issue 7, item 1: the average divisor of one window over 1 element, padded extent k per
    # axis: k^3 = 2^63 wrapped to -2^63 (-8.67e-19), 2^66 to 0 (inf); 2^72 at the cap.
    for e in (21, 22, 24):
        s[f'overflow-avg3d-k2e{e}'] = request('avg', 3, [2**e], [1, 1, 1, 1],
                                             padding=[2**(e - 1)], input_mode=8)
        s[f'overflow-avg3d-k2e{e}-batched'] = request('avg', 3, [2**e], [2, 1, 1, 1, 1],
                                                     padding=[2**(e - 1)], input_mode=0x18)
    s['overflow-avg3d-below-2e63'] = request(
        'avg', 3, [2**21 - 1, 2**21 + 1, 2**21 - 3], [1, 1, 1, 1],
        padding=[2**20 - 1, 2**20, 2**20 - 2], input_mode=8)
    s['overflow-avg3d-above-2e63'] = request('avg', 3, [2**21 + 1], [1, 1, 1, 1],
                                             padding=[2**20], input_mode=8)
    s['overflow-avg2d-cap'] = request('avg', 2, [K], [1, 1, 1], padding=[K // 2], input_mode=8)
    # Issue 7, item 2: unbounded work. 2^34 + 2^17 taps; (2^20 - 2^17 + 1) * 2^17.
    s['work-max1d-2e18-k2e17'] = request('max', 1, [2**17], [1, 2**18], stride=[1])
    s['work-max1d-2e20-k2e17'] = request('max', 1, [2**17], [1, 2**20], stride=[1])
    s['work-avg2d-dense'] = request('avg', 2, [2**12], [1, 2**12, 2**12], stride=[1],
                                    padding=[2**11])
    # The work cap just under and just over (stride 1, no padding).
    for name, kind, dims, k, shape in [
            ('1d-2e30', 'max', 1, 1024, [1, 2**20 + 1023]),
            ('1d-2e30+1024', 'avg', 1, 1024, [1, 2**20 + 1024]),
            ('1d-2e30-64', 'max', 1, 65, [1, 16519168]),
            ('1d-2e30+1', 'avg', 1, 65, [1, 16519169]),
            ('planes16', 'avg', 1, 1024, [16, 1, 2**16 + 1023]),
            ('planes17', 'max', 1, 1024, [17, 1, 2**16 + 1023]),
            ('empty-batch', 'avg', 1, 1024, [0, 1, 2**20 + 1024]),
            ('2d-2e30', 'max', 2, 32, [1, 1024 + 31, 1024 + 31]),
            ('2d-over', 'avg', 2, 32, [1, 1024 + 32, 1024 + 31]),
            ('3d-2e30', 'avg', 3, 16, [1, 79, 79, 79]),
            ('3d-over', 'max', 3, 16, [1, 79, 79, 80])]:
        s[f'workcap-{name}'] = request(kind, dims, [k], shape, stride=[1])
    # Realistic layers (accepted; validated only by the fuzzer, too big to run there).
    s['layer-resnet-stem'] = request('max', 2, [3], [1, 64, 112, 112], stride=[2], padding=[1])
    s['layer-avg-8x128'] = request('avg', 2, [3], [8, 128, 32, 32], stride=[1], padding=[1])
    s['layer-max-2e24-3x3'] = request('max', 2, [3], [1, 1, 4096, 4096], stride=[1], padding=[1])
    s['layer-max-1d-2e24'] = request('max', 1, [1], [1, K])
    # Every parameter at the cap on every axis: one window over one element.
    for dims in (1, 2, 3):
        one = [1] * (dims + 1)
        for kind in ('max', 'avg'):
            s[f'cap-{kind}{dims}d-kernel'] = request(kind, dims, [K], one, padding=[K // 2],
                                                    input_mode=8)
            s[f'cap-{kind}{dims}d-kernel-ceil'] = request(kind, dims, [K], one, padding=[K // 2],
                                                         stride=[K], ceil_mode=True,
                                                         input_mode=8)
            s[f'cap-{kind}{dims}d-stride'] = request(kind, dims, [1], [3] * (dims + 1),
                                                    stride=[K], input_mode=0x30)
        s[f'cap-max{dims}d-padding'] = request('max', dims, [3], one, dilation=[K], padding=[K])
        s[f'cap-max{dims}d-dilation'] = request('max', dims, [2], one, dilation=[K],
                                                padding=[K // 2], ceil_mode=True)
        s[f'cap-max{dims}d-all'] = request('max', dims, [K], one, stride=[K], padding=[K],
                                           dilation=[K])
        s[f'cap-max{dims}d-dim'] = request('max', dims, [1], [1] * dims + [K])
        s[f'cap-max{dims}d-dim+1'] = request('max', dims, [1], [1] * dims + [K + 1])
        s[f'cap-avg{dims}d-output+1'] = request('avg', dims, [2], [1] * dims + [K],
                                                stride=[1], padding=[1])
    # The int64 edges of every parameter (one axis each), of divisor_override and of the shape.
    fields = ('kernel_size', 'stride', 'padding', 'dilation')
    for i, v in enumerate([I64_MIN, I64_MIN + 1, -2**62, -K - 1, -1, 0, K + 1, 2**30, 2**62,
                           I64_MAX - 1, I64_MAX]):
        for f in fields:
            dims = 1 + i % 3
            values = {'kernel_size': [2] * dims, 'stride': [], 'padding': [], 'dilation': []}
            values[f] = [2] * dims
            values[f][i % dims] = v
            kind = 'avg' if (i + len(f)) % 2 else 'max'
            s[f'edge-{f}-{i}'] = request(kind, dims, values['kernel_size'], [1] + [6] * dims,
                                         stride=values['stride'], padding=values['padding'],
                                         dilation=values['dilation'])
        s[f'edge-divisor-{i}'] = request('avg', 2, [2], [1, 4, 4], divisor_override=v,
                                         input_mode=0x20)
        s[f'edge-shape-{i}'] = request('max', 2, [2], [1] * (i % 2) + [1, v, 4])
    for v in (-K, -1, 1, K):
        s[f'edge-divisor-ok-{v}'] = request('avg', 3, [2], [2, 3, 3, 3], divisor_override=v,
                                            padding=[1], input_mode=0x44, grad_mode=0x14)
    # Rejections of every kind besides the ranges.
    s['reject-dims0'] = request('max', 0, [2], [1, 4])
    s['reject-dims4'] = request('avg', 4, [2], [1, 4, 4, 4, 4])
    s['reject-no-kernel'] = request('max', 2, [], [1, 4, 4])
    s['reject-list'] = request('max', 3, [2, 2], [1, 4, 4, 4])
    s['reject-rank'] = request('max', 2, [2], [4, 4])
    s['reject-padding-half'] = request('max', 2, [2], [1, 6, 6], padding=[0, 2])
    s['reject-avg-dilation'] = request('avg', 2, [2], [1, 6, 6], dilation=[1, 2])
    s['reject-output-small'] = request('avg', 2, [2, 5], [1, 6, 3])
    s['reject-input-length'] = request('max', 2, [2], [1, 4, 4], input_mode=2)
    s['reject-grad-length'] = request('avg', 2, [2], [1, 4, 4], grad_mode=3)
    s['reject-index'] = request('max', 2, [2], [2, 1, 4, 4], index=(3, 16))
    s['reject-index-min'] = request('max', 1, [3], [1, 9], index=(0, -2**31))
    s['accept-index--1'] = request('max', 1, [3], [1, 9], index=(1, -1))
    # Small valid requests of every kind: padding, dilation (with windows of padding only),
    # ceil_mode, count_include_pad, divisor_override, special values, empty batches.
    rng = random.Random(7)
    for n in range(48):
        kind = 'max' if n % 2 == 0 else 'avg'
        dims = 1 + n % 3
        k = [rng.randint(1, 4) for _ in range(dims)]
        st = [rng.randint(1, 3) for _ in range(dims)]
        d = [rng.randint(1, 3) if kind == 'max' else 1 for _ in range(dims)]
        p = [rng.randint(0, ((k[a] - 1) * d[a] + 1) // 2) for a in range(dims)]
        batch = [rng.choice([0, 1, 2, 3])] if rng.random() < 0.5 else []
        shape = batch + [rng.randint(1, 3)] + [rng.randint(1, 7) for _ in range(dims)]
        div = rng.choice([None, None, None, rng.randint(-5, 9) or 1])
        mode = rng.randint(0, 255) & ~3
        s[f'small-{n:03d}'] = request(
            kind, dims, k, shape, stride=st, padding=p, dilation=d if kind == 'max' else [],
            ceil_mode=rng.random() < 0.4, count_include_pad=rng.random() < 0.5,
            divisor_override=div if kind == 'avg' else None, input_mode=mode,
            grad_mode=rng.randint(0, 255) & ~3,
            index=(rng.randint(0, 50), rng.randint(-3, 40)) if rng.random() < 0.2 else None)
    family_seeds(s)
    convention_seeds(s)
    return s


def convention_seeds(s):
    """Issue 12: the other frameworks' conventions, each rule valid and at its edge."""
    rng = random.Random(12)
    every = set(CONVENTIONS)
    for n in range(30):
        kind = ['max', 'avg', 'lp'][n % 3]
        dims = 1 + n % 3
        k = [rng.randint(1, 3) for _ in range(dims)]
        d = [rng.randint(1, 3) for _ in range(dims)]
        p = [rng.randint(0, (k[a] - 1) * d[a]) for a in range(dims)]
        pe = [rng.randint(0, (k[a] - 1) * d[a]) for a in range(dims)]
        shape = [rng.randint(1, 2), rng.randint(1, 2)] + [rng.randint(1, 7) for _ in range(dims)]
        rules = set(rng.sample(CONVENTIONS, rng.randint(1, 5))) | {'padding_up_to_window'}
        if kind != 'max':
            rules.add('dilation_for_average')
        s[f'conv-{kind}-{n:02d}'] = request(
            kind, dims, k, shape, stride=[rng.randint(1, 3) for _ in range(dims)], padding=p,
            dilation=d, ceil_mode=rng.random() < 0.5, count_include_pad=rng.random() < 0.7,
            norm_type=rng.choice([2, 1, 1.5, 3, 0.5, 'inf']), input_mode=rng.randint(0, 255) & ~3,
            grad_mode=rng.randint(0, 255) & ~3, conventions=rules, padding_end=pe)
    # Edges: a max window of NaN only; the whole kernel dividing past the input; the norm's p
    # below 0; padding_end past the extent less one; at the cap.
    s['conv-max-all-nan'] = request('max', 1, [2], [1, 4], input_mode=4, conventions={'max_skips_nan'})
    s['conv-avg-full-ceil'] = request('avg', 1, [3], [1, 4], stride=[2], ceil_mode=True,
                                      conventions={'divisor_full_window'})
    s['conv-lp-negative'] = request('lp', 1, [2], [1, 4], norm_type=-1,
                                    conventions={'lp_norm_of_window'})
    s['conv-lp-padding'] = request('lp', 2, [3], [1, 1, 4, 4], padding=[2], norm_type=3,
                                   conventions=every, padding_end=[0, 1])
    s['conv-padding-end-wide'] = request('max', 1, [3], [1, 4], conventions=every,
                                         padding_end=[3])
    s['conv-padding-end-cap'] = request('avg', 1, [K], [1, 1], conventions=every,
                                        padding_end=[K - 1], ceil_mode=True)


def family_seeds(s):
    """Issue 11: every kind of the family, valid and at each rule's edge."""
    rng = random.Random(11)
    for n in range(36):
        dims = 1 + n % 3
        kind = ['adaptive_max', 'adaptive_avg', 'lp', 'max_unpool', 'fractional_max'][n % 5]
        if kind == 'fractional_max':
            dims = 2 + n % 2
        batch = [rng.choice([0, 1, 2])] if rng.random() < 0.5 else []
        spatial = [rng.randint(2, 8) for _ in range(dims)]
        shape = batch + [rng.randint(1, 3)] + spatial
        mode = rng.randint(0, 255) & ~3
        extra = dict(input_mode=mode, grad_mode=rng.randint(0, 255) & ~3, seed=n,
                     index=(rng.randint(0, 50), rng.randint(-3, 40)) if rng.random() < 0.2
                     else None)
        if kind.startswith('adaptive'):
            s[f'family-{kind}-{n:02d}'] = request(
                kind, dims, [], shape, output_size=[rng.choice([-1, 1, 2, 3, 5, 9])
                                                    for _ in range(dims)], **extra)
        elif kind == 'lp':
            s[f'family-lp-{n:02d}'] = request(
                kind, dims, [rng.randint(1, 2)], shape, stride=[rng.randint(1, 3)],
                ceil_mode=rng.random() < 0.5, norm_type=rng.choice(NORMS[:7]), **extra)
        elif kind == 'max_unpool':
            k = rng.randint(1, 3)
            st = rng.randint(1, 3)
            s[f'family-unpool-{n:02d}'] = request(
                kind, dims, [k], shape, stride=[st],
                output_size=[(v - 1) * st + k + rng.randint(-st + 1, st - 1) for v in spatial]
                if rng.random() < 0.5 else [], **extra)
        else:
            k = [rng.randint(1, 2) for _ in range(dims)]
            out = [rng.randint(1, v - k[a] + 1) for a, v in enumerate(spatial)]
            by_ratio = rng.random() < 0.3
            s[f'family-fractional-{n:02d}'] = request(
                kind, dims, k, shape, output_size=[] if by_ratio else out,
                output_ratio=[rng.randint(60, 200)] if by_ratio else [],
                samples=rng.choice([0, 4, 4 | 0x50, 4 | 8, 4 | 2]), **extra)
    # Rule edges, one each.
    s['family-reject-unknown-kind'] = request('unknown6', 2, [2], [1, 4, 4])
    s['family-reject-adaptive-none'] = request('adaptive_avg', 2, [], [1, 4, 4])
    s['family-reject-adaptive-zero'] = request('adaptive_max', 1, [], [1, 4], output_size=[0])
    s['family-adaptive-keep'] = request('adaptive_max', 3, [], [2, 3, 5, 4],
                                        output_size=[-1, 2, 7], input_mode=4)
    s['family-workcap-adaptive'] = request('adaptive_avg', 3, [], [1, 2**16, 1, 1],
                                           output_size=[1, 128, 129])
    s['family-workcap-adaptive-ok'] = request('adaptive_avg', 3, [], [1, 2**16, 1, 1],
                                              output_size=[1, 128, 128])
    s['family-adaptive-huge'] = request('adaptive_avg', 1, [], [1, 3], output_size=[K + 1])
    for i, p in enumerate(NORMS):
        s[f'family-lp-norm-{i}'] = request('lp', 1, [2], [2, 5], norm_type=p, ceil_mode=True,
                                           input_mode=4 if i % 2 else 8)
    s['family-unpool-edge-low'] = request('max_unpool', 1, [2], [1, 4], output_size=[6])
    s['family-unpool-edge-high'] = request('max_unpool', 1, [2], [1, 4], output_size=[10])
    s['family-unpool-empty'] = request('max_unpool', 1, [1], [1, 1], stride=[2],
                                       output_size=[0])
    s['family-unpool-pad'] = request('max_unpool', 2, [1], [1, 1, 1], padding=[1])
    s['family-unpool-bad-index'] = request('max_unpool', 2, [2], [2, 2, 3, 3], index=(5, 36))
    s['family-unpool-neg-index'] = request('max_unpool', 1, [2], [1, 3], index=(0, -1))
    s['family-frac-1d'] = request('fractional_max', 1, [2], [1, 8], output_size=[3])
    s['family-frac-both'] = request('fractional_max', 2, [2], [1, 8, 8], output_size=[3],
                                    output_ratio=[128])
    s['family-frac-fit'] = request('fractional_max', 3, [2], [1, 5, 5, 5], output_size=[4])
    s['family-frac-overfit'] = request('fractional_max', 3, [2], [1, 5, 5, 5], output_size=[5])
    s['family-frac-ratio-1'] = request('fractional_max', 2, [2], [1, 8, 8], output_ratio=[255])
    s['family-frac-samples-short'] = request('fractional_max', 2, [2], [2, 3, 8, 8],
                                             output_size=[3], samples=4 | 2)
    s['family-frac-samples-bad'] = request('fractional_max', 2, [2], [2, 3, 8, 8],
                                           output_size=[3], samples=4 | 8)
    s['family-frac-cap'] = request('fractional_max', 2, [K], [1, K, 1], output_size=[1])


def main():
    os.makedirs(CORPUS, exist_ok=True)
    for name in os.listdir(CORPUS):
        if name.startswith('seed-'):
            os.remove(os.path.join(CORPUS, name))
    for name, data in seeds().items():
        with open(os.path.join(CORPUS, f'seed-{name}.bin'), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
