#include <bayscan/protocols/j1979_error.hpp>
#include <bayscan/protocols/readiness.hpp>

#include <array>

namespace bayscan::protocols {
namespace {

constexpr std::array<std::string_view, 3> continuous = {"misfire", "fuel_system", "components"};
constexpr std::array<std::string_view, 8> spark = {
    "catalyst",      "heated_catalyst", "evap",          "secondary_air",
    "ac_refrigerant", "oxygen_sensor",  "oxygen_sensor_heater", "egr_vvt"};
// Bits 2 and 4 are reserved in the compression-ignition set (J1979-DA PID 01, byte C/D).
constexpr std::array<std::string_view, 8> compression = {
    "nmhc_catalyst", "nox_scr", "", "boost_pressure", "", "exhaust_gas_sensor", "pm_filter",
    "egr_vvt"};

constexpr std::size_t readiness_data_length = 4;

result<readiness> decode(byte_span data, bool has_dtc_byte) {
  if (data.size() < readiness_data_length) return make_error_code(j1979_error::truncated);
  if (data.size() > readiness_data_length) return make_error_code(j1979_error::trailing_bytes);
  const std::uint8_t a = data[0], b = data[1], c = data[2], d = data[3];
  readiness r;
  if (has_dtc_byte) {
    r.mil_on = (a & 0x80) != 0;
    r.dtc_count = static_cast<std::uint8_t>(a & 0x7F);
  }
  r.compression_ignition = (b & 0x08) != 0;
  for (std::size_t i = 0; i < continuous.size(); ++i) {
    r.monitors.push_back({continuous[i], ((b >> i) & 1) != 0, ((b >> (i + 4)) & 1) == 0});
  }
  const auto& set = r.compression_ignition ? compression : spark;
  for (std::size_t i = 0; i < set.size(); ++i) {
    if (set[i].empty()) continue;
    r.monitors.push_back({set[i], ((c >> i) & 1) != 0, ((d >> i) & 1) == 0});
  }
  return r;
}

}  // namespace

const readiness_monitor* readiness::find(std::string_view name) const noexcept {
  for (const auto& m : monitors)
    if (m.name == name) return &m;
  return nullptr;
}

std::span<const std::string_view> continuous_monitor_names() noexcept { return continuous; }
std::span<const std::string_view> spark_monitor_names() noexcept { return spark; }
std::span<const std::string_view> compression_monitor_names() noexcept { return compression; }

result<readiness> decode_readiness(byte_span data) { return decode(data, true); }
result<readiness> decode_readiness_this_cycle(byte_span data) { return decode(data, false); }

result<byte_vector> encode_readiness(const readiness& r) {
  if (r.dtc_count > 0x7F) return make_error_code(j1979_error::invalid_argument);
  byte_vector out(readiness_data_length, 0);
  out[0] = static_cast<std::uint8_t>((r.mil_on ? 0x80 : 0x00) | r.dtc_count);
  if (r.compression_ignition) out[1] |= 0x08;
  const auto& set = r.compression_ignition ? compression : spark;
  for (const auto& m : r.monitors) {
    bool found = false;
    for (std::size_t i = 0; i < continuous.size() && !found; ++i) {
      if (continuous[i] != m.name) continue;
      found = true;
      if (m.supported) out[1] |= static_cast<std::uint8_t>(1u << i);
      if (m.supported && !m.complete) out[1] |= static_cast<std::uint8_t>(1u << (i + 4));
    }
    for (std::size_t i = 0; i < set.size() && !found; ++i) {
      if (set[i].empty() || set[i] != m.name) continue;
      found = true;
      if (m.supported) out[2] |= static_cast<std::uint8_t>(1u << i);
      if (m.supported && !m.complete) out[3] |= static_cast<std::uint8_t>(1u << i);
    }
    if (!found) return make_error_code(j1979_error::invalid_argument);
  }
  return out;
}

}  // namespace bayscan::protocols
