#include <bayscan/core/intake_report.hpp>

#include <boost/json.hpp>

namespace bayscan::core {

namespace json = boost::json;

namespace {

json::value opt(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<int>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value str_or_null(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); }

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

json::object values(const std::map<std::string, double>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

// Reading back: a small cursor that records the first problem with its key path.
class reader {
 public:
  explicit reader(std::string& error) : error_(error) {}
  bool failed() const { return !error_.empty(); }

  const json::object* object(const json::value& v, const std::string& path) {
    if (auto* o = v.if_object()) return o;
    fail(path, "expected an object");
    return nullptr;
  }
  const json::array* array(const json::object& o, std::string_view key, const std::string& path) {
    auto* v = o.if_contains(key);
    if (!v || v->is_null()) return &empty_;
    if (auto* a = v->if_array()) return a;
    fail(path + std::string(key), "expected an array");
    return &empty_;
  }
  std::string string(const json::object& o, std::string_view key, const std::string& path) {
    auto* v = o.if_contains(key);
    if (!v || v->is_null()) return {};
    if (auto* s = v->if_string()) return std::string(*s);
    fail(path + std::string(key), "expected a string");
    return {};
  }
  std::optional<std::string> opt_string(const json::object& o, std::string_view key, const std::string& path) {
    auto* v = o.if_contains(key);
    if (!v || v->is_null()) return std::nullopt;
    return string(o, key, path);
  }
  bool boolean(const json::object& o, std::string_view key, const std::string& path) {
    auto* v = o.if_contains(key);
    if (!v || v->is_null()) return false;
    if (auto* b = v->if_bool()) return *b;
    fail(path + std::string(key), "expected true or false");
    return false;
  }
  std::optional<double> number(const json::object& o, std::string_view key, const std::string& path) {
    auto* v = o.if_contains(key);
    if (!v || v->is_null()) return std::nullopt;
    if (v->is_number()) return v->to_number<double>();
    fail(path + std::string(key), "expected a number");
    return std::nullopt;
  }
  std::optional<std::int64_t> integer(const json::object& o, std::string_view key, const std::string& path) {
    auto* v = o.if_contains(key);
    if (!v || v->is_null()) return std::nullopt;
    boost::system::error_code ec;
    auto n = v->to_number<std::int64_t>(ec);
    if (ec) {
      fail(path + std::string(key), "expected an integer");
      return std::nullopt;
    }
    return n;
  }
  std::vector<std::string> strings(const json::object& o, std::string_view key, const std::string& path) {
    std::vector<std::string> out;
    const auto* a = array(o, key, path);
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (auto* s = (*a)[i].if_string()) out.emplace_back(*s);
      else fail(path + std::string(key) + "[" + std::to_string(i) + "]", "expected a string");
    }
    return out;
  }
  std::map<std::string, double> values(const json::object& o, std::string_view key, const std::string& path) {
    std::map<std::string, double> out;
    auto* v = o.if_contains(key);
    if (!v || v->is_null()) return out;
    auto* obj = object(*v, path + std::string(key));
    if (!obj) return out;
    for (const auto& kv : *obj) {
      if (kv.value().is_number()) out[std::string(kv.key())] = kv.value().to_number<double>();
      else fail(path + std::string(key) + "." + std::string(kv.key()), "expected a number");
    }
    return out;
  }
  void fail(const std::string& path, std::string_view problem) {
    if (error_.empty()) error_ = path + ": " + std::string(problem);
  }

 private:
  std::string& error_;
  json::array empty_;
};

}  // namespace

json::value to_json(const intake_report& r) {
  json::object o;
  o["vin"] = r.vin ? json::value(*r.vin) : json::value(nullptr);
  o["vin_valid"] = r.vin_valid;
  o["protocol"] = json::object{{"id", r.protocol.id}, {"name", r.protocol.name}};
  o["adapter"] = json::object{{"kind", r.adapter.kind},
                              {"version", r.adapter.version},
                              {"battery_voltage", opt(r.adapter.battery_voltage)}};
  json::array ecus;
  for (const auto& e : r.ecus) {
    ecus.emplace_back(json::object{{"address", e.address},
                                   {"name", e.name},
                                   {"calibration_ids", strings(e.calibration_ids)},
                                   {"cvns", strings(e.cvns)},
                                   {"mil_on", e.mil_on},
                                   {"dtc_count_reported", e.dtc_count_reported}});
  }
  o["ecus"] = std::move(ecus);
  o["mil_on"] = r.mil_on;
  o["dtc_count_reported"] = r.dtc_count_reported;
  json::array dtcs;
  for (const auto& d : r.dtcs) {
    dtcs.emplace_back(json::object{{"code", d.code},
                                   {"status", d.status},
                                   {"ecu", d.ecu},
                                   {"description", d.description},
                                   {"description_zh_tw", d.description_zh_tw}});
  }
  o["dtcs"] = std::move(dtcs);
  o["odometer_km"] = opt(r.odometer_km);
  o["odometer_source"] = str_or_null(r.odometer_source);
  o["distance_since_clear_km"] = opt(r.distance_since_clear_km);
  o["distance_with_mil_km"] = opt(r.distance_with_mil_km);
  o["time_since_clear_min"] = opt(r.time_since_clear_min);
  o["time_with_mil_min"] = opt(r.time_with_mil_min);
  o["warmups_since_clear"] = opt(r.warmups_since_clear);
  o["fuel_level_pct"] = opt(r.fuel_level_pct);
  o["control_module_voltage"] = opt(r.control_module_voltage);
  o["obd_standard"] = str_or_null(r.obd_standard);
  o["fuel_type"] = str_or_null(r.fuel_type);
  o["ignition"] = str_or_null(r.ignition);
  json::array readiness;
  for (const auto& m : r.readiness) {
    readiness.emplace_back(
        json::object{{"monitor", m.monitor}, {"supported", m.supported}, {"complete", m.complete}});
  }
  o["readiness"] = std::move(readiness);
  if (r.freeze_frame) {
    o["freeze_frame"] = json::object{{"dtc", r.freeze_frame->dtc},
                                     {"ecu", r.freeze_frame->ecu},
                                     {"values", values(r.freeze_frame->values)}};
  } else {
    o["freeze_frame"] = nullptr;
  }
  o["live"] = values(r.live);
  o["started_at"] = r.started_at;
  o["duration_ms"] = r.duration_ms;
  o["request_count"] = r.request_count;
  o["warnings"] = strings(r.warnings);
  json::array flags;
  for (const auto& f : r.flags) {
    flags.emplace_back(json::object{
        {"kind", f.kind}, {"message", f.message}, {"message_zh_tw", f.message_zh_tw}});
  }
  o["flags"] = std::move(flags);
  o["complete"] = r.complete;
  return o;
}

std::optional<intake_report> intake_report_from_json(const json::value& v, std::string& error) {
  error.clear();
  reader rd(error);
  intake_report r;
  const auto* o = rd.object(v, "report");
  if (!o) return std::nullopt;
  r.vin = rd.opt_string(*o, "vin", "");
  r.vin_valid = rd.boolean(*o, "vin_valid", "");
  if (auto* p = o->if_contains("protocol"); p && !p->is_null()) {
    if (auto* po = rd.object(*p, "protocol")) {
      r.protocol.id = rd.string(*po, "id", "protocol.");
      r.protocol.name = rd.string(*po, "name", "protocol.");
    }
  }
  if (auto* a = o->if_contains("adapter"); a && !a->is_null()) {
    if (auto* ao = rd.object(*a, "adapter")) {
      r.adapter.kind = rd.string(*ao, "kind", "adapter.");
      r.adapter.version = rd.string(*ao, "version", "adapter.");
      r.adapter.battery_voltage = rd.number(*ao, "battery_voltage", "adapter.");
    }
  }
  const auto* ecus = rd.array(*o, "ecus", "");
  for (std::size_t i = 0; i < ecus->size(); ++i) {
    std::string path = "ecus[" + std::to_string(i) + "].";
    auto* eo = rd.object((*ecus)[i], path);
    if (!eo) break;
    ecu_info e;
    e.address = rd.string(*eo, "address", path);
    e.name = rd.string(*eo, "name", path);
    e.calibration_ids = rd.strings(*eo, "calibration_ids", path);
    e.cvns = rd.strings(*eo, "cvns", path);
    e.mil_on = rd.boolean(*eo, "mil_on", path);
    e.dtc_count_reported = static_cast<int>(rd.integer(*eo, "dtc_count_reported", path).value_or(0));
    r.ecus.push_back(std::move(e));
  }
  r.mil_on = rd.boolean(*o, "mil_on", "");
  r.dtc_count_reported = static_cast<int>(rd.integer(*o, "dtc_count_reported", "").value_or(0));
  const auto* dtcs = rd.array(*o, "dtcs", "");
  for (std::size_t i = 0; i < dtcs->size(); ++i) {
    std::string path = "dtcs[" + std::to_string(i) + "].";
    auto* d = rd.object((*dtcs)[i], path);
    if (!d) break;
    r.dtcs.push_back({rd.string(*d, "code", path), rd.string(*d, "status", path),
                      rd.string(*d, "ecu", path), rd.string(*d, "description", path),
                      rd.string(*d, "description_zh_tw", path)});
  }
  r.odometer_km = rd.number(*o, "odometer_km", "");
  r.odometer_source = rd.string(*o, "odometer_source", "");
  r.distance_since_clear_km = rd.number(*o, "distance_since_clear_km", "");
  r.distance_with_mil_km = rd.number(*o, "distance_with_mil_km", "");
  r.time_since_clear_min = rd.number(*o, "time_since_clear_min", "");
  r.time_with_mil_min = rd.number(*o, "time_with_mil_min", "");
  if (auto w = rd.integer(*o, "warmups_since_clear", "")) r.warmups_since_clear = static_cast<int>(*w);
  r.fuel_level_pct = rd.number(*o, "fuel_level_pct", "");
  r.control_module_voltage = rd.number(*o, "control_module_voltage", "");
  r.obd_standard = rd.string(*o, "obd_standard", "");
  r.fuel_type = rd.string(*o, "fuel_type", "");
  r.ignition = rd.string(*o, "ignition", "");
  const auto* readiness = rd.array(*o, "readiness", "");
  for (std::size_t i = 0; i < readiness->size(); ++i) {
    std::string path = "readiness[" + std::to_string(i) + "].";
    auto* m = rd.object((*readiness)[i], path);
    if (!m) break;
    r.readiness.push_back({rd.string(*m, "monitor", path), rd.boolean(*m, "supported", path),
                           rd.boolean(*m, "complete", path)});
  }
  if (auto* ff = o->if_contains("freeze_frame"); ff && !ff->is_null()) {
    if (auto* fo = rd.object(*ff, "freeze_frame")) {
      r.freeze_frame = freeze_frame_info{rd.string(*fo, "dtc", "freeze_frame."),
                                         rd.string(*fo, "ecu", "freeze_frame."),
                                         rd.values(*fo, "values", "freeze_frame.")};
    }
  }
  r.live = rd.values(*o, "live", "");
  r.started_at = rd.string(*o, "started_at", "");
  r.duration_ms = rd.integer(*o, "duration_ms", "").value_or(0);
  r.request_count = static_cast<int>(rd.integer(*o, "request_count", "").value_or(0));
  r.warnings = rd.strings(*o, "warnings", "");
  const auto* flags = rd.array(*o, "flags", "");
  for (std::size_t i = 0; i < flags->size(); ++i) {
    std::string path = "flags[" + std::to_string(i) + "].";
    auto* f = rd.object((*flags)[i], path);
    if (!f) break;
    r.flags.push_back({rd.string(*f, "kind", path), rd.string(*f, "message", path),
                       rd.string(*f, "message_zh_tw", path)});
  }
  if (auto* c = o->if_contains("complete"); c && c->is_bool()) r.complete = c->as_bool();
  if (rd.failed()) return std::nullopt;
  return r;
}

}  // namespace bayscan::core
