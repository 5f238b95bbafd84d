// Errors of the ELM327 command builders and reply parsers (bad arguments, text that is not what
// the datasheet says the chip prints). Adapter error replies such as NO DATA are not errors of
// this kind: they are typed outcomes, see elm327_reply.hpp.
// Pure values; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_ELM327_ERROR_HPP
#define BAYSCAN_PROTOCOLS_ELM327_ERROR_HPP

#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>
#include <type_traits>

namespace bayscan::protocols::elm327 {

enum class error {
  empty_request = 1,            // an OBD request needs at least the service byte
  request_too_long,             // more data bytes than one ELM327 request line can carry
  response_count_out_of_range,  // the response-count digit is one hex digit, 1..F
  identifier_out_of_range,      // CAN ID wider than 11/29 bits, or a legacy header byte count != 3
  invalid_baud_divisor,         // ATBRD 00 would divide by zero
  invalid_timeout,              // ATST 00 is not a timeout (the chip treats it as "default")
  invalid_protocol_reply,       // ATDPN / ATDP reply that names no protocol
  invalid_voltage_reply,        // ATRV reply that is not "dd.dV"
};

const boost::system::error_category& error_category() noexcept;

inline boost::system::error_code make_error_code(error e) noexcept {
  return {static_cast<int>(e), error_category()};
}

}  // namespace bayscan::protocols::elm327

template <>
struct boost::system::is_error_code_enum<bayscan::protocols::elm327::error> : std::true_type {};

#endif
