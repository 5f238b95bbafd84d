// The one alias for "a value or an error" at protocol and transport boundaries.
// Kept behind this header so C++23 std::expected can replace boost::system::result later
// without touching callers. Errors are boost::system::error_code built from our own
// enum class categories (see each layer's *_error.hpp).
#ifndef BAYSCAN_COMMON_RESULT_HPP
#define BAYSCAN_COMMON_RESULT_HPP

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

namespace bayscan {

using error_code = boost::system::error_code;

template <class T, class E = error_code>
using result = boost::system::result<T, E>;

}  // namespace bayscan

#endif
