// Service $01 / $02 parameter identifiers (PIDs): the table of data lengths and scalings from
// SAE J1979-DA (Digital Annex, "PIDs for services $01 and $02"; formerly SAE J1979 Appendix B)
// and the decoder from data bytes to physical values. Every PID whose data length we know can be
// walked in a multi-PID reply; PIDs without a table entry decode to raw bytes.
// The table is immutable static data; all functions are pure and thread-safe.
#ifndef BAYSCAN_PROTOCOLS_J1979_PID_HPP
#define BAYSCAN_PROTOCOLS_J1979_PID_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/result.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bayscan::protocols {

// Enumerated (state-encoded) PIDs whose codes carry a text (J1979-DA tables).
enum class pid_enumeration : std::uint8_t {
  none,
  fuel_system_status,    // PID 03, one bit set per state
  secondary_air_status,  // PID 12, one bit set per state
  obd_standard,          // PID 1C, "OBD requirements to which vehicle is designed"
  fuel_type,             // PID 51, fuel type coding
};

// One physical quantity inside a PID's data: value = raw * factor + add, where raw is `size`
// big-endian bytes starting at data byte `offset` (A = 0), optionally narrowed to
// `bit_width` bits starting at bit `bit_shift`, optionally two's complement.
struct pid_field {
  std::string_view key;    // snake_case, the JSON key ("engine_rpm")
  std::string_view label;  // English label ("Engine speed")
  std::string_view unit;   // "rpm", "°C", "%", "" for counts and states
  std::uint8_t offset = 0;
  std::uint8_t size = 1;
  bool is_signed = false;
  double factor = 1.0;
  double add = 0.0;
  std::uint8_t bit_shift = 0;
  std::uint8_t bit_width = 0;  // 0: all bits of `size` bytes
  pid_enumeration enumeration = pid_enumeration::none;

  // Smallest and largest raw integer the field can hold.
  std::int64_t raw_min() const noexcept;
  std::int64_t raw_max() const noexcept;
};

struct pid_info {
  std::uint8_t pid = 0;
  std::string_view key;    // "engine_rpm"; for multi-value PIDs the PID's own name
  std::string_view label;
  std::uint8_t length = 0;  // data bytes after the PID echo
  std::span<const pid_field> fields;  // empty: known length, no scaling we decode (raw)
};

// The whole table, sorted by PID.
std::span<const pid_info> pid_table() noexcept;
// nullptr when the PID has no entry.
const pid_info* find_pid(std::uint8_t pid) noexcept;
// Data length in bytes, nullopt when unknown.
std::optional<std::size_t> pid_data_length(std::uint8_t pid) noexcept;
// PIDs 00, 20, 40 ... C0 are the supported-PID bitmaps.
constexpr bool is_supported_pids_pid(std::uint8_t pid) noexcept { return pid % 0x20 == 0; }

// Text of an enumerated code ("closed_loop"...); empty when the code is reserved.
std::string_view enumeration_text(pid_enumeration e, unsigned code) noexcept;

struct pid_value {
  std::string_view key;
  std::string_view label;
  std::string_view unit;
  double value = 0.0;
  std::string_view text;  // meaning of an enumerated code, empty otherwise
};

struct decoded_pid {
  std::uint8_t pid = 0;
  byte_vector raw;                // the data bytes as received
  std::vector<pid_value> values;  // empty for PIDs we have no scaling for

  // "1A F8": how unknown PIDs are shown.
  std::string raw_hex() const { return to_hex(raw); }
  const pid_value* find(std::string_view key) const noexcept;
};

// Decodes one PID's data bytes (after the PID echo). Known PIDs must have exactly their length
// (j1979_error::truncated / trailing_bytes); unknown PIDs keep the raw bytes.
result<decoded_pid> decode_pid(std::uint8_t pid, byte_span data);

}  // namespace bayscan::protocols

#endif
