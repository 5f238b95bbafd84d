// SAE J1979 server (ECU) side: the encoders a simulated ECU uses to answer a tester. Each
// builder returns the message(s) one ECU sends, service id first, link framing not included
// (the simulator's link layer adds ISO-TP or the legacy header and checksum). Builders that
// take a protocol produce the CAN shape (one message, count byte) or the legacy shape (several
// messages, message numbers / three DTC slots). Pure functions; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_J1979_SERVER_HPP
#define BAYSCAN_PROTOCOLS_J1979_SERVER_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/result.hpp>
#include <bayscan/protocols/dtc.hpp>
#include <bayscan/protocols/j1979_error.hpp>
#include <bayscan/protocols/j1979_request.hpp>
#include <bayscan/protocols/j1979_vehicle_info.hpp>
#include <bayscan/protocols/obd_protocol.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bayscan::protocols {

// Physical values by field key ("engine_rpm" -> 812.0); enumerated and bit fields by code.
using physical_values = std::map<std::string, double, std::less<>>;

// Data bytes of one PID (after the echo) from physical values: inverse scaling, rounded to the
// nearest step and clamped to the field's range. missing_value when a field's key is absent;
// invalid_argument for a PID without scaling (use the raw bytes with pid_payload instead).
result<byte_vector> encode_pid(std::uint8_t pid, const physical_values& values);

// One PID's answer: its data bytes, from encode_pid or passed through raw.
struct pid_payload {
  std::uint8_t pid = 0;
  byte_vector data;
};
struct freeze_frame_payload {
  std::uint8_t pid = 0;
  std::uint8_t frame = 0;
  byte_vector data;
};

// 41 PID data [PID data ...] (multi-PID on CAN: the PIDs the ECU supports, any order).
byte_vector current_data_response(std::span<const pid_payload> pids);
// 42 PID FRAME data [...]
byte_vector freeze_frame_response(std::span<const freeze_frame_payload> pids);
// 43/47/4A: CAN one message with the count byte; legacy three code slots per message, unused
// slots 00 00, at least one message (an ECU with no codes answers 43 00 00 00 00 00 00).
std::vector<byte_vector> dtc_response(obd_protocol protocol, dtc_status status,
                                      std::span<const dtc> codes);
// 44
byte_vector clear_dtcs_response();
// 7F sid nrc
byte_vector negative_response(std::uint8_t request_sid, negative_response_code nrc);

// Service 09 supported-infotype bitmap for range `base` (CAN: 49 base ABCD; legacy adds 01).
byte_vector infotype_support_response(obd_protocol protocol, std::uint8_t base,
                                      std::span<const std::uint8_t> infotypes);
// 09 02: 17 printable ASCII characters, else invalid_argument.
result<std::vector<byte_vector>> vin_response(obd_protocol protocol, std::string_view vin);
// 09 04: up to 16 characters each, 00-padded.
result<std::vector<byte_vector>> calibration_id_response(obd_protocol protocol,
                                                         std::span<const std::string> calids);
// 09 06: 8 hex digits each ("1A2B3C4D").
result<std::vector<byte_vector>> cvn_response(obd_protocol protocol,
                                              std::span<const std::string> cvns);
// 09 0A: acronym up to 4 characters, name up to 15.
result<std::vector<byte_vector>> ecu_name_response(obd_protocol protocol, const ecu_name& name);
// 09 08 / 0B: counters in the standard's order.
result<std::vector<byte_vector>> in_use_performance_response(
    obd_protocol protocol, std::uint8_t infotype, std::span<const std::uint16_t> counters);
// Legacy 09 01/03/05/07/09: 49 infotype count.
byte_vector message_count_response(std::uint8_t infotype, std::uint8_t count);

}  // namespace bayscan::protocols

#endif
