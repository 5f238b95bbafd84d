// SAE J1979 / ISO 15031-5 request messages, tester side: the bytes after link framing (service
// id first) that a link codec (elm327, isotp) sends. Pure functions; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_J1979_REQUEST_HPP
#define BAYSCAN_PROTOCOLS_J1979_REQUEST_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/result.hpp>
#include <bayscan/protocols/obd_protocol.hpp>

#include <cstdint>
#include <span>

namespace bayscan::protocols {

// Service identifiers, SAE J1979 clause 6 (services $01..$0A).
enum class j1979_service : std::uint8_t {
  current_data = 0x01,
  freeze_frame_data = 0x02,
  stored_dtcs = 0x03,
  clear_dtcs = 0x04,
  o2_test_results = 0x05,
  monitor_test_results = 0x06,
  pending_dtcs = 0x07,
  control_operation = 0x08,
  vehicle_information = 0x09,
  permanent_dtcs = 0x0A,
};

// A positive response carries the request's service id + 0x40 (SAE J1979 5.3 / ISO 14229-1);
// a negative one starts with 0x7F, then the request's service id, then the NRC.
inline constexpr std::uint8_t positive_response_offset = 0x40;
inline constexpr std::uint8_t negative_response_sid = 0x7F;

constexpr std::uint8_t response_sid(j1979_service s) noexcept {
  return static_cast<std::uint8_t>(static_cast<std::uint8_t>(s) + positive_response_offset);
}

// Service $01 and $02 allow up to six PIDs in one request on ISO 15765-4 only; legacy
// protocols take exactly one (SAE J1979 6.1.2 / 6.2.2).
inline constexpr std::size_t max_pids_per_request_can = 6;

// Service $09 infotypes (SAE J1979 Table of INFOTYPEs / J1979-DA Appendix G).
namespace infotype {
inline constexpr std::uint8_t supported_01_20 = 0x00;
inline constexpr std::uint8_t vin_message_count = 0x01;  // legacy protocols only
inline constexpr std::uint8_t vin = 0x02;
inline constexpr std::uint8_t calid_message_count = 0x03;  // legacy protocols only
inline constexpr std::uint8_t calid = 0x04;
inline constexpr std::uint8_t cvn_message_count = 0x05;  // legacy protocols only
inline constexpr std::uint8_t cvn = 0x06;
inline constexpr std::uint8_t ipt_message_count = 0x07;  // legacy protocols only
inline constexpr std::uint8_t ipt_spark = 0x08;
inline constexpr std::uint8_t ecu_name_message_count = 0x09;
inline constexpr std::uint8_t ecu_name = 0x0A;
inline constexpr std::uint8_t ipt_compression = 0x0B;
inline constexpr std::uint8_t supported_21_40 = 0x20;
inline constexpr std::uint8_t supported_41_60 = 0x40;
}  // namespace infotype

// One (PID, frame) pair of a service $02 request; frame 0 is the only one most ECUs keep.
struct freeze_frame_pid {
  std::uint8_t pid = 0;
  std::uint8_t frame = 0;
  friend bool operator==(const freeze_frame_pid&, const freeze_frame_pid&) = default;
};

// 01 pid...: 1..6 PIDs on CAN, exactly 1 on legacy protocols.
result<byte_vector> request_current_data(obd_protocol protocol, std::span<const std::uint8_t> pids);
// 02 (pid frame)...: same count rules as service $01. `02 02 00` asks which DTC stored frame 0.
result<byte_vector> request_freeze_frame(obd_protocol protocol,
                                         std::span<const freeze_frame_pid> pids);
// 03 / 07 / 0A: no parameters.
byte_vector request_stored_dtcs();
byte_vector request_pending_dtcs();
byte_vector request_permanent_dtcs();
// 04: clear DTCs and stored values.
byte_vector request_clear_dtcs();
// 09 infotype. The message-count infotypes 01/03/05/07/09 exist only on legacy protocols
// (ISO 15765-4 ECUs report the item count in the reply itself).
result<byte_vector> request_vehicle_information(obd_protocol protocol, std::uint8_t infotype);

}  // namespace bayscan::protocols

#endif
