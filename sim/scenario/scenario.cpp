#include <algorithm>
#include <array>
#include <bayscan/sim/scenario.hpp>
#include <utility>

namespace bayscan::sim {
namespace {

// Names as protocols/readiness.hpp spells them, so the emulator can hand them to the encoder.
constexpr std::array<std::pair<readiness_monitor, std::string_view>, 16> monitor_names{{
    {readiness_monitor::misfire, "misfire"},
    {readiness_monitor::fuel_system, "fuel_system"},
    {readiness_monitor::components, "components"},
    {readiness_monitor::catalyst, "catalyst"},
    {readiness_monitor::heated_catalyst, "heated_catalyst"},
    {readiness_monitor::evap, "evap"},
    {readiness_monitor::secondary_air, "secondary_air"},
    {readiness_monitor::ac_refrigerant, "ac_refrigerant"},
    {readiness_monitor::oxygen_sensor, "oxygen_sensor"},
    {readiness_monitor::oxygen_sensor_heater, "oxygen_sensor_heater"},
    {readiness_monitor::egr_vvt, "egr_vvt"},
    {readiness_monitor::nmhc_catalyst, "nmhc_catalyst"},
    {readiness_monitor::nox_scr, "nox_scr"},
    {readiness_monitor::boost_pressure, "boost_pressure"},
    {readiness_monitor::exhaust_gas_sensor, "exhaust_gas_sensor"},
    {readiness_monitor::pm_filter, "pm_filter"},
}};

constexpr std::array<std::pair<fault_kind, std::string_view>, 8> fault_names{{
    {fault_kind::drop_nth_reply, "drop_nth_reply"},
    {fault_kind::garbage_bytes, "garbage_bytes"},
    {fault_kind::disconnect_after_requests, "disconnect_after_requests"},
    {fault_kind::ecu_stops_answering_after, "ecu_stops_answering_after"},
    {fault_kind::can_error_on_first_try, "can_error_on_first_try"},
    {fault_kind::bus_init_error, "bus_init_error"},
    {fault_kind::lv_reset, "lv_reset"},
    {fault_kind::buffer_full_on_long_replies, "buffer_full_on_long_replies"},
}};

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum e) {
  for (const auto& [value, name] : names)
    if (value == e) return name;
  return "unknown";
}

template <class Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& names,
                             std::string_view text) {
  for (const auto& [value, name] : names)
    if (name == text) return value;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(readiness_monitor m) noexcept {
  return name_of(monitor_names, m);
}

std::optional<readiness_monitor> readiness_monitor_from_string(std::string_view name) noexcept {
  return value_of(monitor_names, name);
}

bool is_continuous(readiness_monitor m) noexcept {
  return m == readiness_monitor::misfire || m == readiness_monitor::fuel_system ||
         m == readiness_monitor::components;
}

bool applies_to(readiness_monitor m, ignition_type ignition) noexcept {
  if (is_continuous(m) || m == readiness_monitor::egr_vvt) return true;
  const bool spark_set =
      m >= readiness_monitor::catalyst && m <= readiness_monitor::oxygen_sensor_heater;
  return spark_set == (ignition == ignition_type::spark);
}

std::string_view to_string(fault_kind k) noexcept {
  return name_of(fault_names, k);
}

std::optional<fault_kind> fault_kind_from_string(std::string_view name) noexcept {
  return value_of(fault_names, name);
}

std::set<std::uint8_t> ecu::supported_pids() const {
  std::set<std::uint8_t> out;
  out.insert(0x01);  // monitor status: derived from codes, MIL and readiness, always answered
  for (const auto& [pid, value] : pids) out.insert(pid);
  if (distance_with_mil_km) out.insert(0x21);
  if (warmups_since_clear) out.insert(0x30);
  if (distance_since_clear_km) out.insert(0x31);
  if (time_with_mil_min) out.insert(0x4D);
  if (time_since_clear_min) out.insert(0x4E);
  if (odometer_km) out.insert(0xA6);
  return out;
}

const ecu* scenario::find_ecu(protocols::ecu_address address) const noexcept {
  auto it =
      std::find_if(ecus.begin(), ecus.end(), [&](const ecu& e) { return e.address == address; });
  return it == ecus.end() ? nullptr : &*it;
}

}  // namespace bayscan::sim
