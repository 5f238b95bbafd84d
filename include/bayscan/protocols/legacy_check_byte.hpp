// The check byte that ends every J1850 / ISO 9141-2 / ISO 14230-4 message: the reader verifies
// it, the simulator appends it. Pure functions; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_LEGACY_CHECK_BYTE_HPP
#define BAYSCAN_PROTOCOLS_LEGACY_CHECK_BYTE_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/protocols/obd_protocol.hpp>

#include <cstdint>

namespace bayscan::protocols {

// SAE J1850 CRC-8: polynomial x^8+x^4+x^3+x^2+1 (0x1D), initial 0xFF, result inverted.
std::uint8_t j1850_crc8(byte_span bytes) noexcept;

// ISO 9141-2 / ISO 14230-2 checksum: the sum of the preceding bytes modulo 256.
std::uint8_t modulo_256_checksum(byte_span bytes) noexcept;

// The check byte the protocol puts after header + data (CRC for J1850, sum otherwise).
std::uint8_t legacy_check_byte(obd_protocol p, byte_span header_and_data) noexcept;

}  // namespace bayscan::protocols

#endif
