#include <array>
#include <bayscan/protocols/vin.hpp>
#include <bayscan/protocols/vin_model_year.hpp>
#include <bayscan/protocols/wmi.hpp>
#include <boost/throw_exception.hpp>
#include <cstdint>
#include <stdexcept>

namespace bayscan::protocols {

namespace {

constexpr std::size_t vin_length = 17;  // ISO 3779 clause 4: seventeen characters

// Position weights, 49 CFR 565.15(c). Position 9 (the check digit itself) weighs 0.
constexpr std::array<int, vin_length> check_weights{8, 7, 6, 5, 4, 3, 2, 10, 0,
                                                    9, 8, 7, 6, 5, 4, 3, 2};
constexpr std::size_t check_digit_index = 8;  // position 9
constexpr std::size_t model_year_index = 9;   // position 10

constexpr char to_upper_ascii(char c) noexcept {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

// Printable ASCII without space: what a VIN character can be. Everything else at either end
// of a 09 02 reply is fill (00 on legacy protocols, spaces or FF from some ECUs, CR/LF when
// typed or pasted).
constexpr bool is_fill(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x21 || u > 0x7E;
}

class vin_category_impl final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "bayscan.vin"; }
  std::string message(int ev) const override {
    switch (static_cast<vin_error>(ev)) {
      case vin_error::empty:
        return "no VIN: the reply holds only padding";
      case vin_error::wrong_length:
        return "VIN is not 17 characters long";
      case vin_error::invalid_character:
        return "VIN contains a character outside A-H, J-N, P, R-Z, 0-9";
    }
    return "unknown VIN error";
  }
};

std::string describe_character(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x21 && u <= 0x7E) return std::string{'\'', c, '\''};
  static constexpr char hex[] = "0123456789ABCDEF";
  return std::string{"byte 0x"} + hex[u >> 4] + hex[u & 0x0F];
}

}  // namespace

const boost::system::error_category& vin_category() noexcept {
  static const vin_category_impl category;
  return category;
}

boost::system::error_code make_error_code(vin_error e) noexcept {
  return {static_cast<int>(e), vin_category()};
}

std::string vin_parse_error::message() const {
  switch (code) {
    case vin_error::empty:
      return "no VIN: the reply holds only padding";
    case vin_error::wrong_length:
      return "VIN has " + std::to_string(length) + " characters, expected 17";
    case vin_error::invalid_character: {
      std::string text = "VIN position " + std::to_string(position) + ": " +
                         describe_character(character) + " is not a VIN character";
      const char upper = to_upper_ascii(character);
      if (upper == 'I' || upper == 'O' || upper == 'Q')
        text += " (I, O and Q are never used, to avoid confusion with 1, 0 and 9)";
      return text;
    }
  }
  return "unknown VIN error";
}

void throw_exception_from_error(const vin_parse_error& e, const boost::source_location& loc) {
  boost::throw_exception(boost::system::system_error(e.error_code(), e.message()), loc);
}

int vin_transliteration(char c) noexcept {
  c = to_upper_ascii(c);
  if (c >= '0' && c <= '9') return c - '0';
  // Assigned values, 49 CFR 565.15(c). The letters run 1..9 three times, skipping I, O, Q;
  // the third run starts at S = 2 (not 1), and P = 7 / R = 9 keep their place after the gap.
  switch (c) {
    case 'A':
    case 'J':
      return 1;
    case 'B':
    case 'K':
    case 'S':
      return 2;
    case 'C':
    case 'L':
    case 'T':
      return 3;
    case 'D':
    case 'M':
    case 'U':
      return 4;
    case 'E':
    case 'N':
    case 'V':
      return 5;
    case 'F':
    case 'W':
      return 6;
    case 'G':
    case 'P':
    case 'X':
      return 7;
    case 'H':
    case 'Y':
      return 8;
    case 'R':
    case 'Z':
      return 9;
    default:
      return -1;
  }
}

char compute_check_digit(std::string_view vin17) noexcept {
  if (vin17.size() != vin_length) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < vin_length; ++i) {
    if (i == check_digit_index) continue;
    const int value = vin_transliteration(vin17[i]);
    if (value < 0) return '\0';
    sum += value * check_weights[i];
  }
  // Remainder of the division by 11; 10 is written 'X' (49 CFR 565.15(c)).
  const int remainder = sum % 11;
  return remainder == 10 ? 'X' : static_cast<char>('0' + remainder);
}

std::string with_check_digit(std::string_view vin17) {
  const char digit = compute_check_digit(vin17);
  if (digit == '\0') return {};
  std::string out;
  out.reserve(vin_length);
  for (char c : vin17) out.push_back(to_upper_ascii(c));
  out[check_digit_index] = digit;
  return out;
}

result<vin_info, vin_parse_error> parse_vin(std::string_view raw) {
  while (!raw.empty() && is_fill(raw.front())) raw.remove_prefix(1);
  while (!raw.empty() && is_fill(raw.back())) raw.remove_suffix(1);

  if (raw.empty()) return vin_parse_error{vin_error::empty, 0, 0, '\0'};
  if (raw.size() != vin_length)
    return vin_parse_error{vin_error::wrong_length, raw.size(), 0, '\0'};

  vin_info info;
  info.vin.reserve(vin_length);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = to_upper_ascii(raw[i]);
    if (!is_vin_character(c))
      return vin_parse_error{vin_error::invalid_character, raw.size(), i + 1, raw[i]};
    info.vin.push_back(c);
  }

  info.expected_check_digit = compute_check_digit(info.vin);
  info.check_digit_valid = info.vin[check_digit_index] == info.expected_check_digit;
  info.model_year_code = info.vin[model_year_index];
  info.model_year_candidates = model_year_candidates(info.model_year_code);
  info.manufacturer = wmi_manufacturer(info.vin);
  info.country = wmi_country(info.vin);
  return info;
}

}  // namespace bayscan::protocols
