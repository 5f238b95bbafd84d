// SAE J1979 reply parsing, tester side, for services $01, $02, $03/$07/$0A and $04: every
// ECU's messages (link framing removed, service id first) become one result per ECU. Checks are
// strict: the service byte must be request + 0x40, every PID echo must be one that was asked
// for, lengths must match the PID table; anything else is an error value for that ECU, never a
// value. `7F sid nrc` becomes an error in negative_response_category() carrying the NRC;
// 0x78 (response pending) is only reported if no positive reply followed it.
// Pure functions; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_J1979_RESPONSE_HPP
#define BAYSCAN_PROTOCOLS_J1979_RESPONSE_HPP

#include <bayscan/common/result.hpp>
#include <bayscan/protocols/dtc.hpp>
#include <bayscan/protocols/ecu_message.hpp>
#include <bayscan/protocols/freeze_frame.hpp>
#include <bayscan/protocols/j1979_pid.hpp>
#include <bayscan/protocols/j1979_request.hpp>
#include <bayscan/protocols/obd_protocol.hpp>

#include <cstdint>
#include <map>
#include <span>
#include <vector>

namespace bayscan::protocols {

// One result per responding ECU, ordered by address (7E8 before 7E9, 10 before 18).
template <class T>
using per_ecu = std::map<ecu_address, result<T>>;

// Service $01 (single or multi-PID). `requested` is the PID list that was sent; the reply may
// carry them in any order and leave out the ones the ECU does not support.
per_ecu<std::vector<decoded_pid>> parse_current_data(obd_protocol protocol,
                                                     std::span<const std::uint8_t> requested,
                                                     std::span<const ecu_message> messages);

// One supported-ID bitmap reply (range `base`) of service $01, $02 (42 base 00 ABCD, frame 0)
// or $09 (CAN: 49 base ABCD; legacy: 49 base 01 ABCD).
per_ecu<std::uint32_t> parse_supported_range(obd_protocol protocol, j1979_service service,
                                             std::uint8_t base,
                                             std::span<const ecu_message> messages);

// Service $02: 42 PID FRAME data [PID FRAME data ...], each pair must have been requested.
per_ecu<std::vector<freeze_frame_value>> parse_freeze_frame_data(
    obd_protocol protocol, std::span<const freeze_frame_pid> requested,
    std::span<const ecu_message> messages);

// Services $03 / $07 / $0A (chosen by `status`).
// CAN: 43 NN then NN two-byte codes (NN must agree with the length).
// Legacy: no count byte, exactly three codes per message with unused slots 00 00, possibly
// several messages per ECU; the padding is dropped.
per_ecu<std::vector<dtc>> parse_dtcs(obd_protocol protocol, dtc_status status,
                                     std::span<const ecu_message> messages);

// Service $04: a bare 44 from each ECU that cleared.
per_ecu<void> parse_clear_dtcs(std::span<const ecu_message> messages);

}  // namespace bayscan::protocols

#endif
