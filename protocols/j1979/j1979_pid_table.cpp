// Service $01/$02 PID table. Lengths and scalings from SAE J1979-DA ("PIDs for services $01 and
// $02", formerly SAE J1979 Appendix B, Table B1 ff.); the formulas are written as the standard's
// resolution ("1/4 rpm per bit") and offset ("-40 °C"). PIDs whose data we do not scale but whose
// length is defined keep an entry with no fields so a multi-PID reply can still be walked.
#include <bayscan/protocols/j1979_pid.hpp>

#include <algorithm>
#include <array>

namespace bayscan::protocols {
namespace {

constexpr double pct255 = 100.0 / 255.0;  // 0..100 % over 0..255
constexpr double pct128 = 100.0 / 128.0;  // -100..99.2 % around 128

constexpr pid_field scalar(std::string_view key, std::string_view label, std::string_view unit,
                           std::uint8_t offset, std::uint8_t size, double factor, double add) {
  pid_field f;
  f.key = key;
  f.label = label;
  f.unit = unit;
  f.offset = offset;
  f.size = size;
  f.factor = factor;
  f.add = add;
  return f;
}

constexpr pid_field signed_scalar(std::string_view key, std::string_view label,
                                  std::string_view unit, std::uint8_t offset, std::uint8_t size,
                                  double factor) {
  pid_field f = scalar(key, label, unit, offset, size, factor, 0.0);
  f.is_signed = true;
  return f;
}

constexpr pid_field bits(std::string_view key, std::string_view label, std::uint8_t offset,
                         std::uint8_t size, std::uint8_t shift = 0, std::uint8_t width = 0) {
  pid_field f = scalar(key, label, "", offset, size, 1.0, 0.0);
  f.bit_shift = shift;
  f.bit_width = width;
  return f;
}

constexpr pid_field enumerated(std::string_view key, std::string_view label, std::uint8_t offset,
                               pid_enumeration e) {
  pid_field f = scalar(key, label, "", offset, 1, 1.0, 0.0);
  f.enumeration = e;
  return f;
}

constexpr pid_field temp(std::string_view key, std::string_view label, std::uint8_t offset) {
  return scalar(key, label, "°C", offset, 1, 1.0, -40.0);  // 1 °C/bit, -40 °C offset
}

// --- field lists -------------------------------------------------------------------------
// Supported-PID bitmaps: bit A7 = PID base+1 ... D0 = PID base+0x20 (J1979-DA PID $00).
constexpr pid_field f00[] = {bits("pids_supported_01_20", "PIDs supported $01-$20", 0, 4)};
constexpr pid_field f20[] = {bits("pids_supported_21_40", "PIDs supported $21-$40", 0, 4)};
constexpr pid_field f40[] = {bits("pids_supported_41_60", "PIDs supported $41-$60", 0, 4)};
constexpr pid_field f60[] = {bits("pids_supported_61_80", "PIDs supported $61-$80", 0, 4)};
constexpr pid_field f80[] = {bits("pids_supported_81_a0", "PIDs supported $81-$A0", 0, 4)};
constexpr pid_field fa0[] = {bits("pids_supported_a1_c0", "PIDs supported $A1-$C0", 0, 4)};
constexpr pid_field fc0[] = {bits("pids_supported_c1_e0", "PIDs supported $C1-$E0", 0, 4)};

// PID 01: A7 MIL, A6..A0 DTC count; B0-2 supported / B4-6 incomplete (misfire, fuel system,
// components); B3 compression ignition; C supported / D incomplete for the spark or compression
// monitor set (decoded into named monitors by readiness.hpp).
constexpr pid_field f01[] = {
    bits("mil_on", "MIL commanded on", 0, 1, 7, 1),
    bits("dtc_count", "Emission-related DTCs", 0, 1, 0, 7),
    bits("common_monitors_supported", "Misfire/fuel/component monitors supported", 1, 1, 0, 3),
    bits("compression_ignition", "Compression ignition engine", 1, 1, 3, 1),
    bits("common_monitors_incomplete", "Misfire/fuel/component monitors incomplete", 1, 1, 4, 3),
    bits("monitors_supported", "Non-continuous monitors supported", 2, 1),
    bits("monitors_incomplete", "Non-continuous monitors incomplete", 3, 1),
};
// PID 41: same layout for the current drive cycle; "enabled" instead of "supported", A reserved.
constexpr pid_field f41[] = {
    bits("common_monitors_enabled", "Misfire/fuel/component monitors enabled this cycle", 1, 1, 0,
         3),
    bits("compression_ignition", "Compression ignition engine", 1, 1, 3, 1),
    bits("common_monitors_incomplete", "Misfire/fuel/component monitors incomplete this cycle", 1,
         1, 4, 3),
    bits("monitors_enabled", "Non-continuous monitors enabled this cycle", 2, 1),
    bits("monitors_incomplete", "Non-continuous monitors incomplete this cycle", 3, 1),
};
constexpr pid_field f02[] = {bits("freeze_frame_dtc", "DTC that caused the freeze frame", 0, 2)};
constexpr pid_field f03[] = {
    enumerated("fuel_system_1_status", "Fuel system 1 status", 0,
               pid_enumeration::fuel_system_status),
    enumerated("fuel_system_2_status", "Fuel system 2 status", 1,
               pid_enumeration::fuel_system_status),
};
constexpr pid_field f04[] = {scalar("engine_load", "Calculated load value", "%", 0, 1, pct255, 0)};
constexpr pid_field f05[] = {temp("coolant_temp", "Engine coolant temperature", 0)};
constexpr pid_field f06[] = {
    scalar("stft_bank1", "Short term fuel trim bank 1", "%", 0, 1, pct128, -100)};
constexpr pid_field f07[] = {
    scalar("ltft_bank1", "Long term fuel trim bank 1", "%", 0, 1, pct128, -100)};
constexpr pid_field f08[] = {
    scalar("stft_bank2", "Short term fuel trim bank 2", "%", 0, 1, pct128, -100)};
constexpr pid_field f09[] = {
    scalar("ltft_bank2", "Long term fuel trim bank 2", "%", 0, 1, pct128, -100)};
constexpr pid_field f0a[] = {scalar("fuel_pressure", "Fuel pressure (gauge)", "kPa", 0, 1, 3, 0)};
constexpr pid_field f0b[] = {
    scalar("intake_manifold_pressure", "Intake manifold absolute pressure", "kPa", 0, 1, 1, 0)};
constexpr pid_field f0c[] = {scalar("engine_rpm", "Engine speed", "rpm", 0, 2, 0.25, 0)};
constexpr pid_field f0d[] = {scalar("vehicle_speed", "Vehicle speed", "km/h", 0, 1, 1, 0)};
constexpr pid_field f0e[] = {
    scalar("timing_advance", "Ignition timing advance, cylinder 1", "°", 0, 1, 0.5, -64)};
constexpr pid_field f0f[] = {temp("intake_air_temp", "Intake air temperature", 0)};
constexpr pid_field f10[] = {scalar("maf_rate", "Mass air flow rate", "g/s", 0, 2, 0.01, 0)};
constexpr pid_field f11[] = {
    scalar("throttle_position", "Absolute throttle position", "%", 0, 1, pct255, 0)};
constexpr pid_field f12[] = {enumerated("secondary_air_status", "Commanded secondary air status",
                                        0, pid_enumeration::secondary_air_status)};
constexpr pid_field f13[] = {
    bits("o2_sensors_present", "Oxygen sensors present (2 banks x 4)", 0, 1)};

// PIDs 14..1B: A = sensor voltage (0.005 V/bit), B = short term trim (B-128)*100/128 %
// (B = FF: sensor not used in the trim calculation). Sensor n per PID 13's layout.
#define BAYSCAN_O2_NARROW(n)                                                                  \
  constexpr pid_field f_o2n_##n[] = {                                                         \
      scalar("o2_s" #n "_voltage", "O2 sensor " #n " voltage", "V", 0, 1, 0.005, 0),          \
      scalar("o2_s" #n "_stft", "O2 sensor " #n " short term fuel trim", "%", 1, 1, pct128,   \
             -100)};
BAYSCAN_O2_NARROW(1)
BAYSCAN_O2_NARROW(2)
BAYSCAN_O2_NARROW(3)
BAYSCAN_O2_NARROW(4)
BAYSCAN_O2_NARROW(5)
BAYSCAN_O2_NARROW(6)
BAYSCAN_O2_NARROW(7)
BAYSCAN_O2_NARROW(8)
#undef BAYSCAN_O2_NARROW

constexpr pid_field f1c[] = {
    enumerated("obd_standard", "OBD requirements", 0, pid_enumeration::obd_standard)};
constexpr pid_field f1d[] = {
    bits("o2_sensors_present_4_banks", "Oxygen sensors present (4 banks x 2)", 0, 1)};
constexpr pid_field f1e[] = {bits("pto_active", "Power take-off active", 0, 1, 0, 1)};
constexpr pid_field f1f[] = {scalar("run_time", "Time since engine start", "s", 0, 2, 1, 0)};
constexpr pid_field f21[] = {
    scalar("distance_with_mil", "Distance travelled with MIL on", "km", 0, 2, 1, 0)};
constexpr pid_field f22[] = {scalar("fuel_rail_pressure_relative",
                                    "Fuel rail pressure relative to manifold vacuum", "kPa", 0, 2,
                                    0.079, 0)};
constexpr pid_field f23[] = {
    scalar("fuel_rail_gauge_pressure", "Fuel rail gauge pressure", "kPa", 0, 2, 10, 0)};

// PIDs 24..2B: wide-range sensor, AB equivalence ratio (2/65536 per bit), CD voltage
// (8/65536 V per bit).
#define BAYSCAN_O2_WIDE_V(n)                                                                  \
  constexpr pid_field f_o2v_##n[] = {                                                         \
      scalar("o2_s" #n "_lambda", "O2 sensor " #n " equivalence ratio", "", 0, 2,             \
             2.0 / 65536.0, 0),                                                               \
      scalar("o2_s" #n "_wide_voltage", "O2 sensor " #n " voltage (wide range)", "V", 2, 2,   \
             8.0 / 65536.0, 0)};
BAYSCAN_O2_WIDE_V(1)
BAYSCAN_O2_WIDE_V(2)
BAYSCAN_O2_WIDE_V(3)
BAYSCAN_O2_WIDE_V(4)
BAYSCAN_O2_WIDE_V(5)
BAYSCAN_O2_WIDE_V(6)
BAYSCAN_O2_WIDE_V(7)
BAYSCAN_O2_WIDE_V(8)
#undef BAYSCAN_O2_WIDE_V

constexpr pid_field f2c[] = {scalar("commanded_egr", "Commanded EGR", "%", 0, 1, pct255, 0)};
constexpr pid_field f2d[] = {scalar("egr_error", "EGR error", "%", 0, 1, pct128, -100)};
constexpr pid_field f2e[] = {
    scalar("commanded_evap_purge", "Commanded evaporative purge", "%", 0, 1, pct255, 0)};
constexpr pid_field f2f[] = {scalar("fuel_level", "Fuel level input", "%", 0, 1, pct255, 0)};
constexpr pid_field f30[] = {
    scalar("warmups_since_clear", "Warm-ups since DTCs cleared", "", 0, 1, 1, 0)};
constexpr pid_field f31[] = {
    scalar("distance_since_clear", "Distance travelled since DTCs cleared", "km", 0, 2, 1, 0)};
// PID 32: signed, 0.25 Pa per bit.
constexpr pid_field f32[] = {
    signed_scalar("evap_vapor_pressure", "EVAP system vapour pressure", "Pa", 0, 2, 0.25)};
constexpr pid_field f33[] = {
    scalar("barometric_pressure", "Barometric pressure", "kPa", 0, 1, 1, 0)};

// PIDs 34..3B: wide-range sensor, AB equivalence ratio, CD current (1/256 mA per bit, -128 mA).
#define BAYSCAN_O2_WIDE_I(n)                                                                  \
  constexpr pid_field f_o2i_##n[] = {                                                         \
      scalar("o2_s" #n "_lambda", "O2 sensor " #n " equivalence ratio", "", 0, 2,             \
             2.0 / 65536.0, 0),                                                               \
      scalar("o2_s" #n "_current", "O2 sensor " #n " current", "mA", 2, 2, 1.0 / 256.0,       \
             -128)};
BAYSCAN_O2_WIDE_I(1)
BAYSCAN_O2_WIDE_I(2)
BAYSCAN_O2_WIDE_I(3)
BAYSCAN_O2_WIDE_I(4)
BAYSCAN_O2_WIDE_I(5)
BAYSCAN_O2_WIDE_I(6)
BAYSCAN_O2_WIDE_I(7)
BAYSCAN_O2_WIDE_I(8)
#undef BAYSCAN_O2_WIDE_I

// PIDs 3C..3F: catalyst temperature, 0.1 °C per bit, -40 °C offset.
constexpr pid_field f3c[] = {
    scalar("catalyst_temp_b1s1", "Catalyst temperature bank 1 sensor 1", "°C", 0, 2, 0.1, -40)};
constexpr pid_field f3d[] = {
    scalar("catalyst_temp_b2s1", "Catalyst temperature bank 2 sensor 1", "°C", 0, 2, 0.1, -40)};
constexpr pid_field f3e[] = {
    scalar("catalyst_temp_b1s2", "Catalyst temperature bank 1 sensor 2", "°C", 0, 2, 0.1, -40)};
constexpr pid_field f3f[] = {
    scalar("catalyst_temp_b2s2", "Catalyst temperature bank 2 sensor 2", "°C", 0, 2, 0.1, -40)};
constexpr pid_field f42[] = {
    scalar("control_module_voltage", "Control module voltage", "V", 0, 2, 0.001, 0)};
constexpr pid_field f43[] = {
    scalar("absolute_load", "Absolute load value", "%", 0, 2, pct255, 0)};
constexpr pid_field f44[] = {scalar("commanded_equivalence_ratio",
                                    "Commanded equivalence ratio", "", 0, 2, 2.0 / 65536.0, 0)};
constexpr pid_field f45[] = {
    scalar("relative_throttle_position", "Relative throttle position", "%", 0, 1, pct255, 0)};
constexpr pid_field f46[] = {temp("ambient_air_temp", "Ambient air temperature", 0)};
constexpr pid_field f47[] = {
    scalar("throttle_position_b", "Absolute throttle position B", "%", 0, 1, pct255, 0)};
constexpr pid_field f48[] = {
    scalar("throttle_position_c", "Absolute throttle position C", "%", 0, 1, pct255, 0)};
constexpr pid_field f49[] = {
    scalar("accelerator_pedal_d", "Accelerator pedal position D", "%", 0, 1, pct255, 0)};
constexpr pid_field f4a[] = {
    scalar("accelerator_pedal_e", "Accelerator pedal position E", "%", 0, 1, pct255, 0)};
constexpr pid_field f4b[] = {
    scalar("accelerator_pedal_f", "Accelerator pedal position F", "%", 0, 1, pct255, 0)};
constexpr pid_field f4c[] = {scalar("commanded_throttle_actuator",
                                    "Commanded throttle actuator", "%", 0, 1, pct255, 0)};
constexpr pid_field f4d[] = {
    scalar("time_with_mil", "Engine run time with MIL on", "min", 0, 2, 1, 0)};
constexpr pid_field f4e[] = {
    scalar("time_since_clear", "Engine run time since DTCs cleared", "min", 0, 2, 1, 0)};
constexpr pid_field f4f[] = {
    scalar("max_equivalence_ratio", "Maximum equivalence ratio", "", 0, 1, 1, 0),
    scalar("max_o2_voltage", "Maximum O2 sensor voltage", "V", 1, 1, 1, 0),
    scalar("max_o2_current", "Maximum O2 sensor current", "mA", 2, 1, 1, 0),
    scalar("max_intake_manifold_pressure", "Maximum intake manifold pressure", "kPa", 3, 1, 10,
           0),
};
constexpr pid_field f50[] = {
    scalar("max_maf_rate", "Maximum mass air flow rate", "g/s", 0, 1, 10, 0)};
constexpr pid_field f51[] = {
    enumerated("fuel_type", "Fuel type", 0, pid_enumeration::fuel_type)};
constexpr pid_field f52[] = {
    scalar("ethanol_percent", "Ethanol fuel percentage", "%", 0, 1, pct255, 0)};
constexpr pid_field f53[] = {scalar("evap_vapor_pressure_absolute",
                                    "Absolute EVAP system vapour pressure", "kPa", 0, 2,
                                    1.0 / 200.0, 0)};
constexpr pid_field f54[] = {
    signed_scalar("evap_vapor_pressure_wide", "EVAP system vapour pressure", "Pa", 0, 2, 1.0)};
constexpr pid_field f55[] = {
    scalar("secondary_o2_stft_bank1", "Short term secondary O2 trim bank 1", "%", 0, 1, pct128,
           -100),
    scalar("secondary_o2_stft_bank3", "Short term secondary O2 trim bank 3", "%", 1, 1, pct128,
           -100),
};
constexpr pid_field f56[] = {
    scalar("secondary_o2_ltft_bank1", "Long term secondary O2 trim bank 1", "%", 0, 1, pct128,
           -100),
    scalar("secondary_o2_ltft_bank3", "Long term secondary O2 trim bank 3", "%", 1, 1, pct128,
           -100),
};
constexpr pid_field f57[] = {
    scalar("secondary_o2_stft_bank2", "Short term secondary O2 trim bank 2", "%", 0, 1, pct128,
           -100),
    scalar("secondary_o2_stft_bank4", "Short term secondary O2 trim bank 4", "%", 1, 1, pct128,
           -100),
};
constexpr pid_field f58[] = {
    scalar("secondary_o2_ltft_bank2", "Long term secondary O2 trim bank 2", "%", 0, 1, pct128,
           -100),
    scalar("secondary_o2_ltft_bank4", "Long term secondary O2 trim bank 4", "%", 1, 1, pct128,
           -100),
};
constexpr pid_field f59[] = {
    scalar("fuel_rail_absolute_pressure", "Fuel rail absolute pressure", "kPa", 0, 2, 10, 0)};
constexpr pid_field f5a[] = {scalar("relative_accelerator_pedal",
                                    "Relative accelerator pedal position", "%", 0, 1, pct255, 0)};
constexpr pid_field f5b[] = {scalar("hybrid_battery_remaining",
                                    "Hybrid battery pack remaining life", "%", 0, 1, pct255, 0)};
constexpr pid_field f5c[] = {temp("oil_temp", "Engine oil temperature", 0)};
constexpr pid_field f5d[] = {scalar("fuel_injection_timing", "Fuel injection timing", "°", 0, 2,
                                    1.0 / 128.0, -210)};
constexpr pid_field f5e[] = {
    scalar("engine_fuel_rate", "Engine fuel rate", "L/h", 0, 2, 0.05, 0)};
constexpr pid_field f5f[] = {
    bits("emission_requirements", "Emission requirements the vehicle is designed to", 0, 1)};
// Torque PIDs 61..64 and 8E: 1 % per bit, -125 % offset.
constexpr pid_field f61[] = {
    scalar("driver_demand_torque", "Driver's demand engine torque", "%", 0, 1, 1, -125)};
constexpr pid_field f62[] = {
    scalar("actual_torque", "Actual engine torque", "%", 0, 1, 1, -125)};
constexpr pid_field f63[] = {
    scalar("reference_torque", "Engine reference torque", "Nm", 0, 2, 1, 0)};
constexpr pid_field f64[] = {
    scalar("torque_idle", "Engine percent torque at idle", "%", 0, 1, 1, -125),
    scalar("torque_point_1", "Engine percent torque at point 1", "%", 1, 1, 1, -125),
    scalar("torque_point_2", "Engine percent torque at point 2", "%", 2, 1, 1, -125),
    scalar("torque_point_3", "Engine percent torque at point 3", "%", 3, 1, 1, -125),
    scalar("torque_point_4", "Engine percent torque at point 4", "%", 4, 1, 1, -125),
};
constexpr pid_field f65[] = {
    bits("auxiliary_io_supported", "Auxiliary inputs/outputs supported", 0, 1),
    bits("auxiliary_io_status", "Auxiliary inputs/outputs status", 1, 1),
};
// PID 66: A = sensor A/B supported bits; BC, DE 1/32 g/s per bit.
constexpr pid_field f66[] = {
    bits("maf_sensors_supported", "Mass air flow sensors supported", 0, 1),
    scalar("maf_sensor_a", "Mass air flow sensor A", "g/s", 1, 2, 1.0 / 32.0, 0),
    scalar("maf_sensor_b", "Mass air flow sensor B", "g/s", 3, 2, 1.0 / 32.0, 0),
};
constexpr pid_field f67[] = {
    bits("coolant_temp_sensors_supported", "Coolant temperature sensors supported", 0, 1),
    temp("coolant_temp_sensor_1", "Engine coolant temperature sensor 1", 1),
    temp("coolant_temp_sensor_2", "Engine coolant temperature sensor 2", 2),
};
constexpr pid_field f68[] = {
    bits("intake_air_temp_sensors_supported", "Intake air temperature sensors supported", 0, 1),
    temp("intake_air_temp_b1s1", "Intake air temperature bank 1 sensor 1", 1),
    temp("intake_air_temp_b1s2", "Intake air temperature bank 1 sensor 2", 2),
    temp("intake_air_temp_b1s3", "Intake air temperature bank 1 sensor 3", 3),
    temp("intake_air_temp_b2s1", "Intake air temperature bank 2 sensor 1", 4),
    temp("intake_air_temp_b2s2", "Intake air temperature bank 2 sensor 2", 5),
    temp("intake_air_temp_b2s3", "Intake air temperature bank 2 sensor 3", 6),
};
// PIDs 78/79: A = sensors supported, then four 16-bit temperatures (0.1 °C per bit, -40 °C).
constexpr pid_field f78[] = {
    bits("egt_bank1_sensors_supported", "Exhaust gas temperature bank 1 sensors supported", 0, 1),
    scalar("egt_b1s1", "Exhaust gas temperature bank 1 sensor 1", "°C", 1, 2, 0.1, -40),
    scalar("egt_b1s2", "Exhaust gas temperature bank 1 sensor 2", "°C", 3, 2, 0.1, -40),
    scalar("egt_b1s3", "Exhaust gas temperature bank 1 sensor 3", "°C", 5, 2, 0.1, -40),
    scalar("egt_b1s4", "Exhaust gas temperature bank 1 sensor 4", "°C", 7, 2, 0.1, -40),
};
constexpr pid_field f79[] = {
    bits("egt_bank2_sensors_supported", "Exhaust gas temperature bank 2 sensors supported", 0, 1),
    scalar("egt_b2s1", "Exhaust gas temperature bank 2 sensor 1", "°C", 1, 2, 0.1, -40),
    scalar("egt_b2s2", "Exhaust gas temperature bank 2 sensor 2", "°C", 3, 2, 0.1, -40),
    scalar("egt_b2s3", "Exhaust gas temperature bank 2 sensor 3", "°C", 5, 2, 0.1, -40),
    scalar("egt_b2s4", "Exhaust gas temperature bank 2 sensor 4", "°C", 7, 2, 0.1, -40),
};
constexpr pid_field f7d[] = {bits("nox_nte_status", "NOx NTE control area status", 0, 1)};
constexpr pid_field f7e[] = {bits("pm_nte_status", "PM NTE control area status", 0, 1)};
constexpr pid_field f84[] = {temp("manifold_surface_temp", "Manifold surface temperature", 0)};
constexpr pid_field f8d[] = {
    scalar("throttle_position_g", "Absolute throttle position G", "%", 0, 1, pct255, 0)};
constexpr pid_field f8e[] = {
    scalar("friction_torque", "Engine friction percent torque", "%", 0, 1, 1, -125)};
// PID 9D: AB engine fuel rate, CD vehicle fuel rate, 0.02 g/s per bit.
constexpr pid_field f9d[] = {
    scalar("engine_fuel_rate_mass", "Engine fuel rate", "g/s", 0, 2, 0.02, 0),
    scalar("vehicle_fuel_rate_mass", "Vehicle fuel rate", "g/s", 2, 2, 0.02, 0),
};
constexpr pid_field f9e[] = {
    scalar("exhaust_flow_rate", "Engine exhaust flow rate", "kg/h", 0, 2, 0.2, 0)};
constexpr pid_field fa2[] = {
    scalar("cylinder_fuel_rate", "Cylinder fuel rate", "mg/stroke", 0, 2, 1.0 / 32.0, 0)};
// PID A4: A = supported bits, B7-4 actual gear, CD actual gear ratio (0.001 per bit).
constexpr pid_field fa4[] = {
    bits("transmission_data_supported", "Transmission data supported", 0, 1),
    bits("transmission_gear", "Transmission actual gear", 1, 1, 4, 4),
    scalar("transmission_gear_ratio", "Transmission actual gear ratio", "", 2, 2, 0.001, 0),
};
// PID A5: A = supported bit, B commanded dosing 0.5 % per bit.
constexpr pid_field fa5[] = {
    bits("def_dosing_supported", "DEF dosing data supported", 0, 1),
    scalar("def_dosing", "Commanded diesel exhaust fluid dosing", "%", 1, 1, 0.5, 0),
};
// PID A6: 4 bytes, 0.1 km per bit.
constexpr pid_field fa6[] = {scalar("odometer", "Odometer", "km", 0, 4, 0.1, 0)};

constexpr std::span<const pid_field> none{};

constexpr pid_info table[] = {
    {0x00, "pids_supported_01_20", "PIDs supported $01-$20", 4, f00},
    {0x01, "monitor_status", "Monitor status since DTCs cleared", 4, f01},
    {0x02, "freeze_frame_dtc", "DTC that caused the freeze frame", 2, f02},
    {0x03, "fuel_system_status", "Fuel system status", 2, f03},
    {0x04, "engine_load", "Calculated load value", 1, f04},
    {0x05, "coolant_temp", "Engine coolant temperature", 1, f05},
    {0x06, "stft_bank1", "Short term fuel trim bank 1", 1, f06},
    {0x07, "ltft_bank1", "Long term fuel trim bank 1", 1, f07},
    {0x08, "stft_bank2", "Short term fuel trim bank 2", 1, f08},
    {0x09, "ltft_bank2", "Long term fuel trim bank 2", 1, f09},
    {0x0A, "fuel_pressure", "Fuel pressure (gauge)", 1, f0a},
    {0x0B, "intake_manifold_pressure", "Intake manifold absolute pressure", 1, f0b},
    {0x0C, "engine_rpm", "Engine speed", 2, f0c},
    {0x0D, "vehicle_speed", "Vehicle speed", 1, f0d},
    {0x0E, "timing_advance", "Ignition timing advance, cylinder 1", 1, f0e},
    {0x0F, "intake_air_temp", "Intake air temperature", 1, f0f},
    {0x10, "maf_rate", "Mass air flow rate", 2, f10},
    {0x11, "throttle_position", "Absolute throttle position", 1, f11},
    {0x12, "secondary_air_status", "Commanded secondary air status", 1, f12},
    {0x13, "o2_sensors_present", "Oxygen sensors present (2 banks x 4)", 1, f13},
    {0x14, "o2_sensor_1", "O2 sensor 1 voltage and trim", 2, f_o2n_1},
    {0x15, "o2_sensor_2", "O2 sensor 2 voltage and trim", 2, f_o2n_2},
    {0x16, "o2_sensor_3", "O2 sensor 3 voltage and trim", 2, f_o2n_3},
    {0x17, "o2_sensor_4", "O2 sensor 4 voltage and trim", 2, f_o2n_4},
    {0x18, "o2_sensor_5", "O2 sensor 5 voltage and trim", 2, f_o2n_5},
    {0x19, "o2_sensor_6", "O2 sensor 6 voltage and trim", 2, f_o2n_6},
    {0x1A, "o2_sensor_7", "O2 sensor 7 voltage and trim", 2, f_o2n_7},
    {0x1B, "o2_sensor_8", "O2 sensor 8 voltage and trim", 2, f_o2n_8},
    {0x1C, "obd_standard", "OBD requirements", 1, f1c},
    {0x1D, "o2_sensors_present_4_banks", "Oxygen sensors present (4 banks x 2)", 1, f1d},
    {0x1E, "auxiliary_input_status", "Auxiliary input status", 1, f1e},
    {0x1F, "run_time", "Time since engine start", 2, f1f},
    {0x20, "pids_supported_21_40", "PIDs supported $21-$40", 4, f20},
    {0x21, "distance_with_mil", "Distance travelled with MIL on", 2, f21},
    {0x22, "fuel_rail_pressure_relative", "Fuel rail pressure relative to manifold vacuum", 2,
     f22},
    {0x23, "fuel_rail_gauge_pressure", "Fuel rail gauge pressure", 2, f23},
    {0x24, "o2_sensor_1_wide_voltage", "O2 sensor 1 equivalence ratio and voltage", 4, f_o2v_1},
    {0x25, "o2_sensor_2_wide_voltage", "O2 sensor 2 equivalence ratio and voltage", 4, f_o2v_2},
    {0x26, "o2_sensor_3_wide_voltage", "O2 sensor 3 equivalence ratio and voltage", 4, f_o2v_3},
    {0x27, "o2_sensor_4_wide_voltage", "O2 sensor 4 equivalence ratio and voltage", 4, f_o2v_4},
    {0x28, "o2_sensor_5_wide_voltage", "O2 sensor 5 equivalence ratio and voltage", 4, f_o2v_5},
    {0x29, "o2_sensor_6_wide_voltage", "O2 sensor 6 equivalence ratio and voltage", 4, f_o2v_6},
    {0x2A, "o2_sensor_7_wide_voltage", "O2 sensor 7 equivalence ratio and voltage", 4, f_o2v_7},
    {0x2B, "o2_sensor_8_wide_voltage", "O2 sensor 8 equivalence ratio and voltage", 4, f_o2v_8},
    {0x2C, "commanded_egr", "Commanded EGR", 1, f2c},
    {0x2D, "egr_error", "EGR error", 1, f2d},
    {0x2E, "commanded_evap_purge", "Commanded evaporative purge", 1, f2e},
    {0x2F, "fuel_level", "Fuel level input", 1, f2f},
    {0x30, "warmups_since_clear", "Warm-ups since DTCs cleared", 1, f30},
    {0x31, "distance_since_clear", "Distance travelled since DTCs cleared", 2, f31},
    {0x32, "evap_vapor_pressure", "EVAP system vapour pressure", 2, f32},
    {0x33, "barometric_pressure", "Barometric pressure", 1, f33},
    {0x34, "o2_sensor_1_wide_current", "O2 sensor 1 equivalence ratio and current", 4, f_o2i_1},
    {0x35, "o2_sensor_2_wide_current", "O2 sensor 2 equivalence ratio and current", 4, f_o2i_2},
    {0x36, "o2_sensor_3_wide_current", "O2 sensor 3 equivalence ratio and current", 4, f_o2i_3},
    {0x37, "o2_sensor_4_wide_current", "O2 sensor 4 equivalence ratio and current", 4, f_o2i_4},
    {0x38, "o2_sensor_5_wide_current", "O2 sensor 5 equivalence ratio and current", 4, f_o2i_5},
    {0x39, "o2_sensor_6_wide_current", "O2 sensor 6 equivalence ratio and current", 4, f_o2i_6},
    {0x3A, "o2_sensor_7_wide_current", "O2 sensor 7 equivalence ratio and current", 4, f_o2i_7},
    {0x3B, "o2_sensor_8_wide_current", "O2 sensor 8 equivalence ratio and current", 4, f_o2i_8},
    {0x3C, "catalyst_temp_b1s1", "Catalyst temperature bank 1 sensor 1", 2, f3c},
    {0x3D, "catalyst_temp_b2s1", "Catalyst temperature bank 2 sensor 1", 2, f3d},
    {0x3E, "catalyst_temp_b1s2", "Catalyst temperature bank 1 sensor 2", 2, f3e},
    {0x3F, "catalyst_temp_b2s2", "Catalyst temperature bank 2 sensor 2", 2, f3f},
    {0x40, "pids_supported_41_60", "PIDs supported $41-$60", 4, f40},
    {0x41, "monitor_status_this_cycle", "Monitor status this drive cycle", 4, f41},
    {0x42, "control_module_voltage", "Control module voltage", 2, f42},
    {0x43, "absolute_load", "Absolute load value", 2, f43},
    {0x44, "commanded_equivalence_ratio", "Commanded equivalence ratio", 2, f44},
    {0x45, "relative_throttle_position", "Relative throttle position", 1, f45},
    {0x46, "ambient_air_temp", "Ambient air temperature", 1, f46},
    {0x47, "throttle_position_b", "Absolute throttle position B", 1, f47},
    {0x48, "throttle_position_c", "Absolute throttle position C", 1, f48},
    {0x49, "accelerator_pedal_d", "Accelerator pedal position D", 1, f49},
    {0x4A, "accelerator_pedal_e", "Accelerator pedal position E", 1, f4a},
    {0x4B, "accelerator_pedal_f", "Accelerator pedal position F", 1, f4b},
    {0x4C, "commanded_throttle_actuator", "Commanded throttle actuator", 1, f4c},
    {0x4D, "time_with_mil", "Engine run time with MIL on", 2, f4d},
    {0x4E, "time_since_clear", "Engine run time since DTCs cleared", 2, f4e},
    {0x4F, "maximum_values", "Maximum values for ratio, O2 voltage/current, MAP", 4, f4f},
    {0x50, "max_maf_rate", "Maximum mass air flow rate", 4, f50},
    {0x51, "fuel_type", "Fuel type", 1, f51},
    {0x52, "ethanol_percent", "Ethanol fuel percentage", 1, f52},
    {0x53, "evap_vapor_pressure_absolute", "Absolute EVAP system vapour pressure", 2, f53},
    {0x54, "evap_vapor_pressure_wide", "EVAP system vapour pressure", 2, f54},
    {0x55, "secondary_o2_stft_b1_b3", "Short term secondary O2 trim banks 1/3", 2, f55},
    {0x56, "secondary_o2_ltft_b1_b3", "Long term secondary O2 trim banks 1/3", 2, f56},
    {0x57, "secondary_o2_stft_b2_b4", "Short term secondary O2 trim banks 2/4", 2, f57},
    {0x58, "secondary_o2_ltft_b2_b4", "Long term secondary O2 trim banks 2/4", 2, f58},
    {0x59, "fuel_rail_absolute_pressure", "Fuel rail absolute pressure", 2, f59},
    {0x5A, "relative_accelerator_pedal", "Relative accelerator pedal position", 1, f5a},
    {0x5B, "hybrid_battery_remaining", "Hybrid battery pack remaining life", 1, f5b},
    {0x5C, "oil_temp", "Engine oil temperature", 1, f5c},
    {0x5D, "fuel_injection_timing", "Fuel injection timing", 2, f5d},
    {0x5E, "engine_fuel_rate", "Engine fuel rate", 2, f5e},
    {0x5F, "emission_requirements", "Emission requirements", 1, f5f},
    {0x60, "pids_supported_61_80", "PIDs supported $61-$80", 4, f60},
    {0x61, "driver_demand_torque", "Driver's demand engine torque", 1, f61},
    {0x62, "actual_torque", "Actual engine torque", 1, f62},
    {0x63, "reference_torque", "Engine reference torque", 2, f63},
    {0x64, "engine_percent_torque", "Engine percent torque data", 5, f64},
    {0x65, "auxiliary_io", "Auxiliary inputs/outputs", 2, f65},
    {0x66, "maf_sensors", "Mass air flow sensors", 5, f66},
    {0x67, "coolant_temp_sensors", "Engine coolant temperature sensors", 3, f67},
    {0x68, "intake_air_temp_sensors", "Intake air temperature sensors", 7, f68},
    // 69..7C: multi-sensor diesel/turbo data; length known, scaling not decoded here.
    {0x69, "egr_data", "Commanded EGR and EGR error", 7, none},
    {0x6A, "diesel_intake_air_flow", "Commanded diesel intake air flow control", 5, none},
    {0x6B, "egr_temp", "Exhaust gas recirculation temperature", 5, none},
    {0x6C, "throttle_actuator_data", "Commanded throttle actuator and position", 5, none},
    {0x6F, "turbo_inlet_pressure", "Turbocharger compressor inlet pressure", 3, none},
    {0x72, "wastegate_control", "Wastegate control", 5, none},
    {0x73, "exhaust_pressure", "Exhaust pressure", 5, none},
    {0x74, "turbo_rpm", "Turbocharger speed", 5, none},
    {0x75, "turbo_a_temp", "Turbocharger A temperature", 7, none},
    {0x76, "turbo_b_temp", "Turbocharger B temperature", 7, none},
    {0x77, "charge_air_cooler_temp", "Charge air cooler temperature", 5, none},
    {0x78, "egt_bank1", "Exhaust gas temperature bank 1", 9, f78},
    {0x79, "egt_bank2", "Exhaust gas temperature bank 2", 9, f79},
    {0x7A, "dpf_bank1", "Diesel particulate filter bank 1", 7, none},
    {0x7B, "dpf_bank2", "Diesel particulate filter bank 2", 7, none},
    {0x7C, "dpf_temp", "Diesel particulate filter temperature", 9, none},
    {0x7D, "nox_nte_status", "NOx NTE control area status", 1, f7d},
    {0x7E, "pm_nte_status", "PM NTE control area status", 1, f7e},
    {0x7F, "engine_run_time", "Engine run time (total, idle, PTO)", 13, none},
    {0x80, "pids_supported_81_a0", "PIDs supported $81-$A0", 4, f80},
    {0x84, "manifold_surface_temp", "Manifold surface temperature", 1, f84},
    {0x8D, "throttle_position_g", "Absolute throttle position G", 1, f8d},
    {0x8E, "friction_torque", "Engine friction percent torque", 1, f8e},
    {0x9D, "fuel_rate_mass", "Engine and vehicle fuel rate", 4, f9d},
    {0x9E, "exhaust_flow_rate", "Engine exhaust flow rate", 2, f9e},
    {0xA0, "pids_supported_a1_c0", "PIDs supported $A1-$C0", 4, fa0},
    {0xA2, "cylinder_fuel_rate", "Cylinder fuel rate", 2, fa2},
    {0xA4, "transmission_gear", "Transmission actual gear", 4, fa4},
    {0xA5, "def_dosing", "Commanded diesel exhaust fluid dosing", 4, fa5},
    {0xA6, "odometer", "Odometer", 4, fa6},
    {0xC0, "pids_supported_c1_e0", "PIDs supported $C1-$E0", 4, fc0},
};

constexpr bool table_is_sorted() {
  for (std::size_t i = 1; i < std::size(table); ++i)
    if (table[i - 1].pid >= table[i].pid) return false;
  return true;
}
static_assert(table_is_sorted(), "find_pid binary-searches the table");

constexpr bool fields_fit() {
  for (const auto& info : table)
    for (const auto& f : info.fields)
      if (f.offset + f.size > info.length) return false;
  return true;
}
static_assert(fields_fit(), "every field lies inside its PID's data");

}  // namespace

std::span<const pid_info> pid_table() noexcept { return table; }

const pid_info* find_pid(std::uint8_t pid) noexcept {
  const auto it = std::lower_bound(std::begin(table), std::end(table), pid,
                                   [](const pid_info& i, std::uint8_t p) { return i.pid < p; });
  if (it == std::end(table) || it->pid != pid) return nullptr;
  return &*it;
}

std::optional<std::size_t> pid_data_length(std::uint8_t pid) noexcept {
  if (const auto* info = find_pid(pid)) return info->length;
  return std::nullopt;
}

std::string_view enumeration_text(pid_enumeration e, unsigned code) noexcept {
  switch (e) {
    case pid_enumeration::none: return {};
    case pid_enumeration::fuel_system_status:
      // J1979-DA PID 03: one bit set per fuel system; 0 = this fuel system not present.
      switch (code) {
        case 0x01: return "open loop: engine temperature too low";
        case 0x02: return "closed loop: using oxygen sensor feedback";
        case 0x04: return "open loop: engine load or fuel cut (deceleration)";
        case 0x08: return "open loop: system failure";
        case 0x10: return "closed loop: fault in at least one oxygen sensor";
        default: return {};
      }
    case pid_enumeration::secondary_air_status:
      switch (code) {  // J1979-DA PID 12
        case 0x01: return "upstream of first catalytic converter";
        case 0x02: return "downstream of first catalytic converter";
        case 0x04: return "from the outside atmosphere or off";
        case 0x08: return "pump commanded on for diagnostics";
        default: return {};
      }
    case pid_enumeration::obd_standard: {
      // J1979-DA PID 1C, "OBD requirements to which vehicle or engine is certified".
      static constexpr std::array<std::string_view, 34> names = {
          "",
          "OBD-II as defined by the CARB",
          "OBD as defined by the EPA",
          "OBD and OBD-II",
          "OBD-I",
          "Not OBD compliant",
          "EOBD (Europe)",
          "EOBD and OBD-II",
          "EOBD and OBD",
          "EOBD, OBD and OBD-II",
          "JOBD (Japan)",
          "JOBD and OBD-II",
          "JOBD and EOBD",
          "JOBD, EOBD and OBD-II",
          "",
          "",
          "",
          "Engine Manufacturer Diagnostics (EMD)",
          "Engine Manufacturer Diagnostics Enhanced (EMD+)",
          "Heavy Duty OBD (child/partial) (HD OBD-C)",
          "Heavy Duty OBD (HD OBD)",
          "World Wide Harmonized OBD (WWH OBD)",
          "",
          "Heavy Duty Euro OBD stage I without NOx control (HD EOBD-I)",
          "Heavy Duty Euro OBD stage I with NOx control (HD EOBD-I N)",
          "Heavy Duty Euro OBD stage II without NOx control (HD EOBD-II)",
          "Heavy Duty Euro OBD stage II with NOx control (HD EOBD-II N)",
          "",
          "Brazil OBD phase 1 (OBDBr-1)",
          "Brazil OBD phase 2 (OBDBr-2)",
          "Korean OBD (KOBD)",
          "India OBD I (IOBD-I)",
          "India OBD II (IOBD-II)",
          "Heavy Duty Euro OBD stage VI (HD EOBD-IV)",
      };
      return code < names.size() ? names[code] : std::string_view{};
    }
    case pid_enumeration::fuel_type: {
      // J1979-DA PID 51, fuel type coding.
      static constexpr std::array<std::string_view, 24> names = {
          "Not available",
          "Gasoline",
          "Methanol",
          "Ethanol",
          "Diesel",
          "LPG",
          "CNG",
          "Propane",
          "Electric",
          "Bifuel running gasoline",
          "Bifuel running methanol",
          "Bifuel running ethanol",
          "Bifuel running LPG",
          "Bifuel running CNG",
          "Bifuel running propane",
          "Bifuel running electricity",
          "Bifuel running electric and combustion engine",
          "Hybrid gasoline",
          "Hybrid ethanol",
          "Hybrid diesel",
          "Hybrid electric",
          "Hybrid running electric and combustion engine",
          "Hybrid regenerative",
          "Bifuel running diesel",
      };
      return code < names.size() ? names[code] : std::string_view{};
    }
  }
  return {};
}

}  // namespace bayscan::protocols
