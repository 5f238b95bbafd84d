// Supported-PID bitmaps (SAE J1979-DA PID $00/$20/.../$C0 for services $01 and $02, and
// service $09 infotypes $00/$20/$40): four bytes per range, bit A7 = first ID of the range
// (base + 1) ... bit D0 = base + 0x20, which is also "the next range's bitmap is supported".
// One value per ECU. Plain value type; thread-compatible.
#ifndef BAYSCAN_PROTOCOLS_SUPPORTED_PIDS_HPP
#define BAYSCAN_PROTOCOLS_SUPPORTED_PIDS_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/result.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace bayscan::protocols {

// Range bases 00, 20, ... E0 (J1979 defines up to C0 for service 01, 40 for service 09).
constexpr bool is_range_base(std::uint8_t id) noexcept { return id % 0x20 == 0; }

class supported_pids {
 public:
  // Records one range's bitmap (big-endian A..D as on the wire).
  void set_range(std::uint8_t base, std::uint32_t bitmap) noexcept;
  // From the 4 data bytes after the PID echo; invalid_argument when base is not 00/20/.../E0,
  // truncated / trailing_bytes on a wrong length.
  result<void> add_reply(std::uint8_t base, byte_span data);

  // Was this range's bitmap received?
  bool has_range(std::uint8_t base) const noexcept;
  std::uint32_t range(std::uint8_t base) const noexcept;
  bool supports(std::uint8_t id) const noexcept;
  // Bit D0 of the range: the tester should ask for base + 0x20 next.
  bool next_range_supported(std::uint8_t base) const noexcept;
  // The next range the tester still has to request, or nullopt when the chain ends.
  std::optional<std::uint8_t> next_range_to_request() const noexcept;
  // Every supported ID that is not itself a range bitmap, ascending.
  std::vector<std::uint8_t> data_ids() const;

  friend bool operator==(const supported_pids&, const supported_pids&) = default;

 private:
  std::array<std::uint32_t, 8> bitmaps_{};
  std::uint8_t received_ = 0;  // bit n: range n*0x20 was received
};

// Server side: the 4 bytes of range `base` for a set of supported IDs. Sets bit D0 (next range
// supported) whenever any ID above base + 0x20 is in the set, as J1979 requires for the chain.
std::array<std::uint8_t, 4> encode_supported_range(std::uint8_t base,
                                                   std::span<const std::uint8_t> ids) noexcept;

}  // namespace bayscan::protocols

#endif
