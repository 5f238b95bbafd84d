#include <bayscan/protocols/legacy_check_byte.hpp>

namespace bayscan::protocols {

std::uint8_t j1850_crc8(byte_span bytes) noexcept {
  std::uint8_t crc = 0xFF;
  for (auto b : bytes) {
    crc ^= b;
    for (int bit = 0; bit < 8; ++bit)
      crc = static_cast<std::uint8_t>((crc & 0x80) ? (crc << 1) ^ 0x1D : crc << 1);
  }
  return static_cast<std::uint8_t>(~crc);
}

std::uint8_t modulo_256_checksum(byte_span bytes) noexcept {
  std::uint8_t sum = 0;
  for (auto b : bytes) sum = static_cast<std::uint8_t>(sum + b);
  return sum;
}

std::uint8_t legacy_check_byte(obd_protocol p, byte_span header_and_data) noexcept {
  return p == obd_protocol::j1850_pwm || p == obd_protocol::j1850_vpw ? j1850_crc8(header_and_data)
                                                                       : modulo_256_checksum(header_and_data);
}

}  // namespace bayscan::protocols
