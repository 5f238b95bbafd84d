// Error values of DTC text parsing ("P0301" -> dtc): each names what was wrong with the text.
// Immutable category; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_DTC_ERROR_HPP
#define BAYSCAN_PROTOCOLS_DTC_ERROR_HPP

#include <bayscan/common/result.hpp>

#include <type_traits>

namespace bayscan::protocols {

enum class dtc_error {
  bad_length = 1,     // not exactly five characters ("P301", "P03011")
  bad_system_letter,  // first character is not P, C, B or U (SAE J2012 5.1)
  bad_first_digit,    // second character is not 0..3: only two bits encode it (SAE J2012 5.1)
  non_hex_digit,      // characters three to five are not hex digits 0-9 / A-F
};

const boost::system::error_category& dtc_category() noexcept;

inline error_code make_error_code(dtc_error e) noexcept {
  return {static_cast<int>(e), dtc_category()};
}

}  // namespace bayscan::protocols

template <>
struct boost::system::is_error_code_enum<bayscan::protocols::dtc_error> : std::true_type {};

#endif
