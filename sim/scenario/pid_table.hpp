// Service 01 PIDs the scenario format accepts as physical values, with the range each field can
// encode. Internal to the loader: it checks that a scenario asks for nothing the PID's bytes
// cannot carry; scaling to bytes is the j1979 server encoders' job.
#ifndef BAYSCAN_SIM_SCENARIO_PID_TABLE_HPP
#define BAYSCAN_SIM_SCENARIO_PID_TABLE_HPP

#include <cstdint>
#include <span>
#include <string_view>

namespace bayscan::sim::detail {

struct pid_field {
  std::string_view name;  // key in the object form; unused for single-field PIDs
  double min;
  double max;
  std::string_view unit;
  bool integer = false;         // counts, enumerations and bit masks
  bool single_bit_or_zero = false;  // fuel system status: 0 or exactly one of bits 0..4
};

struct pid_spec {
  std::uint8_t pid;
  std::string_view name;
  std::uint8_t data_bytes;  // bytes A, B, ... after the PID echo
  std::span<const pid_field> fields;
};

// nullptr for PIDs without a physical description here (they may still be given as raw bytes).
const pid_spec* find_pid_spec(std::uint8_t pid) noexcept;

// The ECU field a derived PID (21, 30, 31, 4D, 4E, A6) comes from; empty for other PIDs.
std::string_view derived_pid_field(std::uint8_t pid) noexcept;

}  // namespace bayscan::sim::detail

#endif
