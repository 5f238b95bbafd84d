#include <bayscan/protocols/dtc.hpp>

#include <bayscan/common/bytes.hpp>

#include <string>

namespace bayscan::protocols {

namespace {

class dtc_category_impl final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "bayscan.dtc"; }
  std::string message(int ev) const override {
    switch (static_cast<dtc_error>(ev)) {
      case dtc_error::bad_length:
        return "DTC text must be exactly five characters, like P0301";
      case dtc_error::bad_system_letter:
        return "DTC must start with a system letter P, C, B or U";
      case dtc_error::bad_first_digit:
        return "DTC second character must be 0, 1, 2 or 3 (two bits in the encoding)";
      case dtc_error::non_hex_digit:
        return "DTC last three characters must be hex digits 0-9 or A-F";
    }
    return "unknown DTC error";
  }
};

}  // namespace

const boost::system::error_category& dtc_category() noexcept {
  static const dtc_category_impl category;
  return category;
}

std::string dtc::to_string() const {
  constexpr std::string_view hex = "0123456789ABCDEF";
  std::string out(5, '\0');
  out[0] = system_letter(system());
  out[1] = static_cast<char>('0' + first_digit());
  out[2] = hex[(raw >> 8) & 0xF];
  out[3] = hex[(raw >> 4) & 0xF];
  out[4] = hex[raw & 0xF];
  return out;
}

result<dtc> parse_dtc(std::string_view text) noexcept {
  if (text.size() != 5) return dtc_error::bad_length;
  unsigned system = 0;
  switch (text[0]) {
    case 'P': case 'p': system = 0; break;
    case 'C': case 'c': system = 1; break;
    case 'B': case 'b': system = 2; break;
    case 'U': case 'u': system = 3; break;
    default: return dtc_error::bad_system_letter;
  }
  if (text[1] < '0' || text[1] > '3') {
    // '4'..'F' are hex digits but do not fit the two bits J2012 gives the first digit.
    return hex_digit_value(text[1]) < 0 ? dtc_error::non_hex_digit : dtc_error::bad_first_digit;
  }
  unsigned value = (system << 14) | (static_cast<unsigned>(text[1] - '0') << 12);
  for (std::size_t i = 2; i < 5; ++i) {
    const int v = hex_digit_value(text[i]);
    if (v < 0) return dtc_error::non_hex_digit;
    value |= static_cast<unsigned>(v) << (4 * (4 - i));
  }
  return dtc{static_cast<std::uint16_t>(value)};
}

std::string_view to_string(dtc_status s) noexcept {
  switch (s) {
    case dtc_status::stored: return "stored";
    case dtc_status::pending: return "pending";
    case dtc_status::permanent: return "permanent";
  }
  return "stored";
}

std::optional<dtc_status> dtc_status_from_string(std::string_view text) noexcept {
  for (auto s : {dtc_status::stored, dtc_status::pending, dtc_status::permanent}) {
    if (text == to_string(s)) return s;
  }
  return std::nullopt;
}

}  // namespace bayscan::protocols
