// poolgrad.h: the core's public surface in one include. Read in this order:
//   pool_options.h          what a caller asks for, the validation gate, the checked geometry
//   output_size.h           how many sliding windows fit along an axis
//   pool_window.h           which input elements a window covers (sliding and adaptive rules)
//   max_rule.h              the max rule (ties, NaN) and its gradient, for every max-type kind
//   max_pool.h              max pooling forward, backward, routing counts
//   avg_pool.h              average pooling divisors, forward, backward, routing counts
//   adaptive_pool.h         adaptive max / average pooling (global pooling: output size 1)
//   lp_pool.h               LP (power-average) pooling, PyTorch's composite
//   max_unpool.h            max unpooling: the scatter to max pooling's indices
//   fractional_max_pool.h   fractional max pooling: pseudo-random window starts
//   pool_api.h              whole operations on caller data: validate, allocate, run
#pragma once

#include "adaptive_pool.h"
#include "avg_pool.h"
#include "fractional_max_pool.h"
#include "lp_pool.h"
#include "max_pool.h"
#include "max_unpool.h"
#include "output_size.h"
#include "pool_api.h"
#include "pool_options.h"
#include "size_limits.h"
#include "status.h"
