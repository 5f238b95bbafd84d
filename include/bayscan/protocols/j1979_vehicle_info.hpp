// SAE J1979 service $09 (request vehicle information) reply parsing, tester side.
// Message shapes (SAE J1979 8.9):
//   ISO 15765-4 CAN: one message per ECU, 49 <infotype> <NODI: number of data items> data...
//   legacy (J1850, ISO 9141-2, ISO 14230-4): one message per 4 data bytes,
//     49 <infotype> <message number 1..n> d1 d2 d3 d4, reassembled by message number.
// VIN: 17 ASCII bytes (legacy: 5 messages, the first three bytes of message 1 are 00 padding).
// CALID: 16 bytes each, 00-padded at the end. CVN: 4 bytes each. ECU name: 20 bytes,
// "ECM" padded to 4, '-', name padded to 15. In-use performance tracking: 16-bit counters.
// Pure functions; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_J1979_VEHICLE_INFO_HPP
#define BAYSCAN_PROTOCOLS_J1979_VEHICLE_INFO_HPP

#include <bayscan/protocols/ecu_message.hpp>
#include <bayscan/protocols/j1979_response.hpp>
#include <bayscan/protocols/obd_protocol.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bayscan::protocols {

struct ecu_name {
  std::string acronym;  // "ECM", "TCM"
  std::string name;     // "EngineControl"
  friend bool operator==(const ecu_name&, const ecu_name&) = default;
};

struct ipt_counter {
  std::string_view name;  // J1979 mnemonic in lower case: "obdcond", "igncntr", "catcomp1" ...
  std::uint16_t value = 0;
  friend bool operator==(const ipt_counter&, const ipt_counter&) = default;
};

// Infotype $08 (spark ignition) or $0B (compression ignition) in-use performance tracking.
struct in_use_performance {
  bool compression_ignition = false;
  std::vector<ipt_counter> counters;  // in the standard's order: OBDCOND, IGNCNTR, then pairs
  const ipt_counter* find(std::string_view name) const noexcept;
};

// Counter names in order for infotype $08 or $0B (SAE J1979 Table "IPT" definitions).
std::span<const std::string_view> ipt_counter_names(std::uint8_t infotype) noexcept;

per_ecu<std::string> parse_vin(obd_protocol protocol, std::span<const ecu_message> messages);
per_ecu<std::vector<std::string>> parse_calibration_ids(obd_protocol protocol,
                                                        std::span<const ecu_message> messages);
// CVNs as 8 upper-case hex digits, most significant byte first ("1A2B3C4D").
per_ecu<std::vector<std::string>> parse_cvns(obd_protocol protocol,
                                             std::span<const ecu_message> messages);
per_ecu<ecu_name> parse_ecu_name(obd_protocol protocol, std::span<const ecu_message> messages);
// `infotype` is 0x08 or 0x0B.
per_ecu<in_use_performance> parse_in_use_performance(obd_protocol protocol,
                                                     std::uint8_t infotype,
                                                     std::span<const ecu_message> messages);
// Legacy message-count infotypes $01/$03/$05/$07/$09: 49 <infotype> <count>.
per_ecu<std::uint8_t> parse_message_count(std::uint8_t infotype,
                                          std::span<const ecu_message> messages);

}  // namespace bayscan::protocols

#endif
