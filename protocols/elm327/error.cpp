#include <bayscan/protocols/elm327_error.hpp>
#include <string>

namespace bayscan::protocols::elm327 {
namespace {

class category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "bayscan.elm327"; }
  std::string message(int ev) const override {
    switch (static_cast<error>(ev)) {
      case error::empty_request:
        return "OBD request has no bytes";
      case error::request_too_long:
        return "OBD request longer than 8 bytes";
      case error::response_count_out_of_range:
        return "ELM327 response count must be one hex digit 1..F";
      case error::identifier_out_of_range:
        return "header/identifier does not fit the addressing form";
      case error::invalid_baud_divisor:
        return "ATBRD divisor 00 is not a baud rate";
      case error::invalid_timeout:
        return "ATST 00 is not a timeout";
      case error::invalid_protocol_reply:
        return "ATDP/ATDPN reply names no OBD protocol";
      case error::invalid_voltage_reply:
        return "ATRV reply is not a voltage";
    }
    return "unknown bayscan.elm327 error";
  }
};

}  // namespace

const boost::system::error_category& error_category() noexcept {
  static const category instance;
  return instance;
}

}  // namespace bayscan::protocols::elm327
