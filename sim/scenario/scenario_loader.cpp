#include <algorithm>
#include <bayscan/protocols/j1979_pid.hpp>
#include <bayscan/protocols/vin.hpp>
#include <bayscan/sim/scenario_loader.hpp>
#include <boost/json.hpp>
#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <sstream>

namespace bayscan::sim {
namespace {

namespace json = boost::json;

class scenario_category_impl final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "bayscan.scenario"; }
  std::string message(int ev) const override {
    switch (static_cast<scenario_errc>(ev)) {
      case scenario_errc::cannot_read:
        return "scenario file cannot be read";
      case scenario_errc::syntax:
        return "scenario file is not valid JSON";
      case scenario_errc::unknown_key:
        return "unknown key in scenario";
      case scenario_errc::missing_key:
        return "required key missing in scenario";
      case scenario_errc::wrong_type:
        return "wrong JSON type in scenario";
      case scenario_errc::out_of_range:
        return "value out of range in scenario";
      case scenario_errc::invalid_value:
        return "invalid value in scenario";
      case scenario_errc::inconsistent:
        return "inconsistent values in scenario";
    }
    return "unknown scenario error";
  }
};

// Validation walks deep into the document; the first problem unwinds to parse_scenario, which
// turns it into a value. The exception never leaves this file.
struct load_failure {
  scenario_error error;
};

struct context {
  std::string file;

  [[noreturn]] void fail(scenario_errc code, std::string key, std::string problem) const {
    throw load_failure{scenario_error{make_error_code(code), file, std::move(key),
                                      std::move(problem), std::nullopt, std::nullopt}};
  }
};

std::string member(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return std::string(path) + "." + std::string(key);
}

std::string element(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

std::string_view kind_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "a number";
    case json::kind::string:
      return "a string";
    case json::kind::array:
      return "an array";
    case json::kind::object:
      return "an object";
  }
  return "a value";
}

std::string in_quotes(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

std::string format_number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

using key_list = std::initializer_list<std::string_view>;

// Unknown keys are errors: a misspelt "odometr_km" would otherwise silently mean "no odometer".
void check_keys(const context& ctx, const json::object& o, std::string_view path,
                key_list allowed) {
  for (const auto& kv : o) {
    std::string_view key = kv.key();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string problem = "unknown key " + in_quotes(key);
    std::string_view best;
    std::size_t best_distance = 3;  // suggest only near misses
    for (auto candidate : allowed) {
      // A near miss, or a key cut short or run on ("time_with_mil" for "time_with_mil_min").
      const bool prefix =
          key.size() >= 4 && (candidate.starts_with(key) || key.starts_with(candidate));
      auto d = prefix ? 0 : edit_distance(key, candidate);
      if (d < best_distance) best_distance = d, best = candidate;
    }
    if (!best.empty()) problem += " (did you mean " + in_quotes(best) + "?)";
    ctx.fail(scenario_errc::unknown_key, member(path, key), problem);
  }
}

const json::object& as_object(const context& ctx, const json::value& v, const std::string& path) {
  if (!v.is_object())
    ctx.fail(scenario_errc::wrong_type, path,
             "expected an object, got " + std::string(kind_name(v)));
  return v.get_object();
}

const json::array& as_array(const context& ctx, const json::value& v, const std::string& path) {
  if (!v.is_array())
    ctx.fail(scenario_errc::wrong_type, path,
             "expected an array, got " + std::string(kind_name(v)));
  return v.get_array();
}

std::string as_string(const context& ctx, const json::value& v, const std::string& path) {
  if (!v.is_string())
    ctx.fail(scenario_errc::wrong_type, path,
             "expected a string, got " + std::string(kind_name(v)));
  return std::string(v.get_string());
}

bool as_bool(const context& ctx, const json::value& v, const std::string& path) {
  if (!v.is_bool())
    ctx.fail(scenario_errc::wrong_type, path,
             "expected true or false, got " + std::string(kind_name(v)));
  return v.get_bool();
}

double as_number(const context& ctx, const json::value& v, const std::string& path, double min,
                 double max, std::string_view unit = {}) {
  if (!v.is_number()) {
    std::string got(kind_name(v));
    if (v.is_string()) got += " (" + in_quotes(v.get_string()) + ")";
    ctx.fail(scenario_errc::wrong_type, path, "expected a number, got " + got);
  }
  const double d = v.to_number<double>();
  if (!(d >= min && d <= max)) {
    std::string u = unit.empty() ? "" : " " + std::string(unit);
    ctx.fail(
        scenario_errc::out_of_range, path,
        format_number(d) + u + " is outside " + format_number(min) + ".." + format_number(max) + u);
  }
  return d;
}

std::int64_t as_integer(const context& ctx, const json::value& v, const std::string& path,
                        std::int64_t min, std::int64_t max, std::string_view unit = {}) {
  const double d =
      as_number(ctx, v, path, static_cast<double>(min), static_cast<double>(max), unit);
  if (d != std::floor(d))
    ctx.fail(scenario_errc::wrong_type, path, "expected a whole number, got " + format_number(d));
  return static_cast<std::int64_t>(d);
}

const json::value* find(const json::object& o, std::string_view key) {
  return o.if_contains(key);
}

const json::value& require(const context& ctx, const json::object& o, std::string_view path,
                           std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr)
    ctx.fail(scenario_errc::missing_key, member(path, key), "required key is missing");
  return *v;
}

bool is_printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

std::string printable_string(const context& ctx, const json::value& v, const std::string& path,
                             std::size_t min_len, std::size_t max_len) {
  auto s = as_string(ctx, v, path);
  if (s.size() < min_len || s.size() > max_len)
    ctx.fail(scenario_errc::invalid_value, path,
             in_quotes(s) + " must have " + std::to_string(min_len) + ".." +
                 std::to_string(max_len) + " characters");
  if (!is_printable_ascii(s))
    ctx.fail(scenario_errc::invalid_value, path, in_quotes(s) + " must be printable ASCII");
  return s;
}

byte_vector hex_bytes(const context& ctx, const json::value& v, const std::string& path,
                      std::size_t min_len, std::size_t max_len) {
  auto s = as_string(ctx, v, path);
  for (char c : s)
    if (c != ' ' && hex_digit_value(c) < 0)
      ctx.fail(scenario_errc::invalid_value, path,
               in_quotes(s) + " is not hex bytes: '" + std::string(1, c) + "' is not a hex digit");
  auto bytes = parse_hex(s);
  if (!bytes)
    ctx.fail(scenario_errc::invalid_value, path,
             in_quotes(s) + " is not hex bytes: odd digit count");
  if (bytes->size() < min_len || bytes->size() > max_len)
    ctx.fail(scenario_errc::invalid_value, path,
             in_quotes(s) + " has " + std::to_string(bytes->size()) + " bytes, expected " +
                 (min_len == max_len ? std::to_string(min_len)
                                     : std::to_string(min_len) + ".." + std::to_string(max_len)));
  return *bytes;
}

// DTC text: system letter, then 4 hex digits whose first is 0..3 (SAE J2012 / J1979 DTC bytes:
// bits 15-14 system, bits 13-12 first digit, then three 4-bit digits).
std::string dtc_code(const context& ctx, const json::value& v, const std::string& path) {
  auto s = as_string(ctx, v, path);
  const std::string prefix = in_quotes(s) + " is not a DTC: ";
  if (s.size() != 5)
    ctx.fail(scenario_errc::invalid_value, path, prefix + "expected 5 characters like \"P0301\"");
  if (std::string_view("PCBU").find(s[0]) == std::string_view::npos)
    ctx.fail(scenario_errc::invalid_value, path,
             prefix + "'" + s.substr(0, 1) + "' is not a system letter (P, C, B or U)");
  if (s[1] < '0' || s[1] > '3')
    ctx.fail(scenario_errc::invalid_value, path,
             prefix + "'" + s.substr(1, 1) + "' cannot follow the letter (0..3 only)");
  for (std::size_t i = 2; i < 5; ++i) {
    if (hex_digit_value(s[i]) < 0 || (s[i] >= 'a' && s[i] <= 'f'))
      ctx.fail(scenario_errc::invalid_value, path,
               prefix + "'" + s.substr(i, 1) + "' is not a hex digit" +
                   (hex_digit_value(s[i]) >= 0 ? " in upper case" : ""));
  }
  return s;
}

// ISO 3779: 17 characters from 0-9 and A-Z without I, O and Q; the 49 CFR 565.15 check digit
// unless the scenario says the make's market VINs carry none.
std::string vin_text(const context& ctx, const json::value& v, const std::string& path,
                     bool check_digit) {
  auto s = as_string(ctx, v, path);
  const std::string prefix = in_quotes(s) + " is not a VIN: ";
  if (s.size() != 17)
    ctx.fail(scenario_errc::invalid_value, path,
             prefix + "has " + std::to_string(s.size()) + " characters, expected 17");
  for (char c : s) {
    if (!protocols::is_vin_character(c))
      ctx.fail(scenario_errc::invalid_value, path,
               prefix + "'" + std::string(1, c) + "' is not allowed (0-9, A-Z without I, O, Q)");
  }
  const char expected = protocols::compute_check_digit(s);
  if (check_digit && s[8] != expected)
    ctx.fail(scenario_errc::invalid_value, path,
             prefix + "check digit (9th character) is '" + s.substr(8, 1) + "', should be '" +
                 std::string(1, expected) +
                 "' (49 CFR 565.15; set vehicle.vin_check_digit false for a VIN without one)");
  return s;
}

protocols::ecu_address parse_address(const context& ctx, const json::value& v,
                                     const std::string& path, protocols::obd_protocol protocol) {
  auto s = as_string(ctx, v, path);
  std::uint32_t id = 0;
  for (char c : s) {
    const int d = hex_digit_value(c);
    if (d < 0)
      ctx.fail(
          scenario_errc::invalid_value, path,
          in_quotes(s) + " is not an ECU address: '" + std::string(1, c) + "' is not a hex digit");
    if (s.size() <= 8) id = id << 4 | static_cast<std::uint32_t>(d);
  }
  protocols::ecu_address a{id, false, true};
  const std::string name(protocols::protocol_name(protocol));
  if (protocols::is_29bit_can(protocol)) {
    // ISO 15765-4: physical responses 18DAF1xx, xx being the ECU's address.
    if (s.size() != 8 || (id & 0xFFFFFF00u) != 0x18DAF100u)
      ctx.fail(scenario_errc::invalid_value, path,
               in_quotes(s) + " is not a 29-bit OBD response ID (18DAF1xx) as " + name + " needs");
    a.extended = true;
  } else if (protocols::is_can(protocol)) {
    // ISO 15765-4: 11-bit physical responses 7E8..7EF (request ID + 8).
    if (s.size() != 3 || id < 0x7E8 || id > 0x7EF)
      ctx.fail(scenario_errc::invalid_value, path,
               in_quotes(s) + " is not an 11-bit OBD response ID (7E8..7EF) as " + name + " needs");
  } else {
    // Legacy header source address; F1 is the scan tool's own address (SAE J1979 5.x headers).
    if (s.size() != 2 || id == 0xF1)
      ctx.fail(scenario_errc::invalid_value, path,
               in_quotes(s) + " is not an ECU source address (2 hex digits, not F1) as " + name +
                   " needs");
  }
  return a;
}

std::uint8_t pid_key(const context& ctx, std::string_view key, const std::string& path) {
  if (key.size() != 2 || hex_digit_value(key[0]) < 0 || hex_digit_value(key[1]) < 0)
    ctx.fail(scenario_errc::invalid_value, path,
             in_quotes(key) + " is not a PID: expected 2 hex digits like \"0C\"");
  return static_cast<std::uint8_t>(hex_digit_value(key[0]) << 4 | hex_digit_value(key[1]));
}

// PIDs served from a dedicated ECU key (so service 04 can reset them), with that key.
std::string_view derived_pid_key(std::uint8_t pid) noexcept {
  switch (pid) {
    case 0x21:
      return "distance_with_mil_km";
    case 0x30:
      return "warmups_since_clear";
    case 0x31:
      return "distance_since_clear_km";
    case 0x4D:
      return "time_with_mil_min";
    case 0x4E:
      return "time_since_clear_min";
    case 0xA6:
      return "odometer_km";
    default:
      return {};
  }
}

std::string pid_label(std::uint8_t pid) {
  const auto* info = protocols::find_pid(pid);
  std::string label = "PID " + to_hex(byte_span(&pid, 1));
  if (info != nullptr) label += " (" + std::string(info->label) + ")";
  return label;
}

// Counts, bit masks and state codes: only whole raw values mean anything.
bool whole_numbers_only(const protocols::pid_field& f) {
  return f.enumeration != protocols::pid_enumeration::none ||
         (f.unit.empty() && f.factor == 1.0 && f.add == 0.0);
}

// A physical value must fit the field's bytes: value = raw * factor + add with raw between
// raw_min and raw_max (SAE J1979-DA scaling, as tabulated in protocols/j1979_pid.hpp).
double field_value(const context& ctx, const json::value& v, const std::string& path,
                   std::uint8_t pid, const protocols::pid_field& f) {
  const double min = static_cast<double>(f.raw_min()) * f.factor + f.add;
  const double max = static_cast<double>(f.raw_max()) * f.factor + f.add;
  const double d = v.is_number() ? v.to_number<double>() : 0.0;
  if (v.is_number() && !(d >= min && d <= max)) {
    const std::string unit = f.unit.empty() ? "" : " " + std::string(f.unit);
    ctx.fail(scenario_errc::out_of_range, path,
             format_number(d) + unit + " is outside what " + pid_label(pid) + " can encode (" +
                 format_number(min) + ".." + format_number(max) + unit + ")");
  }
  const double value =
      whole_numbers_only(f)
          ? static_cast<double>(as_integer(ctx, v, path, static_cast<std::int64_t>(min),
                                           static_cast<std::int64_t>(max)))
          : as_number(ctx, v, path, min, max, f.unit);
  if (f.enumeration != protocols::pid_enumeration::none) {
    const auto code = static_cast<unsigned>(value);
    // Fuel system status 0 means "this fuel system is not present" (J1979-DA PID 03).
    const bool absent_fuel_system =
        f.enumeration == protocols::pid_enumeration::fuel_system_status && code == 0;
    if (!absent_fuel_system && protocols::enumeration_text(f.enumeration, code).empty())
      ctx.fail(scenario_errc::invalid_value, path,
               format_number(value) + " is not a defined " + std::string(f.label) + " code");
  }
  return value;
}

pid_value parse_pid_value(const context& ctx, const json::value& v, const std::string& path,
                          std::uint8_t pid) {
  const auto* info = protocols::find_pid(pid);
  if (v.is_object() && v.get_object().contains("raw")) {
    const auto& o = v.get_object();
    check_keys(ctx, o, path, {"raw"});
    // Unknown PIDs: any length a single reply can carry after "41 pid" (7-byte legacy frames
    // allow 5; CAN multi-frame more).
    const std::size_t min = info != nullptr ? info->length : 1;
    const std::size_t max = info != nullptr ? info->length : 32;
    return pid_value{{}, hex_bytes(ctx, o.at("raw"), member(path, "raw"), min, max)};
  }
  if (info == nullptr || info->fields.empty())
    ctx.fail(scenario_errc::invalid_value, path,
             pid_label(pid) + " has no physical scaling; give {\"raw\": \"hex bytes\"}");
  pid_value out;
  if (info->fields.size() == 1) {
    if (v.is_object())
      ctx.fail(scenario_errc::wrong_type, path,
               "expected a number for " + pid_label(pid) + " (or {\"raw\": ...}), got an object");
    out.physical.push_back(field_value(ctx, v, path, pid, info->fields[0]));
    return out;
  }
  std::string names;
  for (const auto& f : info->fields) names += (names.empty() ? "" : ", ") + in_quotes(f.key);
  if (!v.is_object())
    ctx.fail(scenario_errc::wrong_type, path,
             "expected an object with " + names + " for " + pid_label(pid) + ", got " +
                 std::string(kind_name(v)));
  const auto& o = v.get_object();
  for (const auto& kv : o) {
    const bool known =
        std::any_of(info->fields.begin(), info->fields.end(),
                    [&](const protocols::pid_field& f) { return f.key == kv.key(); });
    if (!known)
      ctx.fail(
          scenario_errc::unknown_key, member(path, kv.key()),
          "unknown key " + in_quotes(kv.key()) + " (" + pid_label(pid) + " has " + names + ")");
  }
  for (const auto& f : info->fields)
    out.physical.push_back(
        field_value(ctx, require(ctx, o, path, f.key), member(path, f.key), pid, f));
  return out;
}

// `pids` of an ECU (derived PIDs rejected: they have their own fields) or of a freeze frame.
pid_values parse_pids(const context& ctx, const json::value& v, const std::string& path,
                      bool allow_derived) {
  pid_values out;
  for (const auto& kv : as_object(ctx, v, path)) {
    const std::string key_path = member(path, kv.key());
    const std::uint8_t pid = pid_key(ctx, kv.key(), key_path);
    if (protocols::is_supported_pids_pid(pid))
      ctx.fail(scenario_errc::invalid_value, key_path,
               pid_label(pid) + " is a supported-PID bitmap, computed from the PIDs given");
    if (pid == 0x01)
      ctx.fail(
          scenario_errc::invalid_value, key_path,
          "PID 01 (monitor status) is computed from dtcs, mil, reported_dtc_count and readiness");
    if (pid == 0x02)
      ctx.fail(scenario_errc::invalid_value, key_path,
               "PID 02 (DTC that stored the freeze frame) is computed from freeze_frame.dtc");
    const auto field = derived_pid_key(pid);
    if (!allow_derived && !field.empty())
      ctx.fail(
          scenario_errc::invalid_value, key_path,
          pid_label(pid) + " comes from the ECU key " + in_quotes(field) + "; set that instead");
    out.emplace(pid, parse_pid_value(ctx, kv.value(), key_path, pid));
  }
  return out;
}

std::vector<std::string> dtc_list(const context& ctx, const json::value& v,
                                  const std::string& path) {
  std::vector<std::string> out;
  const auto& a = as_array(ctx, v, path);
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto code = dtc_code(ctx, a[i], element(path, i));
    if (std::find(out.begin(), out.end(), code) != out.end())
      ctx.fail(scenario_errc::invalid_value, element(path, i),
               in_quotes(code) + " is listed twice");
    out.push_back(std::move(code));
  }
  return out;
}

readiness_map parse_readiness(const context& ctx, const json::value& v, const std::string& path,
                              ignition_type ignition) {
  readiness_map out;
  for (const auto& kv : as_object(ctx, v, path)) {
    const std::string key_path = member(path, kv.key());
    auto monitor = readiness_monitor_from_string(kv.key());
    if (!monitor)
      ctx.fail(scenario_errc::unknown_key, key_path,
               "unknown readiness monitor " + in_quotes(kv.key()));
    if (!applies_to(*monitor, ignition))
      ctx.fail(scenario_errc::inconsistent, key_path,
               in_quotes(kv.key()) + " is a " +
                   (ignition == ignition_type::spark ? "compression" : "spark") +
                   "-ignition monitor but the ECU's ignition is " +
                   (ignition == ignition_type::spark ? "spark" : "compression"));
    const auto state = as_string(ctx, kv.value(), key_path);
    monitor_status status;
    if (state == "complete")
      status = {true, true};
    else if (state == "incomplete")
      status = {true, false};
    else if (state == "unsupported")
      status = {false, false};
    else
      ctx.fail(scenario_errc::invalid_value, key_path,
               in_quotes(state) + " is not a monitor state (complete, incomplete or unsupported)");
    out[*monitor] = status;
  }
  return out;
}

ecu parse_ecu(const context& ctx, const json::value& v, const std::string& path,
              protocols::obd_protocol protocol, bool vin_check) {
  const auto& o = as_object(ctx, v, path);
  check_keys(ctx, o, path,
             {"address", "name", "ecu_name", "ignition", "pids", "dtcs", "freeze_frame", "vin",
              "calids", "cvns", "mil", "reported_dtc_count", "readiness", "distance_since_clear_km",
              "time_since_clear_min", "warmups_since_clear", "distance_with_mil_km",
              "time_with_mil_min", "odometer_km"});
  ecu e;
  e.address =
      parse_address(ctx, require(ctx, o, path, "address"), member(path, "address"), protocol);
  e.name = printable_string(ctx, require(ctx, o, path, "name"), member(path, "name"), 1, 32);
  if (const auto* n = find(o, "ecu_name")) {
    // SAE J1979 service 09 infotype 0A: 20 bytes, an acronym of up to 4 characters, '-', and a
    // text name of up to 15 characters.
    const auto key = member(path, "ecu_name");
    e.ecu_name_infotype = printable_string(ctx, *n, key, 3, 20);
    const auto dash = e.ecu_name_infotype.find('-');
    if (dash == std::string::npos || dash == 0 || dash > 4 ||
        e.ecu_name_infotype.size() - dash - 1 > 15 || dash + 1 == e.ecu_name_infotype.size())
      ctx.fail(scenario_errc::invalid_value, key,
               in_quotes(e.ecu_name_infotype) +
                   " is not an ECU name: expected ACRONYM-Text (1..4 characters, '-', 1..15 "
                   "characters)");
  }
  if (const auto* n = find(o, "ignition")) {
    const auto s = as_string(ctx, *n, member(path, "ignition"));
    if (s == "spark")
      e.ignition = ignition_type::spark;
    else if (s == "compression")
      e.ignition = ignition_type::compression;
    else
      ctx.fail(scenario_errc::invalid_value, member(path, "ignition"),
               in_quotes(s) + " is not an ignition type (spark or compression)");
  }
  if (const auto* n = find(o, "pids")) e.pids = parse_pids(ctx, *n, member(path, "pids"), false);
  if (const auto* n = find(o, "dtcs")) {
    const auto key = member(path, "dtcs");
    const auto& d = as_object(ctx, *n, key);
    check_keys(ctx, d, key, {"stored", "pending", "permanent"});
    if (const auto* l = find(d, "stored")) e.dtcs.stored = dtc_list(ctx, *l, member(key, "stored"));
    if (const auto* l = find(d, "pending"))
      e.dtcs.pending = dtc_list(ctx, *l, member(key, "pending"));
    if (const auto* l = find(d, "permanent"))
      e.dtcs.permanent = dtc_list(ctx, *l, member(key, "permanent"));
  }
  if (const auto* n = find(o, "freeze_frame")) {
    const auto key = member(path, "freeze_frame");
    const auto& f = as_object(ctx, *n, key);
    check_keys(ctx, f, key, {"dtc", "pids"});
    freeze_frame frame;
    frame.dtc = dtc_code(ctx, require(ctx, f, key, "dtc"), member(key, "dtc"));
    frame.values = parse_pids(ctx, require(ctx, f, key, "pids"), member(key, "pids"), true);
    const auto& s = e.dtcs.stored;
    const auto& p = e.dtcs.pending;
    if (std::find(s.begin(), s.end(), frame.dtc) == s.end() &&
        std::find(p.begin(), p.end(), frame.dtc) == p.end())
      ctx.fail(scenario_errc::inconsistent, member(key, "dtc"),
               in_quotes(frame.dtc) +
                   " stored a freeze frame but is neither a stored nor a pending code");
    e.freeze = std::move(frame);
  }
  if (const auto* n = find(o, "vin")) e.vin = vin_text(ctx, *n, member(path, "vin"), vin_check);
  if (const auto* n = find(o, "calids")) {
    const auto key = member(path, "calids");
    const auto& a = as_array(ctx, *n, key);
    // Service 09 infotype 04: 16 bytes per calibration ID, unused bytes 00.
    for (std::size_t i = 0; i < a.size(); ++i)
      e.calids.push_back(printable_string(ctx, a[i], element(key, i), 1, 16));
  }
  if (const auto* n = find(o, "cvns")) {
    const auto key = member(path, "cvns");
    const auto& a = as_array(ctx, *n, key);
    // Service 09 infotype 06: 4 bytes per CVN, written as 8 hex digits.
    for (std::size_t i = 0; i < a.size(); ++i) {
      auto s = as_string(ctx, a[i], element(key, i));
      const bool ok = s.size() == 8 && std::all_of(s.begin(), s.end(), [](char c) {
                        return hex_digit_value(c) >= 0 && !(c >= 'a' && c <= 'f');
                      });
      if (!ok)
        ctx.fail(scenario_errc::invalid_value, element(key, i),
                 in_quotes(s) + " is not a CVN: expected 8 upper-case hex digits");
      e.cvns.push_back(std::move(s));
    }
  }
  if (const auto* n = find(o, "mil")) e.mil = as_bool(ctx, *n, member(path, "mil"));
  if (const auto* n = find(o, "reported_dtc_count"))
    // PID 01 byte A bits 0..6
    e.reported_dtc_count =
        static_cast<std::uint8_t>(as_integer(ctx, *n, member(path, "reported_dtc_count"), 0, 127));
  if (const auto* n = find(o, "readiness"))
    e.readiness = parse_readiness(ctx, *n, member(path, "readiness"), e.ignition);

  auto counter = [&](std::string_view key, std::uint8_t pid) -> std::optional<double> {
    const auto* n = find(o, key);
    if (n == nullptr) return std::nullopt;
    return field_value(ctx, *n, member(path, key), pid, protocols::find_pid(pid)->fields[0]);
  };
  e.distance_since_clear_km = counter("distance_since_clear_km", 0x31);
  e.time_since_clear_min = counter("time_since_clear_min", 0x4E);
  e.warmups_since_clear = counter("warmups_since_clear", 0x30);
  e.distance_with_mil_km = counter("distance_with_mil_km", 0x21);
  e.time_with_mil_min = counter("time_with_mil_min", 0x4D);
  e.odometer_km = counter("odometer_km", 0xA6);

  if (e.odometer_km) {
    for (auto [key, value] : {std::pair{"distance_since_clear_km", e.distance_since_clear_km},
                              std::pair{"distance_with_mil_km", e.distance_with_mil_km}}) {
      if (value && *value > *e.odometer_km)
        ctx.fail(scenario_errc::inconsistent, member(path, key),
                 format_number(*value) + " km is more than the odometer (" +
                     format_number(*e.odometer_km) + " km)");
    }
  }
  return e;
}

adapter_personality parse_adapter(const context& ctx, const json::value& v,
                                  const std::string& path) {
  const auto& o = as_object(ctx, v, path);
  check_keys(ctx, o, path, {"version", "device_description", "quirks"});
  adapter_personality a;
  if (const auto* n = find(o, "version"))
    a.version = printable_string(ctx, *n, member(path, "version"), 1, 32);
  if (const auto* n = find(o, "device_description"))
    a.device_description = printable_string(ctx, *n, member(path, "device_description"), 1, 48);
  if (const auto* n = find(o, "quirks")) {
    const auto key = member(path, "quirks");
    const auto& list = as_array(ctx, *n, key);
    const std::pair<std::string_view, bool adapter_quirks::*> quirks[] = {
        {"no_ats0", &adapter_quirks::no_ats0},
        {"no_response_count", &adapter_quirks::no_response_count},
        {"atz_drops_link", &adapter_quirks::atz_drops_link},
        {"split_prompt", &adapter_quirks::split_prompt},
        {"trailing_space", &adapter_quirks::trailing_space},
        {"no_searching_line", &adapter_quirks::no_searching_line},
        {"lowercase_hex", &adapter_quirks::lowercase_hex},
    };
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto name = as_string(ctx, list[i], element(key, i));
      auto it = std::find_if(std::begin(quirks), std::end(quirks),
                             [&](const auto& q) { return q.first == name; });
      if (it == std::end(quirks))
        ctx.fail(scenario_errc::invalid_value, element(key, i), "unknown quirk " + in_quotes(name));
      a.quirks.*(it->second) = true;
    }
  }
  return a;
}

timing parse_timing(const context& ctx, const json::value& v, const std::string& path) {
  const auto& o = as_object(ctx, v, path);
  check_keys(ctx, o, path,
             {"ecu_latency_ms", "jitter_ms", "inter_frame_gap_ms", "baud", "elm_st_timeout_ms",
              "adaptive_timing"});
  timing t;
  auto u32 = [&](std::string_view key, std::int64_t min, std::int64_t max, std::uint32_t& out) {
    if (const auto* n = find(o, key))
      out = static_cast<std::uint32_t>(as_integer(ctx, *n, member(path, key), min, max, "ms"));
  };
  u32("ecu_latency_ms", 0, 10000, t.ecu_latency_ms);
  u32("jitter_ms", 0, 10000, t.jitter_ms);
  // ISO 15765-2 STmin: at most 0x7F = 127 ms between consecutive frames.
  u32("inter_frame_gap_ms", 0, 127, t.inter_frame_gap_ms);
  if (t.jitter_ms > t.ecu_latency_ms)
    ctx.fail(scenario_errc::inconsistent, member(path, "jitter_ms"),
             std::to_string(t.jitter_ms) + " ms jitter exceeds the " +
                 std::to_string(t.ecu_latency_ms) +
                 " ms ECU latency (a reply cannot come before the request)");
  if (const auto* n = find(o, "baud")) {
    const auto key = member(path, "baud");
    const auto b = as_integer(ctx, *n, key, 1, 4000000);
    constexpr std::uint32_t rates[] = {9600,   19200,  38400,  57600,   115200, 230400,
                                       460800, 500000, 921600, 1000000, 2000000};
    if (std::find(std::begin(rates), std::end(rates), b) == std::end(rates))
      ctx.fail(scenario_errc::invalid_value, key,
               std::to_string(b) + " is not a standard serial rate");
    t.baud = static_cast<std::uint32_t>(b);
  }
  if (const auto* n = find(o, "elm_st_timeout_ms")) {
    // ATST hh sets the timeout in units of 4.096 ms, hh = 01..FF (ELM327 datasheet, ATST).
    const auto key = member(path, "elm_st_timeout_ms");
    const auto ms = as_integer(ctx, *n, key, 4, 1020, "ms");
    if (ms % 4 != 0)
      ctx.fail(scenario_errc::invalid_value, key,
               std::to_string(ms) + " ms is not a multiple of 4 ms (ATST units)");
    t.elm_st_timeout_ms = static_cast<std::uint32_t>(ms);
  }
  if (const auto* n = find(o, "adaptive_timing"))
    t.adaptive_timing =
        static_cast<std::uint8_t>(as_integer(ctx, *n, member(path, "adaptive_timing"), 0, 2));
  return t;
}

fault parse_fault(const context& ctx, const json::value& v, const std::string& path,
                  const scenario& s) {
  const auto& o = as_object(ctx, v, path);
  fault f;
  const auto kind_name_text = as_string(ctx, require(ctx, o, path, "kind"), member(path, "kind"));
  auto kind = fault_kind_from_string(kind_name_text);
  if (!kind)
    ctx.fail(scenario_errc::invalid_value, member(path, "kind"),
             "unknown fault kind " + in_quotes(kind_name_text));
  f.kind = *kind;

  const auto n_key = member(path, "n");
  auto required_n = [&](std::int64_t min) {
    f.n = static_cast<std::uint32_t>(
        as_integer(ctx, require(ctx, o, path, "n"), n_key, min, 1000000));
  };
  auto optional_n = [&] {
    f.n = 1;
    if (const auto* n = find(o, "n"))
      f.n = static_cast<std::uint32_t>(as_integer(ctx, *n, n_key, 1, 1000));
  };
  switch (f.kind) {
    case fault_kind::drop_nth_reply:
    case fault_kind::disconnect_after_requests:
    case fault_kind::lv_reset:
      check_keys(ctx, o, path, {"kind", "n"});
      required_n(1);
      break;
    case fault_kind::garbage_bytes:
      check_keys(ctx, o, path, {"kind", "n", "bytes"});
      required_n(1);
      f.bytes = hex_bytes(ctx, require(ctx, o, path, "bytes"), member(path, "bytes"), 1, 64);
      break;
    case fault_kind::ecu_stops_answering_after: {
      check_keys(ctx, o, path, {"kind", "n", "ecu"});
      required_n(0);
      const auto key = member(path, "ecu");
      auto address = parse_address(ctx, require(ctx, o, path, "ecu"), key, s.protocol);
      if (s.find_ecu(address) == nullptr)
        ctx.fail(scenario_errc::inconsistent, key,
                 in_quotes(protocols::to_string(address)) + " is not one of the scenario's ECUs");
      f.ecu = address;
      break;
    }
    case fault_kind::can_error_on_first_try:
      check_keys(ctx, o, path, {"kind", "n"});
      optional_n();
      if (!protocols::is_can(s.protocol))
        ctx.fail(scenario_errc::inconsistent, member(path, "kind"),
                 "CAN ERROR needs a CAN protocol (6..9)");
      break;
    case fault_kind::bus_init_error:
      check_keys(ctx, o, path, {"kind", "n"});
      optional_n();
      // Only ISO 9141-2 and ISO 14230-4 initialise the bus (5-baud or fast init); the ELM327
      // prints BUS INIT for those alone.
      if (s.protocol != protocols::obd_protocol::iso9141_2 &&
          s.protocol != protocols::obd_protocol::kwp2000_5baud &&
          s.protocol != protocols::obd_protocol::kwp2000_fast)
        ctx.fail(scenario_errc::inconsistent, member(path, "kind"),
                 "bus init errors need ISO 9141-2 or ISO 14230-4 (protocols 3..5)");
      break;
    case fault_kind::buffer_full_on_long_replies:
      check_keys(ctx, o, path, {"kind", "n"});
      required_n(1);
      break;
  }
  return f;
}

protocols::obd_protocol parse_protocol(const context& ctx, const json::value& v) {
  const std::string key = "protocol";
  if (v.is_number() && v.to_number<double>() == 0)
    ctx.fail(scenario_errc::invalid_value, key,
             "protocol 0 (automatic) is an adapter setting; a vehicle speaks one of 1..9");
  const auto n = as_integer(ctx, v, key, 1, 9);
  return static_cast<protocols::obd_protocol>(n);
}

scenario parse_document(const context& ctx, const json::value& root, std::string_view stem) {
  const auto& o = as_object(ctx, root, "");
  check_keys(ctx, o, "",
             {"name", "description", "vehicle", "protocol", "battery_voltage", "adapter", "timing",
              "faults", "ecus"});
  scenario s;
  s.name = std::string(stem);
  // A copied file keeps its "name" until edited; the catalogue test holds name == file stem.
  if (const auto* n = find(o, "name")) s.name = printable_string(ctx, *n, "name", 1, 64);
  if (const auto* n = find(o, "description")) s.description = as_string(ctx, *n, "description");
  if (const auto* n = find(o, "vehicle")) {
    const auto& vo = as_object(ctx, *n, "vehicle");
    check_keys(ctx, vo, "vehicle", {"make", "model", "model_year", "vin_check_digit"});
    if (const auto* m = find(vo, "make")) s.vehicle.make = as_string(ctx, *m, "vehicle.make");
    if (const auto* m = find(vo, "model")) s.vehicle.model = as_string(ctx, *m, "vehicle.model");
    // OBD-II became mandatory with model year 1996 (US); nothing older speaks these protocols.
    if (const auto* m = find(vo, "model_year"))
      s.vehicle.model_year =
          static_cast<int>(as_integer(ctx, *m, "vehicle.model_year", 1996, 2040));
    if (const auto* m = find(vo, "vin_check_digit"))
      s.vehicle.vin_check_digit = as_bool(ctx, *m, "vehicle.vin_check_digit");
  }
  s.protocol = parse_protocol(ctx, require(ctx, o, "", "protocol"));
  if (const auto* n = find(o, "battery_voltage"))
    s.battery_voltage = as_number(ctx, *n, "battery_voltage", 0, 30, "V");  // ATRV reads 0..~28 V
  if (const auto* n = find(o, "adapter")) s.adapter = parse_adapter(ctx, *n, "adapter");
  if (const auto* n = find(o, "timing")) s.timing = parse_timing(ctx, *n, "timing");

  const auto& ecus = as_array(ctx, require(ctx, o, "", "ecus"), "ecus");
  if (ecus.empty())
    ctx.fail(scenario_errc::invalid_value, "ecus", "a vehicle needs at least one ECU");
  // ISO 15765-4 allows 8 emissions ECUs (7E8..7EF); legacy buses allow no more in practice.
  if (ecus.size() > 8)
    ctx.fail(scenario_errc::invalid_value, "ecus", "at most 8 ECUs answer OBD requests");
  for (std::size_t i = 0; i < ecus.size(); ++i) {
    const auto key = element("ecus", i);
    auto e = parse_ecu(ctx, ecus[i], key, s.protocol, s.vehicle.vin_check_digit);
    if (s.find_ecu(e.address) != nullptr)
      ctx.fail(scenario_errc::inconsistent, member(key, "address"),
               in_quotes(protocols::to_string(e.address)) + " is used by two ECUs");
    for (const auto& other : s.ecus)
      if (!e.vin.empty() && !other.vin.empty() && e.vin != other.vin)
        ctx.fail(
            scenario_errc::inconsistent, member(key, "vin"),
            in_quotes(e.vin) + " differs from the VIN of " + other.name + " (" + other.vin + ")");
    s.ecus.push_back(std::move(e));
  }
  if (const auto* n = find(o, "faults")) {
    const auto& faults = as_array(ctx, *n, "faults");
    for (std::size_t i = 0; i < faults.size(); ++i)
      s.faults.push_back(parse_fault(ctx, faults[i], element("faults", i), s));
  }
  return s;
}

// 1-based line and column of a byte offset.
std::pair<std::size_t, std::size_t> position_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n')
      ++line, column = 1;
    else
      ++column;
  }
  return {line, column};
}

}  // namespace

const boost::system::error_category& scenario_category() noexcept {
  static const scenario_category_impl category;
  return category;
}

error_code make_error_code(scenario_errc e) noexcept {
  return {static_cast<int>(e), scenario_category()};
}

std::string scenario_error::message() const {
  std::string out = file;
  if (line) {
    out += ":" + std::to_string(*line);
    if (column) out += ":" + std::to_string(*column);
  }
  if (!key.empty()) out += ": " + key;
  out += ": " + problem;
  return out;
}

void throw_exception_from_error(const scenario_error& e, const boost::source_location& loc) {
  boost::throw_exception(boost::system::system_error(e.code, e.message()), loc);
}

scenario_result parse_scenario(std::string_view json_text, std::string_view file,
                               std::string_view stem) {
  const context ctx{std::string(file)};
  json::stream_parser parser;
  boost::system::error_code ec;
  // write() consumes everything or stops at the first error; its count locates the error.
  const std::size_t consumed = parser.write(json_text.data(), json_text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    auto [line, column] =
        position_of(json_text, ec == json::error::incomplete ? json_text.size() : consumed);
    return scenario_error{make_error_code(scenario_errc::syntax),
                          std::string(file),
                          "",
                          "invalid JSON: " + ec.message(),
                          line,
                          column};
  }
  try {
    return parse_document(ctx, parser.release(), stem);
  } catch (const load_failure& f) {
    return f.error;
  }
}

scenario_result load_scenario(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return scenario_error{make_error_code(scenario_errc::cannot_read),
                          path.string(),
                          "",
                          "cannot open the file",
                          std::nullopt,
                          std::nullopt};
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad())
    return scenario_error{make_error_code(scenario_errc::cannot_read),
                          path.string(),
                          "",
                          "read error",
                          std::nullopt,
                          std::nullopt};
  return parse_scenario(text, path.string(), path.stem().string());
}

std::filesystem::path scenario_directory() {
  if (const char* env = std::getenv("BAYSCAN_SCENARIO_DIR"); env != nullptr && *env != '\0')
    return env;
  return BAYSCAN_SCENARIO_DIR;
}

std::filesystem::path find_scenario(std::string_view name_or_path) {
  const bool is_path =
      name_or_path.find('/') != std::string_view::npos ||
      (name_or_path.size() > 5 && name_or_path.substr(name_or_path.size() - 5) == ".json");
  if (is_path) return std::filesystem::path(name_or_path);
  return scenario_directory() / (std::string(name_or_path) + ".json");
}

std::vector<std::string> list_scenarios(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".json")
      names.push_back(it->path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace bayscan::sim
