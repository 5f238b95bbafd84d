#include <fcntl.h>
#include <libserialport.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bayscan/hardware/serial_port.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "deadline_io.hpp"

namespace bayscan::hardware {
namespace asio = boost::asio;

namespace {

transport_error error_for_errno(int err) {
  switch (err) {
    case ENOENT:
    case ENODEV:
    case ENXIO:
      return transport_error::no_such_device;
    case EACCES:
    case EPERM:
      return transport_error::permission_denied;
    case ENOTTY:
      return transport_error::not_a_tty;
    default:
      return transport_error::open_failed;
  }
}

std::string take_sp_string(char* s) {
  return s ? std::string(s) : std::string();
}

// libserialport reports the OS error of its last failing call (errno and message).
transport_failure sp_failure(const std::string& path, const char* call) {
  const int err = sp_last_error_code();
  char* msg = sp_last_error_message();
  std::string text = msg ? msg : "unknown error";
  sp_free_error_message(msg);
  return {error_for_errno(err), path + ": " + call + ": " + text};
}

// termios speed constants for the fallback path (libserialport sets arbitrary rates itself).
std::optional<speed_t> termios_speed(unsigned baud) {
  static constexpr std::array<std::pair<unsigned, speed_t>, 17> table{{
      {1200, B1200},
      {2400, B2400},
      {4800, B4800},
      {9600, B9600},
      {19200, B19200},
      {38400, B38400},
      {57600, B57600},
      {115200, B115200},
      {230400, B230400},
      {460800, B460800},
      {500000, B500000},
      {576000, B576000},
      {921600, B921600},
      {1000000, B1000000},
      {1152000, B1152000},
      {1500000, B1500000},
      {2000000, B2000000},
  }};
  for (const auto& [rate, code] : table) {
    if (rate == baud) return code;
  }
  return std::nullopt;
}

std::string usb_label(sp_port* port) {
  if (sp_get_port_transport(port) != SP_TRANSPORT_USB) return {};
  int vid = 0, pid = 0;
  std::string label;
  if (sp_get_port_usb_vid_pid(port, &vid, &pid) == SP_OK) {
    char ids[16];
    std::snprintf(ids, sizeof ids, "%04x:%04x", static_cast<unsigned>(vid) & 0xFFFFu,
                  static_cast<unsigned>(pid) & 0xFFFFu);
    label = ids;
  }
  const std::string product = take_sp_string(sp_get_port_usb_product(port));
  if (!product.empty()) label += label.empty() ? product : " " + product;
  return label;
}

}  // namespace

struct serial_port::impl {
  asio::io_context ctx{1};
  asio::posix::stream_descriptor descriptor{ctx};
  sp_port* port = nullptr;  // set when libserialport opened the device
  std::string path;
  unsigned baud = 0;
  std::string usb;
  std::string name;  // "serial:/dev/ttyUSB0"
  std::string last_error;

  ~impl() { close(); }
  void close() {
    boost::system::error_code ignored;
    descriptor.close(ignored);
    if (port != nullptr) {
      sp_close(port);
      sp_free_port(port);
      port = nullptr;
    }
  }
};

serial_port::serial_port(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
serial_port::~serial_port() = default;

namespace {

// A real serial device known to libserialport: open, 8N1, no flow control, then hand a dup of
// its descriptor to Asio (libserialport keeps and later closes its own).
std::optional<transport_failure> open_with_libserialport(serial_port::impl& p, sp_port* port) {
  p.port = port;
  if (sp_open(port, SP_MODE_READ_WRITE) != SP_OK) return sp_failure(p.path, "open");
  if (sp_set_baudrate(port, static_cast<int>(p.baud)) != SP_OK) {
    transport_failure f = sp_failure(p.path, "set baud rate");
    f.code = make_error_code(transport_error::unsupported_baud_rate);
    f.detail = p.path + ": " + std::to_string(p.baud) + " baud: " + f.detail;
    return f;
  }
  if (sp_set_bits(port, 8) != SP_OK) return sp_failure(p.path, "set 8 data bits");
  if (sp_set_parity(port, SP_PARITY_NONE) != SP_OK) return sp_failure(p.path, "set no parity");
  if (sp_set_stopbits(port, 1) != SP_OK) return sp_failure(p.path, "set 1 stop bit");
  if (sp_set_flowcontrol(port, SP_FLOWCONTROL_NONE) != SP_OK)
    return sp_failure(p.path, "set no flow control");
  int handle = -1;
  if (sp_get_port_handle(port, &handle) != SP_OK) return sp_failure(p.path, "get handle");
  // libserialport leaves VMIN = 0, VTIME = 0 ("polling" reads), under which read() returns 0
  // when no byte is waiting, indistinguishable from the hang-up of an unplugged adapter. With
  // VMIN = 1 a non-blocking read without data fails with EAGAIN, so 0 means hang-up only.
  termios tio{};
  if (::tcgetattr(handle, &tio) != 0)
    return transport_failure{transport_error::open_failed,
                             p.path + ": tcgetattr: " + std::strerror(errno)};
  tio.c_cc[VMIN] = 1;
  tio.c_cc[VTIME] = 0;
  if (::tcsetattr(handle, TCSANOW, &tio) != 0)
    return transport_failure{transport_error::open_failed,
                             p.path + ": tcsetattr: " + std::strerror(errno)};
  const int fd = ::fcntl(handle, F_DUPFD_CLOEXEC, 0);
  if (fd < 0)
    return transport_failure{transport_error::open_failed,
                             p.path + ": dup: " + std::strerror(errno)};
  p.descriptor.assign(fd);
  p.usb = usb_label(port);
  return std::nullopt;
}

// A terminal libserialport does not list (a pty has no /sys/class/tty/<name>/device): raw mode
// with termios, the same line settings.
std::optional<transport_failure> open_with_termios(serial_port::impl& p) {
  const int fd = ::open(p.path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    return transport_failure{error_for_errno(err), p.path + ": " + std::strerror(err)};
  }
  auto fail = [&](transport_error e, std::string what) {
    ::close(fd);
    return transport_failure{e, p.path + ": " + std::move(what)};
  };
  if (::isatty(fd) != 1)
    return fail(transport_error::not_a_tty, "not a terminal, so not a serial adapter");
  const auto speed = termios_speed(p.baud);
  if (!speed)
    return fail(transport_error::unsupported_baud_rate,
                std::to_string(p.baud) + " baud is not a termios rate");
  termios tio{};
  if (::tcgetattr(fd, &tio) != 0)
    return fail(transport_error::open_failed, std::string("tcgetattr: ") + std::strerror(errno));
  ::cfmakeraw(&tio);  // no echo, no CR/LF mapping, no signals: ELM327 bytes pass unchanged
  tio.c_cflag &= ~static_cast<tcflag_t>(CSIZE | PARENB | CSTOPB | CRTSCTS);
  tio.c_cflag |= CS8 | CLOCAL | CREAD;  // 8N1, ignore modem lines, enable the receiver
  tio.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF | IXANY);  // no XON/XOFF flow control
  tio.c_cc[VMIN] = 1;
  tio.c_cc[VTIME] = 0;
  if (::cfsetispeed(&tio, *speed) != 0 || ::cfsetospeed(&tio, *speed) != 0)
    return fail(transport_error::unsupported_baud_rate, std::to_string(p.baud) + " baud rejected");
  if (::tcsetattr(fd, TCSANOW, &tio) != 0)
    return fail(transport_error::open_failed, std::string("tcsetattr: ") + std::strerror(errno));
  p.descriptor.assign(fd);
  return std::nullopt;
}

}  // namespace

boost::system::result<std::unique_ptr<serial_port>, transport_failure> serial_port::open(
    const std::string& path, unsigned baud) {
  if (path.empty()) return transport_failure{transport_error::bad_uri, "empty serial device path"};
  if (baud == 0)
    return transport_failure{transport_error::unsupported_baud_rate, path + ": baud rate 0"};
  auto p = std::make_unique<impl>();
  p->path = path;
  p->baud = baud;
  p->name = "serial:" + path;
  sp_port* port = nullptr;
  std::optional<transport_failure> failure;
  if (sp_get_port_by_name(path.c_str(), &port) == SP_OK) {
    failure = open_with_libserialport(*p, port);
  } else {
    failure = open_with_termios(*p);
  }
  if (failure) return *std::move(failure);
  return std::unique_ptr<serial_port>(new serial_port(std::move(p)));
}

result<void> serial_port::write(byte_span bytes, deadline until) {
  return detail::write_all(impl_->ctx, impl_->descriptor, bytes, until, impl_->name,
                           impl_->last_error);
}

result<std::size_t> serial_port::read_some(std::span<std::uint8_t> buffer, deadline until) {
  return detail::read_available(impl_->ctx, impl_->descriptor, buffer, until, impl_->name,
                                impl_->last_error);
}

void serial_port::close() {
  impl_->close();
}

std::string serial_port::description() const {
  std::string d = impl_->name + " @" + std::to_string(impl_->baud);
  if (!impl_->usb.empty()) d += " (" + impl_->usb + ")";
  return d;
}

std::string serial_port::last_error_detail() const {
  return impl_->last_error;
}

bool serial_port::opened_by_libserialport() const noexcept {
  return impl_->port != nullptr;
}

boost::system::result<std::vector<serial_port_info>, transport_failure> list_serial_ports() {
  sp_port** ports = nullptr;
  if (sp_list_ports(&ports) != SP_OK) return sp_failure("serial ports", "list");
  std::vector<serial_port_info> out;
  for (std::size_t i = 0; ports != nullptr && ports[i] != nullptr; ++i) {
    sp_port* port = ports[i];
    serial_port_info info;
    info.path = take_sp_string(sp_get_port_name(port));
    info.description = take_sp_string(sp_get_port_description(port));
    info.is_usb = sp_get_port_transport(port) == SP_TRANSPORT_USB;
    if (info.is_usb) {
      int vid = 0, pid = 0;
      if (sp_get_port_usb_vid_pid(port, &vid, &pid) == SP_OK) {
        info.usb_vendor_id = static_cast<unsigned>(vid);
        info.usb_product_id = static_cast<unsigned>(pid);
      }
      info.usb_manufacturer = take_sp_string(sp_get_port_usb_manufacturer(port));
      info.usb_product = take_sp_string(sp_get_port_usb_product(port));
      info.usb_serial = take_sp_string(sp_get_port_usb_serial(port));
    }
    out.push_back(std::move(info));
  }
  sp_free_port_list(ports);
  return out;
}

bool looks_like_obd_adapter(const serial_port_info& port) {
  // USB-serial bridges found in OBD cables (IDs from the usb.ids registry):
  struct usb_id {
    unsigned vendor, product;
  };
  static constexpr std::array<usb_id, 5> bridges{{
      {0x0403, 0x6001},  // FTDI FT232R (ELM327 USB cables)
      {0x0403, 0x6015},  // FTDI FT-X series (OBDLink SX/EX, ScanTool)
      {0x1a86, 0x7523},  // QinHeng CH340 (most ELM327 clones)
      {0x10c4, 0xea60},  // Silicon Labs CP210x
      {0x067b, 0x2303},  // Prolific PL2303
  }};
  if (port.usb_vendor_id && port.usb_product_id) {
    for (const auto& id : bridges) {
      if (id.vendor == *port.usb_vendor_id && id.product == *port.usb_product_id) return true;
    }
  }
  std::string text = port.usb_product + " " + port.usb_manufacturer + " " + port.description;
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  for (const char* word : {"OBDLINK", "STN1", "STN2", "ELM327", "OBD", "SCANTOOL"}) {
    if (text.find(word) != std::string::npos) return true;
  }
  return false;
}

}  // namespace bayscan::hardware
