// serial_port: an ELM327 byte_stream on a serial device or pseudo-terminal, 8N1, no flow control.
// Real devices are enumerated, opened and configured through libserialport; paths libserialport
// refuses but that are terminals (a pty served by bayscan-sim, which has no sysfs entry, so
// libserialport 0.1.1 rejects it) are opened with termios directly in raw mode. Either way the
// file descriptor is driven by Boost.Asio.
//
// Ownership: owns its descriptor (and libserialport handle). Thread-safety: one thread at a time.
#ifndef BAYSCAN_HARDWARE_SERIAL_PORT_HPP
#define BAYSCAN_HARDWARE_SERIAL_PORT_HPP

#include <bayscan/hardware/byte_stream.hpp>
#include <boost/system/result.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bayscan::hardware {

// One serial port as the OS enumerates it.
struct serial_port_info {
  std::string path;         // "/dev/ttyUSB0"
  std::string description;  // libserialport's human description
  bool is_usb = false;
  std::optional<unsigned> usb_vendor_id;   // e.g. 0x0403 (FTDI)
  std::optional<unsigned> usb_product_id;  // e.g. 0x6015
  std::string usb_manufacturer;
  std::string usb_product;  // "OBDLink SX", "FT232R USB UART"
  std::string usb_serial;
};

// All serial ports libserialport sees (ptys are not listed: they have no sysfs entry).
// transport_error::open_failed if enumeration itself fails.
boost::system::result<std::vector<serial_port_info>, transport_failure> list_serial_ports();

// Heuristic for "probably an OBD adapter": USB-serial bridges used in ELM327/STN cables
// (FTDI 0403:6001 FT232R and 0403:6015 FT-X, as in OBDLink/ScanTool; QinHeng CH340 1a86:7523;
// Silicon Labs CP210x 10c4:ea60; Prolific PL2303 067b:2303) or a USB product string naming
// OBDLink, an STN1xxx/STN2xxx chip, ELM327, ScanTool or OBD.
bool looks_like_obd_adapter(const serial_port_info& port);

class serial_port final : public byte_stream {
 public:
  // Opens and configures `path` at `baud`, 8N1, no flow control. Errors name the path:
  // no_such_device, permission_denied, not_a_tty, unsupported_baud_rate, open_failed.
  static boost::system::result<std::unique_ptr<serial_port>, transport_failure> open(
      const std::string& path, unsigned baud);

  ~serial_port() override;
  serial_port(const serial_port&) = delete;
  serial_port& operator=(const serial_port&) = delete;

  result<void> write(byte_span bytes, deadline until) override;
  result<std::size_t> read_some(std::span<std::uint8_t> buffer, deadline until) override;
  void close() override;
  std::string description() const override;
  std::string last_error_detail() const override;

  // True when the port was opened through libserialport, false for the termios fallback (ptys).
  bool opened_by_libserialport() const noexcept;

  struct impl;

 private:
  explicit serial_port(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace bayscan::hardware

#endif
