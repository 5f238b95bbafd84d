// Internal: big-endian field access shared by the PID decoder (tester side) and encoder
// (server side), so both use one definition of where a field's bits live.
#ifndef BAYSCAN_PROTOCOLS_J1979_FIELD_CODEC_HPP
#define BAYSCAN_PROTOCOLS_J1979_FIELD_CODEC_HPP

#include <bayscan/protocols/j1979_pid.hpp>

#include <cstdint>
#include <span>

namespace bayscan::protocols::detail {

// The field's raw integer (sign-extended when signed). `data` must hold offset + size bytes.
std::int64_t read_field(const pid_field& f, std::span<const std::uint8_t> data) noexcept;
// Stores `raw` (already clamped to the field's range) into its bits, leaving other bits alone.
void write_field(const pid_field& f, std::int64_t raw, std::span<std::uint8_t> data) noexcept;

}  // namespace bayscan::protocols::detail

#endif
