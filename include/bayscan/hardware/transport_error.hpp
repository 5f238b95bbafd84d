// Typed errors of the transport layer (byte streams and CAN channels), as boost::system error
// codes in their own category, plus transport_failure: an error code with a sentence naming
// what was wrong (the path, the URI part, the garbage text) for operations that have no object
// to ask afterwards (parsing a URI, opening a transport).
// Values only; thread-safe.
#ifndef BAYSCAN_HARDWARE_TRANSPORT_ERROR_HPP
#define BAYSCAN_HARDWARE_TRANSPORT_ERROR_HPP

#include <boost/assert/source_location.hpp>
#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>
#include <string>
#include <system_error>
#include <type_traits>

namespace bayscan::hardware {

enum class transport_error {
  // The deadline passed before the operation completed; the link itself is still usable.
  timeout = 1,
  // The link is gone: EOF, ECONNRESET, EPIPE, EIO or ENXIO (unplugged USB adapter, pty whose
  // master went away, WiFi dongle dropped the TCP connection), or an injected test fault.
  // Every further operation on that transport fails the same way; reopen it.
  adapter_lost,
  // The operation was called after close() or on a transport that never opened.
  not_open,
  // Opening failed for a reason not covered below (the detail names the OS error).
  open_failed,
  // The path exists but is not a terminal, so it cannot be an ELM327 serial link.
  not_a_tty,
  // No such serial device, CAN interface or socketcand bus.
  no_such_device,
  // The OS refused access (serial devices usually need the "dialout" group).
  permission_denied,
  // The serial port cannot run at the requested baud rate.
  unsupported_baud_rate,
  // TCP connect did not finish before its deadline (dongle off, wrong network).
  connect_timeout,
  // Nothing listens on that TCP port.
  connection_refused,
  // The host name did not resolve.
  host_not_found,
  // The adapter URI is malformed; the detail names the bad part.
  bad_uri,
  // socket(PF_CAN) failed with EAFNOSUPPORT: this kernel has no SocketCAN.
  address_family_not_supported,
  // The peer sent something the protocol does not allow (socketcand garbage, a datagram that is
  // not a struct can_frame); the detail quotes it.
  protocol_error,
  // A CAN error frame or "< error ... >" report from the bus; the channel stays usable.
  bus_error,
};

const boost::system::error_category& transport_category() noexcept;

inline boost::system::error_code make_error_code(transport_error e) noexcept {
  return {static_cast<int>(e), transport_category()};
}

// An error code plus the sentence that names what was wrong. Used where the failing call
// returns no object that could be asked afterwards.
struct transport_failure {
  boost::system::error_code code;
  std::string detail;  // e.g. "/dev/ttyUSB7: No such file or directory"

  transport_failure() = default;
  transport_failure(boost::system::error_code c, std::string d) : code(c), detail(std::move(d)) {}
  transport_failure(transport_error e, std::string d)
      : code(make_error_code(e)), detail(std::move(d)) {}

  // "no such device: /dev/ttyUSB7: No such file or directory"
  std::string message() const;
  friend bool operator==(const transport_failure& f, transport_error e) noexcept {
    return f.code == make_error_code(e);
  }
};

// Lets boost::system::result<T, transport_failure>::value() throw a system_error with the detail.
[[noreturn]] void throw_exception_from_error(const transport_failure& failure,
                                             const boost::source_location& loc);

// Maps an OS or Asio error seen on an open link to transport_error (EOF, reset, EIO, ENXIO, ...
// -> adapter_lost). Used by every transport so drivers see one vocabulary.
boost::system::error_code classify_link_error(const boost::system::error_code& ec) noexcept;

}  // namespace bayscan::hardware

template <>
struct boost::system::is_error_code_enum<bayscan::hardware::transport_error> : std::true_type {};

#endif
