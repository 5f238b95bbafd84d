#include <algorithm>
#include <bayscan/sim/vehicle.hpp>
#include <utility>

namespace bayscan::sim {
namespace {

ecu_state initial_state(const ecu& e) {
  ecu_state s;
  s.dtcs = e.dtcs;
  s.freeze = e.freeze;
  s.mil_override = e.mil;
  s.reported_dtc_count = e.reported_dtc_count;
  s.readiness = e.readiness;
  s.distance_since_clear_km = e.distance_since_clear_km;
  s.time_since_clear_min = e.time_since_clear_min;
  s.warmups_since_clear = e.warmups_since_clear;
  s.distance_with_mil_km = e.distance_with_mil_km;
  s.time_with_mil_min = e.time_with_mil_min;
  return s;
}

// A counter the ECU supports restarts from zero; an unsupported one stays unsupported.
void reset(std::optional<double>& counter) {
  if (counter) *counter = 0;
}

pid_value physical(double v) {
  return pid_value{{v}, std::nullopt};
}

}  // namespace

vehicle::vehicle(scenario definition) : definition_(std::move(definition)) {
  state_.ecus.reserve(definition_.ecus.size());
  for (const auto& e : definition_.ecus) state_.ecus.push_back(initial_state(e));
}

std::optional<std::size_t> vehicle::find_ecu(protocols::ecu_address address) const noexcept {
  for (std::size_t i = 0; i < definition_.ecus.size(); ++i)
    if (definition_.ecus[i].address == address) return i;
  return std::nullopt;
}

void vehicle::clear_diagnostic_information() {
  for (std::size_t i = 0; i < state_.ecus.size(); ++i) clear_diagnostic_information(i);
}

void vehicle::clear_diagnostic_information(std::size_t ecu_index) {
  auto& s = state_.ecus.at(ecu_index);
  s.dtcs.stored.clear();
  s.dtcs.pending.clear();
  // s.dtcs.permanent survives by design: service 04 cannot erase permanent codes.
  s.freeze.reset();
  s.mil_override.reset();
  s.reported_dtc_count.reset();
  for (auto& [monitor, status] : s.readiness) {
    // Continuous monitors (misfire, fuel system, components) run whenever the engine runs and
    // are reported complete; the others must run again on a drive cycle.
    if (status.supported && !is_continuous(monitor)) status.complete = false;
  }
  reset(s.distance_since_clear_km);
  reset(s.time_since_clear_min);
  reset(s.warmups_since_clear);
  reset(s.distance_with_mil_km);
  reset(s.time_with_mil_min);
  ++clear_count_;
}

bool vehicle::mil_on(std::size_t ecu_index) const {
  const auto& s = state_.ecus.at(ecu_index);
  if (s.mil_override) return *s.mil_override;
  // Service 03 reports emission-related confirmed codes only, so any stored code lights the MIL.
  return !s.dtcs.stored.empty();
}

std::uint8_t vehicle::reported_dtc_count(std::size_t ecu_index) const {
  const auto& s = state_.ecus.at(ecu_index);
  if (s.reported_dtc_count) return *s.reported_dtc_count;
  // PID 01 byte A bits 0..6 (SAE J1979 Annex B): the count saturates at 127.
  return static_cast<std::uint8_t>(std::min<std::size_t>(s.dtcs.stored.size(), 127));
}

bool vehicle::mil_on() const {
  for (std::size_t i = 0; i < state_.ecus.size(); ++i)
    if (mil_on(i)) return true;
  return false;
}

std::optional<pid_value> vehicle::current_pid(std::size_t ecu_index, std::uint8_t pid) const {
  const auto& e = definition_.ecus.at(ecu_index);
  const auto& s = state_.ecus.at(ecu_index);
  auto from = [](const std::optional<double>& v) -> std::optional<pid_value> {
    if (!v) return std::nullopt;
    return physical(*v);
  };
  switch (pid) {
    case 0x21:
      return from(s.distance_with_mil_km);
    case 0x30:
      return from(s.warmups_since_clear);
    case 0x31:
      return from(s.distance_since_clear_km);
    case 0x4D:
      return from(s.time_with_mil_min);
    case 0x4E:
      return from(s.time_since_clear_min);
    case 0xA6:
      return from(e.odometer_km);
    default:
      break;
  }
  auto it = e.pids.find(pid);
  if (it == e.pids.end()) return std::nullopt;
  return it->second;
}

}  // namespace bayscan::sim
