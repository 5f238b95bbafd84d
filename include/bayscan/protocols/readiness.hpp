// Readiness (I/M) monitors from service $01 PID 01 ("monitor status since DTCs cleared") and
// PID 41 ("monitor status this drive cycle"), SAE J1979-DA PID $01 / $41 bit layout:
//   A7    MIL commanded on            A6..A0  number of emission-related DTCs (PID 01 only)
//   B0-2  misfire, fuel system, comprehensive components: supported (41: enabled)
//   B3    0 = spark ignition, 1 = compression ignition (selects the meaning of C and D)
//   B4-6  the same three: 1 = not complete
//   C0-7  non-continuous monitors supported (41: enabled), D0-7 the same: 1 = not complete
//     spark:       catalyst, heated catalyst, EVAP, secondary air, A/C refrigerant (obsolete),
//                  O2 sensor, O2 sensor heater, EGR and/or VVT
//     compression: NMHC catalyst, NOx/SCR aftertreatment, (reserved), boost pressure,
//                  (reserved), exhaust gas sensor, PM filter, EGR and/or VVT
// J1979 reports "not complete" as 1; 0 means complete or not applicable, so an unsupported
// monitor reads complete = true.
// Pure values and functions; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_READINESS_HPP
#define BAYSCAN_PROTOCOLS_READINESS_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/result.hpp>

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace bayscan::protocols {

struct readiness_monitor {
  std::string_view name;   // JSON key: "misfire", "catalyst", "evap", "egr_vvt" ...
  bool supported = false;  // PID 41: enabled this drive cycle
  bool complete = false;

  friend bool operator==(const readiness_monitor&, const readiness_monitor&) = default;
};

struct readiness {
  bool mil_on = false;
  std::uint8_t dtc_count = 0;  // always 0 for PID 41 (byte A is reserved there)
  bool compression_ignition = false;
  // The three continuous monitors, then the eight of the spark or compression set, in bit
  // order; reserved bits of the compression set are left out.
  std::vector<readiness_monitor> monitors;

  const readiness_monitor* find(std::string_view name) const noexcept;
};

// Monitor names in bit order for byte B (bits 0-2) and bytes C/D (bits 0-7); empty name for a
// reserved bit.
std::span<const std::string_view> continuous_monitor_names() noexcept;
std::span<const std::string_view> spark_monitor_names() noexcept;
std::span<const std::string_view> compression_monitor_names() noexcept;

// PID 01 data bytes (4, after the PID echo).
result<readiness> decode_readiness(byte_span data);
// PID 41 data bytes: same layout, A reserved.
result<readiness> decode_readiness_this_cycle(byte_span data);

// Server side: the 4 data bytes of PID 01 for a readiness value. Monitors are matched by name
// against the set chosen by `compression_ignition`; an unknown name is invalid_argument, an
// unsupported monitor is encoded as complete (J1979: 0 = complete or not applicable).
result<byte_vector> encode_readiness(const readiness& r);

}  // namespace bayscan::protocols

#endif
