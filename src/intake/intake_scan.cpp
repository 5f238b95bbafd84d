#include <bayscan/core/intake_scan.hpp>

#include <bayscan/common/language.hpp>
#include <bayscan/protocols/dtc_description.hpp>
#include <bayscan/protocols/freeze_frame.hpp>
#include <bayscan/protocols/j1979_pid.hpp>
#include <bayscan/protocols/j1979_request.hpp>
#include <bayscan/protocols/j1979_response.hpp>
#include <bayscan/protocols/j1979_vehicle_info.hpp>
#include <bayscan/protocols/readiness.hpp>
#include <bayscan/protocols/supported_pids.hpp>
#include <bayscan/protocols/vin.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>

namespace bayscan::core {

namespace p = bayscan::protocols;
using hardware::diagnostic_request;
using hardware::link_error;
using hardware::request_target;

namespace {

// What the report asks of every ECU (SAE J1979 PIDs): monitor status, OBD standard, distance and
// time with MIL / since clear, warm-ups, fuel level, module voltage, fuel type, odometer.
constexpr std::uint8_t state_pids[] = {0x01, 0x1C, 0x21, 0x2F, 0x30, 0x31,
                                       0x42, 0x4D, 0x4E, 0x51, 0xA6};
// The live snapshot an advisor glances at: rpm, speed, coolant, load, throttle, intake air and
// ambient temperature. Seven, so that with the eleven state PIDs they fill three six-PID
// requests on CAN (fuel trims are in the freeze frame, where they explain a stored code).
constexpr std::uint8_t live_pids[] = {0x0C, 0x0D, 0x05, 0x04, 0x11, 0x0F, 0x46};
// Freeze-frame values worth a technician's look, after PID 02 (the code that stored the frame):
// eight PIDs in three requests of three PID/frame pairs, the most one CAN single frame holds.
constexpr std::uint8_t freeze_pids[] = {0x0C, 0x05, 0x04, 0x0D, 0x06, 0x07, 0x0B, 0x11};

struct ecu_state {
  p::ecu_address address;
  p::supported_pids pids;        // service 01
  p::supported_pids ff_pids;     // service 02, frame 0
  p::supported_pids infotypes;   // service 09
  bool has_infotypes = false;
  bool has_ff = false;
  std::optional<p::readiness> readiness;
  std::map<std::uint8_t, p::decoded_pid> values;  // service 01 answers
};

std::string iso8601_utc(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// ISO 15765-4 / SAE J1979 do not name ECUs by address; these are the conventional roles of the
// OBD response addresses (7E8 engine, 7E9 transmission), used only until 09 0A names them.
std::string role_guess(const p::ecu_address& a) {
  std::uint32_t low = a.extended ? (a.id & 0xFF) : a.id;
  if (low == 0x7E8 || low == 0x10) return "ECM";
  if (low == 0x7E9 || low == 0x18) return "TCM";
  return "ECU " + p::to_string(a);
}

class scanner {
 public:
  scanner(hardware::diagnostic_link& link, const scan_options& options)
      : link_(link), options_(options) {}

  scan_outcome run();

 private:
  void progress(std::string_view step, int percent) {
    if (options_.progress) options_.progress(step, percent);
  }
  void warn(std::string text) { outcome_.report.warnings.push_back(std::move(text)); }

  // One request; records fatal link errors (adapter lost, timeout) and returns nullopt for
  // every failure so each step degrades to a partial report.
  std::optional<std::vector<p::ecu_message>> ask(byte_vector data, std::optional<int> expected,
                                                 std::string_view what);
  ecu_state& ecu(const p::ecu_address& a) {
    for (auto& e : ecus_)
      if (e.address == a) return e;
    ecus_.push_back({});
    ecus_.back().address = a;
    return ecus_.back();
  }
  int count_supporting(auto&& pred) const {
    int n = 0;
    for (const auto& e : ecus_) n += pred(e) ? 1 : 0;
    return n;
  }
  bool stopped() const { return outcome_.failure.has_value(); }

  void read_supported_pids();
  void read_vehicle_information();
  void read_current_data(std::span<const std::uint8_t> wanted);
  void read_dtcs(p::dtc_status status);
  void read_freeze_frame();
  void compose();

  hardware::diagnostic_link& link_;
  const scan_options& options_;
  scan_outcome outcome_;
  p::obd_protocol protocol_ = p::obd_protocol::automatic;
  std::vector<ecu_state> ecus_;
  std::set<byte_vector> asked_;
  bool silent_ecu_ = false;  // an ECU stopped answering: partial report, exit 1
};

std::optional<std::vector<p::ecu_message>> scanner::ask(byte_vector data, std::optional<int> expected,
                                                        std::string_view what) {
  if (stopped()) return std::nullopt;
  // Never the same request twice in one intake.
  if (!asked_.insert(data).second) return std::nullopt;
  diagnostic_request req{std::move(data), request_target::functional(), expected};
  auto r = link_.request(req);
  if (!r) {
    const auto ec = r.error();
    if (ec == link_error::no_data) return std::vector<p::ecu_message>{};
    if (ec == link_error::adapter_lost || ec == link_error::timeout ||
        ec == link_error::not_connected) {
      outcome_.failure = ec;
      warn(std::string(what) + ": " + ec.message() + " — the scan stopped here; the report is partial");
    } else {
      warn(std::string(what) + ": " + ec.message());
    }
    return std::nullopt;
  }
  for (auto& w : r->warnings) warn(std::string(what) + ": " + w);
  return std::move(r->messages);
}

void scanner::read_supported_pids() {
  // Every range in one multi-PID request where the protocol allows (CAN: up to six PIDs; the
  // ECU answers the ranges it supports). Legacy protocols: one range at a time, following each
  // bitmap's "next range supported" bit.
  constexpr std::uint8_t bases[] = {0x00, 0x20, 0x40, 0x60, 0x80, 0xA0, 0xC0};
  if (p::is_can(protocol_)) {
    for (std::span<const std::uint8_t> batch : {std::span<const std::uint8_t>(bases, 6),
                                                std::span<const std::uint8_t>(bases + 6, 1)}) {
      if (batch[0] == 0xC0 && count_supporting([](const ecu_state& e) { return e.pids.supports(0xC0); }) == 0)
        break;
      auto req = p::request_current_data(protocol_, batch);
      if (!req) break;
      auto expected = batch[0] == 0xC0 ? count_supporting([](const ecu_state& e) { return e.pids.supports(0xC0); })
                                       : std::optional<int>{};
      auto msgs = ask(*req, expected ? std::optional<int>(*expected) : std::nullopt, "supported PIDs");
      if (!msgs) continue;
      for (const auto& [addr, res] : p::parse_current_data(protocol_, batch, *msgs)) {
        if (!res) {
          warn("supported PIDs from " + p::to_string(addr) + ": " + res.error().message());
          continue;
        }
        auto& e = ecu(addr);
        for (const auto& d : *res) e.pids.add_reply(d.pid, d.raw);
      }
    }
    return;
  }
  for (std::uint8_t base : bases) {
    if (base != 0x00 && count_supporting([&](const ecu_state& e) { return e.pids.supports(base); }) == 0) break;
    const std::uint8_t one[] = {base};
    auto req = p::request_current_data(protocol_, one);
    if (!req) break;
    auto msgs = ask(*req, std::nullopt, "supported PIDs");
    if (!msgs) break;
    for (const auto& [addr, res] : p::parse_supported_range(protocol_, p::j1979_service::current_data, base, *msgs)) {
      if (res) ecu(addr).pids.set_range(base, *res);
    }
  }
}

void scanner::read_current_data(std::span<const std::uint8_t> wanted) {
  // The PIDs some ECU supports, batched (six per request on CAN, one on legacy protocols); each
  // batch expects as many replies as ECUs that support one of its PIDs, so the adapter can
  // return as soon as they are in.
  std::vector<std::uint8_t> ids;
  for (auto pid : wanted)
    if (count_supporting([&](const ecu_state& e) { return e.pids.supports(pid); }) > 0) ids.push_back(pid);
  const std::size_t per = p::is_can(protocol_) ? p::max_pids_per_request_can : 1;
  for (std::size_t i = 0; i < ids.size() && !stopped(); i += per) {
    std::span<const std::uint8_t> batch(ids.data() + i, std::min(per, ids.size() - i));
    auto req = p::request_current_data(protocol_, batch);
    if (!req) continue;
    int expected = count_supporting([&](const ecu_state& e) {
      return std::any_of(batch.begin(), batch.end(), [&](auto pid) { return e.pids.supports(pid); });
    });
    auto msgs = ask(*req, expected, "current data");
    if (!msgs) continue;
    for (const auto& [addr, res] : p::parse_current_data(protocol_, batch, *msgs)) {
      if (!res) {
        warn("PIDs from " + p::to_string(addr) + ": " + res.error().message());
        continue;
      }
      auto& e = ecu(addr);
      for (const auto& d : *res) {
        if (d.pid == 0x01) {
          if (auto rd = p::decode_readiness(d.raw)) e.readiness = *rd;
        }
        e.values[d.pid] = d;
      }
    }
  }
}

void scanner::read_vehicle_information() {
  // Service 09 bitmap first; then VIN, CALID, CVN and ECU name from the ECUs that support them.
  auto req = p::request_vehicle_information(protocol_, p::infotype::supported_01_20);
  if (!req) return;
  auto msgs = ask(*req, static_cast<int>(ecus_.size()), "vehicle information");
  if (msgs) {
    for (const auto& [addr, res] : p::parse_supported_range(protocol_, p::j1979_service::vehicle_information, 0x00, *msgs)) {
      if (!res) continue;
      auto& e = ecu(addr);
      e.infotypes.set_range(0x00, *res);
      e.has_infotypes = true;
    }
  }
  auto supporting = [&](std::uint8_t it) {
    return count_supporting([&](const ecu_state& e) { return e.has_infotypes && e.infotypes.supports(it); });
  };
  auto& r = outcome_.report;
  auto read = [&](std::uint8_t it, std::string_view what) -> std::optional<std::vector<p::ecu_message>> {
    int n = supporting(it);
    if (n == 0) return std::nullopt;
    auto rq = p::request_vehicle_information(protocol_, it);
    if (!rq) return std::nullopt;
    return ask(*rq, n, what);
  };
  if (auto m = read(p::infotype::vin, "VIN")) {
    for (const auto& [addr, res] : p::parse_vin(protocol_, *m)) {
      if (!res) {
        warn("VIN from " + p::to_string(addr) + ": " + res.error().message());
        continue;
      }
      if (!r.vin) r.vin = *res;
    }
  }
  std::map<p::ecu_address, ecu_info> infos;
  if (auto m = read(p::infotype::calid, "calibration IDs")) {
    for (const auto& [addr, res] : p::parse_calibration_ids(protocol_, *m))
      if (res) infos[addr].calibration_ids = *res;
  }
  if (auto m = read(p::infotype::cvn, "CVNs")) {
    for (const auto& [addr, res] : p::parse_cvns(protocol_, *m))
      if (res) infos[addr].cvns = *res;
  }
  if (auto m = read(p::infotype::ecu_name, "ECU names")) {
    for (const auto& [addr, res] : p::parse_ecu_name(protocol_, *m))
      if (res) infos[addr].name = res->acronym + "-" + res->name;
  }
  for (auto& [addr, info] : infos) {
    info.address = p::to_string(addr);
    ecu(addr);
    r.ecus.push_back(std::move(info));
  }
}

void scanner::read_dtcs(p::dtc_status status) {
  // Every emissions ECU answers 03 and 07 (with a zero count on CAN), so the expected count is
  // the number of ECUs. 0A is answered only by ECUs built for permanent codes (2010+); expecting
  // all of them costs nothing when one is silent (the adapter then waits as it would anyway).
  byte_vector req = status == p::dtc_status::stored    ? p::request_stored_dtcs()
                    : status == p::dtc_status::pending ? p::request_pending_dtcs()
                                                       : p::request_permanent_dtcs();
  const std::optional<int> expected = static_cast<int>(ecus_.size());
  const bool must_answer = status != p::dtc_status::permanent;
  auto msgs = ask(req, expected, std::string(p::to_string(status)) + " codes");
  if (!msgs) return;
  auto replies = p::parse_dtcs(protocol_, status, *msgs);
  if (must_answer) {
    // An ECU that answered the supported-PID request but not this one has gone silent (loose
    // connector, module fault): its codes are missing, so the report is partial.
    for (const auto& e : ecus_) {
      if (replies.count(e.address)) continue;
      warn(p::to_string(e.address) + " did not answer the " + std::string(p::to_string(status)) +
           " code request although it answered before: its codes are missing (intermittent link or module fault)");
      outcome_.report.complete = false;
      if (!outcome_.failure) silent_ecu_ = true;
    }
  }
  for (const auto& [addr, res] : replies) {
    if (!res) {
      warn(std::string(p::to_string(status)) + " codes from " + p::to_string(addr) + ": " + res.error().message());
      continue;
    }
    for (auto code : *res) {
      outcome_.report.dtcs.push_back({code.to_string(), std::string(p::to_string(status)),
                                      p::to_string(addr),
                                      p::description_or_category(code, language::en),
                                      p::description_or_category(code, language::zh_tw)});
    }
  }
}

void scanner::read_freeze_frame() {
  // Only when a stored code exists, and only from the ECUs that stored one. No 02 00 00 bitmap
  // request: an ECU leaves out of a multi-PID reply the PIDs its frame lacks, so asking for the
  // values directly costs nothing and saves a round trip.
  std::set<std::string> storing;
  for (const auto& d : outcome_.report.dtcs)
    if (d.status == "stored") storing.insert(d.ecu);
  if (storing.empty()) return;
  std::vector<p::freeze_frame_pid> pairs;
  pairs.push_back({0x02, 0x00});
  for (auto pid : freeze_pids) pairs.push_back({pid, 0x00});
  const std::size_t per = p::is_can(protocol_) ? 3 : 1;
  for (std::size_t i = 0; i < pairs.size() && !stopped(); i += per) {
    std::span<const p::freeze_frame_pid> batch(pairs.data() + i, std::min(per, pairs.size() - i));
    auto rq = p::request_freeze_frame(protocol_, batch);
    if (!rq) continue;
    auto m = ask(*rq, static_cast<int>(storing.size()), "freeze frame");
    if (!m) continue;
    for (const auto& [addr, res] : p::parse_freeze_frame_data(protocol_, batch, *m)) {
      if (!res) {
        warn("freeze frame from " + p::to_string(addr) + ": " + res.error().message());
        continue;
      }
      for (const auto& ff : p::group_freeze_frames(*res)) {
        auto& out = outcome_.report.freeze_frame;
        if (!out) out = freeze_frame_info{"", p::to_string(addr), {}};
        if (out->ecu != p::to_string(addr)) continue;
        if (ff.dtc) out->dtc = ff.dtc->to_string();
        for (const auto& d : ff.values)
          for (const auto& v : d.values) out->values[std::string(v.key)] = v.value;
      }
    }
  }
  if (outcome_.report.freeze_frame && outcome_.report.freeze_frame->dtc.empty() &&
      outcome_.report.freeze_frame->values.empty())
    outcome_.report.freeze_frame.reset();
}

void scanner::compose() {
  auto& r = outcome_.report;
  // VIN: syntax decides validity; a wrong check digit is only a warning (ISO 3779 makes it
  // optional outside North America).
  if (r.vin) {
    if (auto v = p::parse_vin(*r.vin)) {
      r.vin = v->vin;
      r.vin_valid = true;
      if (!v->check_digit_valid)
        warn("VIN check digit (position 9) is '" + std::string(1, v->vin[8]) + "', expected '" +
             std::string(1, v->expected_check_digit) +
             "': normal for many non-North-American VINs; compare with the registration document");
    } else {
      warn("VIN reported by the car is not valid: " + v.error().message());
    }
  } else {
    warn("the car did not report a VIN over OBD (common before 2005): read it from the windscreen or registration");
  }
  // ECU list in address order, names from 09 0A or the conventional role.
  std::sort(ecus_.begin(), ecus_.end(), [](const auto& a, const auto& b) { return a.address < b.address; });
  std::vector<ecu_info> ordered;
  for (const auto& e : ecus_) {
    ecu_info info;
    for (auto& x : r.ecus)
      if (x.address == p::to_string(e.address)) info = x;
    info.address = p::to_string(e.address);
    if (info.name.empty()) info.name = role_guess(e.address);
    if (e.readiness) {
      info.mil_on = e.readiness->mil_on;
      info.dtc_count_reported = e.readiness->dtc_count;
    }
    ordered.push_back(std::move(info));
  }
  r.ecus = std::move(ordered);

  // MIL and readiness over all ECUs: the lamp is on if any ECU commands it; a monitor is
  // supported if any ECU runs it and complete only when every ECU that runs it has completed.
  std::map<std::string, readiness_entry> monitors;
  std::vector<std::string> order;
  for (const auto& e : ecus_) {
    if (!e.readiness) continue;
    r.mil_on = r.mil_on || e.readiness->mil_on;
    r.dtc_count_reported += e.readiness->dtc_count;
    if (r.ignition.empty() || e.readiness->compression_ignition)
      r.ignition = e.readiness->compression_ignition ? "compression" : "spark";
    for (const auto& m : e.readiness->monitors) {
      auto [it, inserted] = monitors.try_emplace(std::string(m.name), readiness_entry{std::string(m.name), false, true});
      if (inserted) order.emplace_back(m.name);
      if (m.supported) {
        it->second.supported = true;
        it->second.complete = it->second.complete && m.complete;
      }
    }
  }
  for (const auto& name : order) {
    auto m = monitors[name];
    if (!m.supported) m.complete = false;
    r.readiness.push_back(m);
  }

  // Single values: the first ECU (in address order, the engine first) that reports them.
  auto first_value = [&](std::uint8_t pid, std::string_view key) -> std::optional<double> {
    for (const auto& e : ecus_) {
      auto it = e.values.find(pid);
      if (it == e.values.end()) continue;
      if (const auto* v = it->second.find(key)) return v->value;
      if (!it->second.values.empty()) return it->second.values.front().value;
    }
    return std::nullopt;
  };
  auto first_text = [&](std::uint8_t pid) -> std::string {
    for (const auto& e : ecus_) {
      auto it = e.values.find(pid);
      if (it != e.values.end() && !it->second.values.empty() && !it->second.values.front().text.empty())
        return std::string(it->second.values.front().text);
    }
    return {};
  };
  auto value_of = [&](std::uint8_t pid) { return first_value(pid, ""); };
  if (auto km = value_of(0xA6)) {
    r.odometer_km = *km;
    r.odometer_source = "pid_a6";
  } else {
    warn("odometer: the car does not report it over OBD (PID A6, mostly 2019+); read the cluster and enter it");
  }
  r.distance_since_clear_km = value_of(0x31);
  r.distance_with_mil_km = value_of(0x21);
  r.time_since_clear_min = value_of(0x4E);
  r.time_with_mil_min = value_of(0x4D);
  if (auto w = value_of(0x30)) r.warmups_since_clear = static_cast<int>(*w);
  r.fuel_level_pct = value_of(0x2F);
  r.control_module_voltage = value_of(0x42);
  r.obd_standard = first_text(0x1C);
  r.fuel_type = first_text(0x51);
  for (auto pid : live_pids) {
    for (const auto& e : ecus_) {
      auto it = e.values.find(pid);
      if (it == e.values.end()) continue;
      for (const auto& v : it->second.values) r.live.try_emplace(std::string(v.key), v.value);
      break;
    }
  }
  if (r.mil_on && std::none_of(r.dtcs.begin(), r.dtcs.end(), [](const auto& d) { return d.status == "stored"; }))
    warn("MIL is on but no stored code was read: check the cluster and re-scan");
  const int stored = static_cast<int>(std::count_if(r.dtcs.begin(), r.dtcs.end(), [](const auto& d) { return d.status == "stored"; }));
  if (stored != r.dtc_count_reported && !ecus_.empty())
    warn("the ECUs report " + std::to_string(r.dtc_count_reported) + " confirmed code(s) in 01 01 but 03 returned " +
         std::to_string(stored));
}

scan_outcome scanner::run() {
  const auto wall_start = std::chrono::system_clock::now();
  const auto start = std::chrono::steady_clock::now();
  auto& r = outcome_.report;
  r.started_at = iso8601_utc(wall_start);
  auto finish = [&]() -> scan_outcome {
    if (silent_ecu_ && !outcome_.failure) outcome_.failure = make_error_code(link_error::no_data);
    r.complete = !outcome_.failure;
    r.request_count = link_.request_count();
    r.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    progress("done", 100);
    return std::move(outcome_);
  };
  progress("connecting", 0);
  auto adapter = link_.adapter();
  r.adapter.kind = adapter.kind;
  r.adapter.version = adapter.version;
  // The adapter's own steps fill the first tenth of the bar.
  hardware::progress_callback connect_progress;
  if (options_.progress)
    connect_progress = [this](std::string_view step, int percent) { options_.progress(step, percent / 10); };
  if (auto c = link_.connect(connect_progress); !c) {
    outcome_.failure = c.error();
    warn("adapter: " + c.error().message());
    return finish();
  }
  adapter = link_.adapter();
  r.adapter.kind = adapter.kind;
  r.adapter.version = adapter.version;
  protocol_ = link_.protocol();
  r.protocol = {std::string(1, p::protocol_digit(protocol_)), std::string(p::protocol_name(protocol_))};
  r.adapter.battery_voltage = link_.battery_voltage();

  progress("supported PIDs", 10);
  read_supported_pids();
  if (ecus_.empty() && !stopped()) {
    outcome_.failure = make_error_code(link_error::no_data);
    warn("no ECU answered the supported-PID request: is the ignition on?");
    return finish();
  }
  progress("monitor status and live data", 25);
  {
    std::vector<std::uint8_t> wanted(std::begin(state_pids), std::end(state_pids));
    if (options_.live_snapshot) wanted.insert(wanted.end(), std::begin(live_pids), std::end(live_pids));
    read_current_data(wanted);
  }
  progress("trouble codes", 40);
  read_dtcs(p::dtc_status::stored);
  read_dtcs(p::dtc_status::pending);
  read_dtcs(p::dtc_status::permanent);
  progress("vehicle information", 60);
  read_vehicle_information();
  progress("freeze frame", 75);
  read_freeze_frame();
  compose();
  return finish();
}

}  // namespace

scan_outcome run_intake_scan(hardware::diagnostic_link& link, const scan_options& options) {
  return scanner(link, options).run();
}

}  // namespace bayscan::core
