// Error values of the SAE J1979 service codecs: replies that cannot be accepted as values
// (wrong service id, wrong PID echo, wrong length) and the ECU's own negative responses.
// Negative response codes keep their ISO 14229-1 / ISO 15031-5 numeric values in a category of
// their own, so a caller can tell "the ECU said no" from "the bytes were wrong".
// Pure functions and immutable categories; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_J1979_ERROR_HPP
#define BAYSCAN_PROTOCOLS_J1979_ERROR_HPP

#include <bayscan/common/result.hpp>

#include <cstdint>
#include <type_traits>

namespace bayscan::protocols {

// What was wrong with a request we were asked to build or a reply we were given.
enum class j1979_error {
  no_reply = 1,          // no message at all from any ECU
  empty_message,         // a message with no service byte
  wrong_service,         // service byte is not request + 0x40 (SAE J1979 5.3) nor 0x7F
  pid_mismatch,          // PID / infotype echo does not match the request
  truncated,             // fewer data bytes than the PID / format needs
  trailing_bytes,        // more bytes than the format allows
  unknown_pid_length,    // a multi-PID reply contains a PID whose length we do not know
  duplicate_pid,         // the same PID twice in one reply
  bad_count,             // CAN DTC count byte / data-item count disagrees with the length
  missing_message,       // legacy multi-message answer has a gap (e.g. VIN message 3 absent)
  invalid_text,          // VIN / CALID / ECU name holds non-printable bytes
  too_many_pids,         // service 01/02 allows at most 6 PIDs (CAN) or 1 (legacy)
  not_on_this_protocol,  // request shape only valid on CAN (or only on legacy)
  invalid_argument,      // empty PID list, value out of range for an encoder
  missing_value,         // encoder was not given a value the PID needs
};

// ISO 14229-1 Table A.1 negative response codes as used by ISO 15031-5 / SAE J1979 (7F sid nrc).
enum class negative_response_code : std::uint8_t {
  general_reject = 0x10,
  service_not_supported = 0x11,
  sub_function_not_supported = 0x12,  // J1979: "subFunctionNotSupported-invalidFormat"
  incorrect_message_length_or_invalid_format = 0x13,
  busy_repeat_request = 0x21,
  conditions_not_correct = 0x22,
  request_sequence_error = 0x24,
  request_out_of_range = 0x31,
  security_access_denied = 0x33,
  response_pending = 0x78,  // requestCorrectlyReceived-ResponsePending: wait longer, do not retry
};

const boost::system::error_category& j1979_category() noexcept;
const boost::system::error_category& negative_response_category() noexcept;

inline error_code make_error_code(j1979_error e) noexcept {
  return {static_cast<int>(e), j1979_category()};
}
inline error_code make_error_code(negative_response_code c) noexcept {
  return {static_cast<int>(c), negative_response_category()};
}

// True when the error is an ECU's negative response (any NRC).
bool is_negative_response(const error_code& ec) noexcept;
// True for NRC 0x78: the ECU accepted the request and will answer later (P2*max applies).
bool is_response_pending(const error_code& ec) noexcept;
// True for NRC 0x21: the ECU asks the tester to repeat the request.
bool is_busy_repeat_request(const error_code& ec) noexcept;

}  // namespace bayscan::protocols

template <>
struct boost::system::is_error_code_enum<bayscan::protocols::j1979_error> : std::true_type {};
template <>
struct boost::system::is_error_code_enum<bayscan::protocols::negative_response_code>
    : std::true_type {};

#endif
