// number_text.h: a double as printf's "%.<precision>g" writes it, without printf.
#pragma once

#include <string>

namespace poolgrad {

// The text printf's "%.<precision>g" gives for v (precision 1 to 17): the exact value rounded
// half to even to `precision` significant digits, trailing zeros dropped, "nan", "inf", "-inf".
std::string g_text(double v, int precision);

}  // namespace poolgrad
