// poolgrad.h: the core's public surface in one include. Read in this order:
//   pool_options.h  what a caller asks for, the validation gate, the checked geometry
//   output_size.h   how many windows fit along an axis
//   pool_window.h   which input elements a window covers
//   max_pool.h      max pooling forward, backward, routing counts
//   avg_pool.h      average pooling divisors, forward, backward, routing counts
//   pool_api.h      whole operations on caller data: validate, allocate, run
#pragma once

#include "avg_pool.h"
#include "max_pool.h"
#include "output_size.h"
#include "pool_api.h"
#include "pool_options.h"
#include "size_limits.h"
#include "status.h"
