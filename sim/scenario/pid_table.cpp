#include "scenario/pid_table.hpp"

#include <algorithm>
#include <array>

namespace bayscan::sim::detail {
namespace {

// Ranges follow from the byte formulas of SAE J1979 Annex B (ISO 15031-5 Annex B): for example
// PID 0C is (256A+B)/4 rpm, so 0 .. 65535/4 = 16383.75; PID 05 is A-40 °C, so -40 .. 215.
constexpr double percent_a = 100.0;                   // A*100/255
constexpr double trim_max = 127.0 * 100.0 / 128.0;    // (A-128)*100/128, A = 255: 99.21875
constexpr double temp_a_max = 255.0 - 40.0;
constexpr double word = 65535.0;                      // 256A+B

constexpr std::array f_percent{pid_field{"", 0, percent_a, "%"}};
constexpr std::array f_trim{pid_field{"", -100, trim_max, "%"}};
constexpr std::array f_temp{pid_field{"", -40, temp_a_max, "°C"}};
constexpr std::array f_fuel_system{
    pid_field{"system1", 0, 16, "", true, true},
    pid_field{"system2", 0, 16, "", true, true},
};
constexpr std::array f_fuel_pressure{pid_field{"", 0, 3 * 255, "kPa"}};  // 3A
constexpr std::array f_kpa_a{pid_field{"", 0, 255, "kPa"}};
constexpr std::array f_rpm{pid_field{"", 0, word / 4, "rpm"}};
constexpr std::array f_speed{pid_field{"", 0, 255, "km/h", true}};
constexpr std::array f_timing{pid_field{"", -64, 63.5, "° before TDC"}};  // A/2-64
constexpr std::array f_maf{pid_field{"", 0, word / 100, "g/s"}};
constexpr std::array f_bitmask{pid_field{"", 0, 255, "", true}};
// 14..1B: A/200 V, (B-128)*100/128 % (SAE J1979 Annex B, oxygen sensor voltage and trim)
constexpr std::array f_o2{
    pid_field{"voltage", 0, 255.0 / 200.0, "V"},
    pid_field{"trim", -100, trim_max, "%"},
};
constexpr std::array f_obd_standard{pid_field{"", 1, 255, "", true}};
constexpr std::array f_seconds_word{pid_field{"", 0, word, "s", true}};
constexpr std::array f_km_word{pid_field{"", 0, word, "km", true}};
constexpr std::array f_minutes_word{pid_field{"", 0, word, "min", true}};
constexpr std::array f_rail_gauge{pid_field{"", 0, word * 10, "kPa"}};  // 10(256A+B)
constexpr std::array f_count_a{pid_field{"", 0, 255, "", true}};
constexpr std::array f_cat_temp{pid_field{"", -40, word / 10 - 40, "°C"}};  // (256A+B)/10-40
constexpr std::array f_module_voltage{pid_field{"", 0, word / 1000, "V"}};
constexpr std::array f_absolute_load{pid_field{"", 0, word * 100 / 255, "%"}};
constexpr std::array f_lambda{pid_field{"", 0, word * 2 / 65536, ""}};  // 2(256A+B)/65536
constexpr std::array f_fuel_type{pid_field{"", 0, 23, "", true}};  // Annex B table, 0x00..0x17
constexpr std::array f_fuel_rate{pid_field{"", 0, word / 20, "L/h"}};
constexpr std::array f_odometer{pid_field{"", 0, 4294967295.0 / 10, "km"}};  // 4 bytes, 0.1 km

// Sorted by PID for binary search.
constexpr std::array table{
    pid_spec{0x03, "fuel system status", 2, f_fuel_system},
    pid_spec{0x04, "calculated engine load", 1, f_percent},
    pid_spec{0x05, "engine coolant temperature", 1, f_temp},
    pid_spec{0x06, "short term fuel trim bank 1", 1, f_trim},
    pid_spec{0x07, "long term fuel trim bank 1", 1, f_trim},
    pid_spec{0x08, "short term fuel trim bank 2", 1, f_trim},
    pid_spec{0x09, "long term fuel trim bank 2", 1, f_trim},
    pid_spec{0x0A, "fuel pressure (gauge)", 1, f_fuel_pressure},
    pid_spec{0x0B, "intake manifold absolute pressure", 1, f_kpa_a},
    pid_spec{0x0C, "engine speed", 2, f_rpm},
    pid_spec{0x0D, "vehicle speed", 1, f_speed},
    pid_spec{0x0E, "timing advance", 1, f_timing},
    pid_spec{0x0F, "intake air temperature", 1, f_temp},
    pid_spec{0x10, "mass air flow rate", 2, f_maf},
    pid_spec{0x11, "absolute throttle position", 1, f_percent},
    pid_spec{0x13, "oxygen sensors present", 1, f_bitmask},
    pid_spec{0x14, "oxygen sensor 1 voltage and trim", 2, f_o2},
    pid_spec{0x15, "oxygen sensor 2 voltage and trim", 2, f_o2},
    pid_spec{0x16, "oxygen sensor 3 voltage and trim", 2, f_o2},
    pid_spec{0x17, "oxygen sensor 4 voltage and trim", 2, f_o2},
    pid_spec{0x18, "oxygen sensor 5 voltage and trim", 2, f_o2},
    pid_spec{0x19, "oxygen sensor 6 voltage and trim", 2, f_o2},
    pid_spec{0x1A, "oxygen sensor 7 voltage and trim", 2, f_o2},
    pid_spec{0x1B, "oxygen sensor 8 voltage and trim", 2, f_o2},
    pid_spec{0x1C, "OBD standard", 1, f_obd_standard},
    pid_spec{0x1F, "run time since engine start", 2, f_seconds_word},
    pid_spec{0x21, "distance travelled with MIL on", 2, f_km_word},
    pid_spec{0x23, "fuel rail gauge pressure", 2, f_rail_gauge},
    pid_spec{0x2C, "commanded EGR", 1, f_percent},
    pid_spec{0x2D, "EGR error", 1, f_trim},
    pid_spec{0x2F, "fuel tank level", 1, f_percent},
    pid_spec{0x30, "warm-ups since codes cleared", 1, f_count_a},
    pid_spec{0x31, "distance travelled since codes cleared", 2, f_km_word},
    pid_spec{0x33, "barometric pressure", 1, f_kpa_a},
    pid_spec{0x3C, "catalyst temperature bank 1 sensor 1", 2, f_cat_temp},
    pid_spec{0x3D, "catalyst temperature bank 2 sensor 1", 2, f_cat_temp},
    pid_spec{0x3E, "catalyst temperature bank 1 sensor 2", 2, f_cat_temp},
    pid_spec{0x3F, "catalyst temperature bank 2 sensor 2", 2, f_cat_temp},
    pid_spec{0x42, "control module voltage", 2, f_module_voltage},
    pid_spec{0x43, "absolute load", 2, f_absolute_load},
    pid_spec{0x44, "commanded equivalence ratio", 2, f_lambda},
    pid_spec{0x45, "relative throttle position", 1, f_percent},
    pid_spec{0x46, "ambient air temperature", 1, f_temp},
    pid_spec{0x47, "absolute throttle position B", 1, f_percent},
    pid_spec{0x49, "accelerator pedal position D", 1, f_percent},
    pid_spec{0x4A, "accelerator pedal position E", 1, f_percent},
    pid_spec{0x4C, "commanded throttle actuator", 1, f_percent},
    pid_spec{0x4D, "time run with MIL on", 2, f_minutes_word},
    pid_spec{0x4E, "time since codes cleared", 2, f_minutes_word},
    pid_spec{0x51, "fuel type", 1, f_fuel_type},
    pid_spec{0x52, "ethanol fuel percentage", 1, f_percent},
    pid_spec{0x5A, "relative accelerator pedal position", 1, f_percent},
    pid_spec{0x5B, "hybrid battery pack remaining life", 1, f_percent},
    pid_spec{0x5C, "engine oil temperature", 1, f_temp},
    pid_spec{0x5E, "engine fuel rate", 2, f_fuel_rate},
    pid_spec{0xA6, "odometer", 4, f_odometer},
};

static_assert(std::is_sorted(table.begin(), table.end(),
                             [](const pid_spec& a, const pid_spec& b) { return a.pid < b.pid; }));

}  // namespace

const pid_spec* find_pid_spec(std::uint8_t pid) noexcept {
  auto it = std::lower_bound(table.begin(), table.end(), pid,
                             [](const pid_spec& s, std::uint8_t p) { return s.pid < p; });
  return it != table.end() && it->pid == pid ? &*it : nullptr;
}

std::string_view derived_pid_field(std::uint8_t pid) noexcept {
  switch (pid) {
    case 0x21: return "distance_with_mil_km";
    case 0x30: return "warmups_since_clear";
    case 0x31: return "distance_since_clear_km";
    case 0x4D: return "time_with_mil_min";
    case 0x4E: return "time_since_clear_min";
    case 0xA6: return "odometer_km";
    default: return {};
  }
}

}  // namespace bayscan::sim::detail
