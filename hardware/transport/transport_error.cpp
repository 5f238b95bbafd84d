#include <bayscan/hardware/can_channel.hpp>
#include <bayscan/hardware/transport_error.hpp>
#include <boost/asio/error.hpp>
#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>
#include <cerrno>

namespace bayscan::hardware {
namespace {

class transport_category_impl final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "bayscan.transport"; }
  std::string message(int ev) const override {
    switch (static_cast<transport_error>(ev)) {
      case transport_error::timeout:
        return "timed out waiting for the adapter";
      case transport_error::adapter_lost:
        return "adapter lost (link closed, reset or unplugged)";
      case transport_error::not_open:
        return "transport is not open";
      case transport_error::open_failed:
        return "could not open the adapter";
      case transport_error::not_a_tty:
        return "not a serial terminal";
      case transport_error::no_such_device:
        return "no such device";
      case transport_error::permission_denied:
        return "permission denied opening the adapter";
      case transport_error::unsupported_baud_rate:
        return "unsupported baud rate";
      case transport_error::connect_timeout:
        return "timed out connecting to the adapter";
      case transport_error::connection_refused:
        return "connection refused by the adapter";
      case transport_error::host_not_found:
        return "adapter host name not found";
      case transport_error::bad_uri:
        return "malformed adapter URI";
      case transport_error::address_family_not_supported:
        return "SocketCAN (PF_CAN) is not supported by this kernel";
      case transport_error::protocol_error:
        return "peer violated the transport protocol";
      case transport_error::bus_error:
        return "CAN bus error reported";
    }
    return "unknown transport error " + std::to_string(ev);
  }
};

}  // namespace

const boost::system::error_category& transport_category() noexcept {
  static const transport_category_impl category;
  return category;
}

std::string transport_failure::message() const {
  return detail.empty() ? code.message() : code.message() + ": " + detail;
}

void throw_exception_from_error(const transport_failure& failure,
                                const boost::source_location& loc) {
  boost::throw_exception(boost::system::system_error(failure.code, failure.detail), loc);
}

boost::system::error_code classify_link_error(const boost::system::error_code& ec) noexcept {
  if (!ec) return ec;
  if (ec.category() == transport_category()) return ec;
  if (ec == boost::asio::error::operation_aborted) return make_error_code(transport_error::timeout);
  // Everything else on an established link means it can no longer carry a request: EOF, reset,
  // EPIPE, EIO/ENXIO (pty master gone, USB adapter unplugged), EBADF after a close.
  return make_error_code(transport_error::adapter_lost);
}

std::vector<can_filter> obd_response_filters() {
  return {
      // ISO 15765-4 11-bit physical responses 0x7E8..0x7EF: the low three bits select the ECU.
      can_filter{protocols::obd_first_response_id_11bit, 0x7F8, false},
      // ISO 15765-4 29-bit physical responses 0x18DAF1xx (target F1 = external test equipment,
      // low byte = responding ECU), SAE J1939-style normal fixed addressing.
      can_filter{0x18DAF100, 0x1FFFFF00, true},
  };
}

bool passes_filters(std::span<const can_filter> filters,
                    const protocols::can_frame& frame) noexcept {
  if (filters.empty()) return true;
  for (const auto& f : filters) {
    if (f.matches(frame)) return true;
  }
  return false;
}

}  // namespace bayscan::hardware
