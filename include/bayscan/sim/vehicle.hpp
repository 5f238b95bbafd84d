// The mutable diagnostic state of a simulated vehicle, started from a loaded scenario and changed
// by what a scan tool may do to a real car: service 04 clears it. Pure logic, no I/O and no
// bytes (the j1979 server encoders turn these values into responses).
// A vehicle is not thread-safe; the emulator owns one per session and serialises requests.
#ifndef BAYSCAN_SIM_VEHICLE_HPP
#define BAYSCAN_SIM_VEHICLE_HPP

#include <bayscan/protocols/ecu_message.hpp>
#include <bayscan/sim/scenario.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <vector>

namespace bayscan::sim {

// What service 04 changes, per ECU. Everything else (PID values, identification, odometer) is
// read from the scenario.
struct ecu_state {
  dtc_lists dtcs;
  std::optional<freeze_frame> freeze;
  std::optional<bool> mil_override;
  std::optional<std::uint8_t> reported_dtc_count;
  readiness_map readiness;
  std::optional<double> distance_since_clear_km;
  std::optional<double> time_since_clear_min;
  std::optional<double> warmups_since_clear;
  std::optional<double> distance_with_mil_km;
  std::optional<double> time_with_mil_min;
  friend bool operator==(const ecu_state&, const ecu_state&) = default;
};

// Parallel to scenario::ecus (same order).
struct vehicle_state {
  std::vector<ecu_state> ecus;
  friend bool operator==(const vehicle_state&, const vehicle_state&) = default;
};

class vehicle {
 public:
  explicit vehicle(scenario definition);

  const scenario& definition() const noexcept { return definition_; }
  const vehicle_state& state() const noexcept { return state_; }
  std::size_t ecu_count() const noexcept { return definition_.ecus.size(); }

  // Index into definition().ecus, or nullopt when no ECU has that response address.
  std::optional<std::size_t> find_ecu(protocols::ecu_address address) const noexcept;

  // SAE J1979 service 04 as every ECU receiving it applies it (functional request), or one ECU
  // (physical request). Clears stored and pending codes, the freeze frame, the MIL and its
  // distance and time; resets distance, time and warm-ups since clear; non-continuous monitors of
  // the supported set become incomplete. Permanent codes stay: only the ECU erases them once the
  // monitor passes again (SAE J1979 service 0A; CARB OBD-II, 13 CCR 1968.2,
  // "permanent fault code").
  void clear_diagnostic_information();
  void clear_diagnostic_information(std::size_t ecu_index);

  // PID 01 byte A: MIL bit and the count of confirmed codes.
  bool mil_on(std::size_t ecu_index) const;
  std::uint8_t reported_dtc_count(std::size_t ecu_index) const;
  // Any ECU with its MIL on lights the one lamp on the dashboard.
  bool mil_on() const;

  const dtc_lists& dtcs(std::size_t ecu_index) const { return state_.ecus.at(ecu_index).dtcs; }
  const std::optional<freeze_frame>& freeze(std::size_t ecu_index) const {
    return state_.ecus.at(ecu_index).freeze;
  }
  const readiness_map& readiness(std::size_t ecu_index) const {
    return state_.ecus.at(ecu_index).readiness;
  }
  // Physical value of a service 01 PID now: the scenario's value, or a derived one for PIDs
  // 21, 30, 31, 4D, 4E and A6. nullopt when the ECU does not support the PID. PID 01 is not a
  // single value: use mil_on / reported_dtc_count / readiness.
  std::optional<pid_value> current_pid(std::size_t ecu_index, std::uint8_t pid) const;
  std::set<std::uint8_t> supported_pids(std::size_t ecu_index) const {
    return definition_.ecus.at(ecu_index).supported_pids();
  }

  std::uint32_t clear_count() const noexcept { return clear_count_; }

 private:
  scenario definition_;
  vehicle_state state_;
  std::uint32_t clear_count_ = 0;
};

}  // namespace bayscan::sim

#endif
