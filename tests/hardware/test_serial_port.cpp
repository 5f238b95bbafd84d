// Serial port enumeration and the "is this an OBD adapter?" heuristic (USB IDs from the usb.ids
// registry: FTDI 0403, QinHeng 1a86, Silicon Labs 10c4, Prolific 067b).
#include <gtest/gtest.h>

#include <bayscan/hardware/pseudo_terminal.hpp>
#include <bayscan/hardware/serial_port.hpp>

namespace {

using bayscan::hardware::looks_like_obd_adapter;
using bayscan::hardware::serial_port_info;

serial_port_info usb(unsigned vid, unsigned pid, std::string product = "") {
  serial_port_info p;
  p.path = "/dev/ttyUSB0";
  p.is_usb = true;
  p.usb_vendor_id = vid;
  p.usb_product_id = pid;
  p.usb_product = std::move(product);
  return p;
}

TEST(looks_like_obd_adapter, usb_serial_bridges_used_in_obd_cables) {
  EXPECT_TRUE(looks_like_obd_adapter(usb(0x0403, 0x6001)));  // FTDI FT232R
  EXPECT_TRUE(looks_like_obd_adapter(usb(0x0403, 0x6015)));  // FTDI FT-X (OBDLink SX)
  EXPECT_TRUE(looks_like_obd_adapter(usb(0x1a86, 0x7523)));  // CH340
  EXPECT_TRUE(looks_like_obd_adapter(usb(0x10c4, 0xea60)));  // CP210x
  EXPECT_TRUE(looks_like_obd_adapter(usb(0x067b, 0x2303)));  // PL2303
}

TEST(looks_like_obd_adapter, product_strings_naming_obd_hardware) {
  EXPECT_TRUE(looks_like_obd_adapter(usb(0x1234, 0x0001, "OBDLink SX")));
  EXPECT_TRUE(looks_like_obd_adapter(usb(0x1234, 0x0001, "STN1130 OBD")));
  EXPECT_TRUE(looks_like_obd_adapter(usb(0x1234, 0x0001, "ELM327 USB")));
}

TEST(looks_like_obd_adapter, other_devices_are_not) {
  EXPECT_FALSE(looks_like_obd_adapter(usb(0x2341, 0x0043, "Arduino Uno")));
  EXPECT_FALSE(looks_like_obd_adapter(usb(0x0403, 0x6010, "Dual RS232")));  // FT2232: JTAG boards
  serial_port_info builtin;
  builtin.path = "/dev/ttyS0";
  builtin.description = "ttyS0";
  EXPECT_FALSE(looks_like_obd_adapter(builtin));
}

TEST(list_serial_ports, enumerates_without_error_and_never_lists_ptys) {
  auto pty = bayscan::hardware::pseudo_terminal::open();
  ASSERT_TRUE(pty);
  auto ports = bayscan::hardware::list_serial_ports();
  ASSERT_TRUE(ports) << ports.error().message();
  for (const auto& p : *ports) {
    EXPECT_FALSE(p.path.empty());
    EXPECT_NE(p.path, pty->slave_path());
  }
}

}  // namespace

namespace {

// A port libserialport lists and configures (a UART, a USB adapter): with nothing connected a
// read must time out, not look like a hang-up. Regression: libserialport's VMIN = 0 made read()
// return 0 at once, which Asio reports as end of file.
TEST(serial_port, a_libserialport_port_without_traffic_times_out_instead_of_reporting_loss) {
  using namespace std::chrono_literals;
  auto ports = bayscan::hardware::list_serial_ports();
  ASSERT_TRUE(ports);
  for (const auto& info : *ports) {
    auto port = bayscan::hardware::serial_port::open(info.path, 38400);
    if (!port) continue;  // busy, no permission, or no hardware behind the node
    EXPECT_TRUE((*port)->opened_by_libserialport());
    std::uint8_t buf[16];
    auto got = (*port)->read_some(buf, bayscan::hardware::deadline_after(50ms));
    if (!got) {
      EXPECT_EQ(got.error(), bayscan::hardware::transport_error::timeout)
          << info.path << ": " << (*port)->last_error_detail();
    }
    return;
  }
  GTEST_SKIP() << "no serial port that libserialport lists could be opened on this machine";
}

}  // namespace
