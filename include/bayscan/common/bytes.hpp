// Byte buffers and hex text, as adapters and captures show them ("41 0C 1A F8").
// Pure functions; thread-safe.
#ifndef BAYSCAN_COMMON_BYTES_HPP
#define BAYSCAN_COMMON_BYTES_HPP

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bayscan {

using byte_vector = std::vector<std::uint8_t>;
using byte_span = std::span<const std::uint8_t>;

// Upper-case hex, one separator between bytes ("41 0C" or "410C" with sep = "").
std::string to_hex(byte_span bytes, std::string_view sep = " ");

// Parses hex digits, ignoring spaces; nullopt on an odd digit count or a non-hex character.
std::optional<byte_vector> parse_hex(std::string_view text);

// Value of one hex digit, or -1.
constexpr int hex_digit_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace bayscan

#endif
