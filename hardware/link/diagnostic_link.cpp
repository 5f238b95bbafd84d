#include <bayscan/hardware/diagnostic_link.hpp>

namespace bayscan::hardware {

namespace {

class link_category_impl final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "bayscan.link"; }
  std::string message(int ev) const override {
    switch (static_cast<link_error>(ev)) {
      case link_error::no_data: return "no ECU answered the request (NO DATA)";
      case link_error::timeout: return "the adapter did not answer in time";
      case link_error::unable_to_connect:
        return "no OBD protocol found on the vehicle (is the ignition on?)";
      case link_error::bus_error: return "vehicle bus error";
      case link_error::bus_init_error: return "vehicle bus initialisation failed (BUS INIT: ERROR)";
      case link_error::adapter_lost: return "adapter connection lost";
      case link_error::adapter_error: return "the adapter refused or garbled the command";
      case link_error::buffer_full: return "adapter buffer full (host link slower than the bus)";
      case link_error::not_connected: return "request before the link was connected";
    }
    return "unknown link error";
  }
};

}  // namespace

const boost::system::error_category& link_category() noexcept {
  static const link_category_impl instance;
  return instance;
}

}  // namespace bayscan::hardware
