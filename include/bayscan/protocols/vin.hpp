// Vehicle identification numbers (ISO 3779 content, ISO 3780 manufacturer identifier,
// 49 CFR 565 for the North-American check digit and model-year code), as an ECU reports
// them in the SAE J1979 service 09 InfoType 02 reply.
//
// Ownership: vin_info owns its VIN text; manufacturer/country are views into static tables
// (valid for the whole program). Pure functions over their arguments; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_VIN_HPP
#define BAYSCAN_PROTOCOLS_VIN_HPP

#include <array>
#include <bayscan/common/result.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace bayscan::protocols {

// Why a reply could not be taken as a VIN.
enum class vin_error {
  empty = 1,          // nothing but padding (ECUs without a programmed VIN answer all 00 or spaces)
  wrong_length,       // after trimming padding, not 17 characters (ISO 3779 clause 4)
  invalid_character,  // outside A-H, J-N, P, R-Z, 0-9 (I, O and Q are never used: ISO 3779, 49 CFR
                      // 565)
};

const boost::system::error_category& vin_category() noexcept;
boost::system::error_code make_error_code(vin_error e) noexcept;

// The error value of parse_vin: the kind of problem plus where it is, so the intake report
// can say "VIN position 9: 'O' is not a VIN character" instead of "invalid VIN".
struct vin_parse_error {
  vin_error code = vin_error::empty;
  std::size_t length = 0;    // characters left after trimming padding
  std::size_t position = 0;  // 1-based VIN position of the bad character (invalid_character)
  char character = '\0';     // the bad character as received (invalid_character)

  boost::system::error_code error_code() const noexcept { return make_error_code(code); }
  std::string message() const;
};

// Lets boost::system::result<T, vin_parse_error>::value() report the error; callers at the
// protocol boundary test has_value()/error() instead.
[[noreturn]] void throw_exception_from_error(const vin_parse_error& e,
                                             const boost::source_location& loc);

struct vin_info {
  std::string vin;  // 17 upper-case characters, padding removed

  // Position 9 check digit (49 CFR 565.15(c)). A mismatch is a WARNING, not a rejection:
  // the check digit is only mandatory for vehicles sold in North America; many European,
  // Japanese-domestic and other VINs (ISO 3779 makes the digit optional) carry a plant code,
  // a filler or an arbitrary character in position 9.
  bool check_digit_valid = false;
  char expected_check_digit = '0';  // '0'..'9' or 'X', what the VIN would need in position 9

  // Position 10 model-year code and the two model years it stands for in the 30-year cycle
  // (49 CFR 565.15(d): A = 1980/2010 ... Y = 2000/2030, 1 = 2001/2031 ... 9 = 2009/2039).
  // nullopt when position 10 is not a year code (0, U, Z): ISO 3779 leaves the year optional
  // and some non-North-American VINs put other data there. See vin_model_year.hpp to choose.
  char model_year_code = '0';
  std::optional<std::array<int, 2>> model_year_candidates;

  // From the world manufacturer identifier (positions 1-3, ISO 3780); nullopt when the WMI
  // or its country range is not in our verified tables (see wmi.hpp).
  std::optional<std::string_view> manufacturer;
  std::optional<std::string_view> country;

  std::string_view wmi() const noexcept { return std::string_view(vin).substr(0, 3); }
  // Vehicle descriptor section, positions 4-9 (ISO 3779 clause 5.2).
  std::string_view vds() const noexcept { return std::string_view(vin).substr(3, 6); }
  // Vehicle indicator section, positions 10-17 (ISO 3779 clause 5.3).
  std::string_view vis() const noexcept { return std::string_view(vin).substr(9, 8); }
};

// Parses a VIN as received from an ECU or typed by an advisor. Trims leading and trailing
// bytes that are not printable ASCII (0x21..0x7E): the 00 fill bytes of legacy-protocol
// 09 02 replies ("00 00 00" ahead of the first character), spaces, CR/LF and FF padding.
// Upper-cases letters. Rejects (with position) anything that is not 17 VIN characters.
result<vin_info, vin_parse_error> parse_vin(std::string_view raw);

// Value of one VIN character in the check-digit sum (49 CFR 565.15(c), assigned values:
// A-H = 1-8, J-N = 1-5, P = 7, R = 9, S-Z = 2-9, digits their own value); -1 for a character
// that is not allowed in a VIN. Accepts lower case.
int vin_transliteration(char c) noexcept;

// True for the 33 characters a VIN may contain (upper case only).
constexpr bool is_vin_character(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z' && c != 'I' && c != 'O' && c != 'Q');
}

// The check digit ('0'..'9' or 'X') that position 9 of this 17-character VIN must hold.
// Position 9 itself has weight 0 and is ignored, so scenario authors may leave a placeholder
// there ("1M8GDM9A?KP042788") and write the result back. Case-insensitive. Returns '\0' when
// vin17 is not 17 characters or any other position is not a VIN character.
char compute_check_digit(std::string_view vin17) noexcept;

// vin17 with position 9 replaced by its computed check digit; empty string under the same
// conditions in which compute_check_digit returns '\0'. For simulator scenario files.
std::string with_check_digit(std::string_view vin17);

}  // namespace bayscan::protocols

template <>
struct boost::system::is_error_code_enum<bayscan::protocols::vin_error> : std::true_type {};

#endif
