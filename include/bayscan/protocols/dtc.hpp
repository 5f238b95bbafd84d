// Diagnostic trouble codes as SAE J2012 / ISO 15031-6 define them and SAE J1979 services
// 03 / 07 / 0A carry them: two bytes on the wire, five characters ("P0301") for people.
// Pure value type and pure functions; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_DTC_HPP
#define BAYSCAN_PROTOCOLS_DTC_HPP

#include <bayscan/common/result.hpp>
#include <bayscan/protocols/dtc_error.hpp>

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bayscan::protocols {

// Two-byte DTC layout (SAE J1979 service 03 response encoding; SAE J2012 DEC2007 5.1 format
// structure, technically equivalent to ISO 15031-6):
//
//   byte A (first on the wire)              byte B
//   7 6 | 5 4 | 3 2 1 0                     7 6 5 4 | 3 2 1 0
//   sys | d1  | d2                          d3      | d4
//
//   sys: 00 P powertrain, 01 C chassis, 10 B body, 11 U network
//   d1:  first digit 0..3 (two bits, so "P4xxx" cannot exist)
//   d2, d3, d4: one hex digit each
//
// Example: 03 01 -> P0301, 41 23 -> C0123, 81 00 -> B0100, C1 00 -> U0100, E3 00 -> U2300.
// 00 00 reads as "P0000", which J1979 uses as padding, not as a code: legacy protocols always
// answer service 03 with three code slots per message and fill the unused ones with 00 00.
enum class dtc_system : std::uint8_t {
  powertrain = 0,  // P
  chassis = 1,     // C
  body = 2,        // B
  network = 3,     // U
};

// 'P', 'C', 'B', 'U'.
constexpr char system_letter(dtc_system s) noexcept {
  constexpr char letters[] = {'P', 'C', 'B', 'U'};
  return letters[static_cast<std::uint8_t>(s) & 0x3];
}

// Who assigns the meaning of a code (SAE J2012 5.2 - 5.7).
enum class dtc_owner : std::uint8_t {
  sae,           // ISO/SAE controlled ("generic", "core"), including ranges reserved by the document
  manufacturer,  // manufacturer controlled: meaning only in the manufacturer's service information
};

struct dtc {
  std::uint16_t raw = 0;  // byte A << 8 | byte B

  static constexpr dtc from_bytes(std::uint8_t a, std::uint8_t b) noexcept {
    return dtc{static_cast<std::uint16_t>((a << 8) | b)};
  }
  constexpr std::uint8_t high_byte() const noexcept { return static_cast<std::uint8_t>(raw >> 8); }
  constexpr std::uint8_t low_byte() const noexcept { return static_cast<std::uint8_t>(raw & 0xFF); }

  constexpr dtc_system system() const noexcept { return static_cast<dtc_system>(raw >> 14); }
  // The digit after the letter, 0..3.
  constexpr unsigned first_digit() const noexcept { return (raw >> 12) & 0x3; }
  // The last three hex digits as a number (0x301 for P0301).
  constexpr unsigned low_digits() const noexcept { return raw & 0x0FFF; }

  // 00 00: the padding of legacy service 03/07/0A replies, not a fault.
  constexpr bool is_no_code() const noexcept { return raw == 0; }

  // SAE J2012 DEC2007 5.2 - 5.7 (ISO/SAE vs manufacturer controlled groupings):
  //   P0xxx, P2xxx, P3400-P3FFF  ISO/SAE controlled (P3400-P34FF cylinder deactivation)
  //   P1xxx, P3000-P33FF         manufacturer controlled
  //   B0xxx, C0xxx, U0xxx        ISO/SAE controlled
  //   B1/B2, C1/C2, U1/U2        manufacturer controlled
  //   B3xxx, C3xxx, U3xxx        reserved by the document (SAE), so not the manufacturer's
  constexpr dtc_owner owner() const noexcept {
    const unsigned d1 = first_digit();
    if (system() == dtc_system::powertrain) {
      if (d1 == 1) return dtc_owner::manufacturer;
      if (d1 == 3 && low_digits() < 0x400) return dtc_owner::manufacturer;
      return dtc_owner::sae;
    }
    return d1 == 1 || d1 == 2 ? dtc_owner::manufacturer : dtc_owner::sae;
  }
  constexpr bool is_generic() const noexcept { return owner() == dtc_owner::sae; }

  // "P0301": letter, then four upper-case hex digits.
  std::string to_string() const;

  friend constexpr auto operator<=>(dtc, dtc) noexcept = default;
};

// "P0301" (upper or lower case) -> dtc. Exactly five characters; the error says which part
// was wrong: length, system letter, first digit (0..3 only) or a non-hex digit.
result<dtc> parse_dtc(std::string_view text) noexcept;

// Which list a code was read from (SAE J1979 services 03, 07, 0A).
enum class dtc_status : std::uint8_t {
  stored,     // confirmed, MIL may be on: service 03
  pending,    // failed in the current or last driving cycle, not yet confirmed: service 07
  permanent,  // survives a clear (service 04) until the monitor passes: service 0A
};

// "stored", "pending", "permanent" (the IntakeReport JSON values).
std::string_view to_string(dtc_status s) noexcept;
std::optional<dtc_status> dtc_status_from_string(std::string_view text) noexcept;

// The J1979 request service that reads codes of this status: 0x03, 0x07 or 0x0A.
constexpr std::uint8_t reading_service(dtc_status s) noexcept {
  switch (s) {
    case dtc_status::stored: return 0x03;
    case dtc_status::pending: return 0x07;
    case dtc_status::permanent: return 0x0A;
  }
  return 0x03;
}

// The inverse: 0x03 / 0x07 / 0x0A, or their positive-response ids 0x43 / 0x47 / 0x4A.
constexpr std::optional<dtc_status> status_for_service(std::uint8_t service) noexcept {
  switch (service) {
    case 0x03: case 0x43: return dtc_status::stored;
    case 0x07: case 0x47: return dtc_status::pending;
    case 0x0A: case 0x4A: return dtc_status::permanent;
    default: return std::nullopt;
  }
}

}  // namespace bayscan::protocols

#endif
