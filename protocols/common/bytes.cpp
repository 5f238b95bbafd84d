#include <bayscan/common/bytes.hpp>

namespace bayscan {

std::string to_hex(byte_span bytes, std::string_view sep) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * (2 + sep.size()));
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i != 0) out.append(sep);
    out.push_back(digits[bytes[i] >> 4]);
    out.push_back(digits[bytes[i] & 0x0F]);
  }
  return out;
}

std::optional<byte_vector> parse_hex(std::string_view text) {
  byte_vector out;
  out.reserve(text.size() / 2);
  int high = -1;
  for (char c : text) {
    if (c == ' ') continue;
    int v = hex_digit_value(c);
    if (v < 0) return std::nullopt;
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>((high << 4) | v));
      high = -1;
    }
  }
  if (high >= 0) return std::nullopt;
  return out;
}

}  // namespace bayscan
