#include <bayscan/core/history.hpp>

#include <boost/json.hpp>

#include <cstdio>

namespace bayscan::core {

namespace json = boost::json;

namespace {

json::value opt(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }
json::value opt(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<int>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

json::object vehicle_json(const vehicle_summary& v) {
  return {{"vin", opt(v.vin)},     {"plate", opt(v.plate)},           {"make", opt(v.make)},
          {"model", opt(v.model)}, {"model_year", opt(v.model_year)}, {"engine", opt(v.engine)}};
}

std::string km(const std::optional<double>& v) {
  if (!v) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f km", *v);
  return buf;
}

std::string list(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out.empty() ? "-" : out;
}

std::string date(const std::string& iso) { return iso.substr(0, std::min<std::size_t>(10, iso.size())); }

struct words {
  const char* title;
  const char* no_vin;
  const char* visits;
  const char* mil_on;
  const char* mil_off;
  const char* stored;
  const char* pending;
  const char* permanent;
  const char* readiness;
  const char* incomplete;
  const char* flags;
  const char* codes;
  const char* first;
  const char* last;
  const char* seen;
  const char* cleared;
  const char* repaired;
  const char* now;
  const char* repairs;
  const char* none;
  const char* absent;
  const char* status_stored;
  const char* status_pending;
  const char* status_permanent;
};

constexpr words english{"Vehicle", "no VIN", "Visits", "MIL on", "MIL off", "stored", "pending", "permanent",
                        "monitors complete", "incomplete", "flags", "Codes", "first", "last", "visits",
                        "cleared between visits", "repaired", "now", "Repairs", "none", "absent", "stored",
                        "pending", "permanent"};
constexpr words chinese{"車輛", "無車身號碼", "進廠紀錄", "故障燈亮", "故障燈熄", "已確認", "待定", "永久",
                        "監測完成", "未完成", "警示", "故障碼", "首次", "最近", "次數", "兩次進廠間曾被清除",
                        "維修次數", "目前", "維修紀錄", "無", "已消失", "已確認", "待定", "永久"};

const char* status_word(const words& w, const std::string& s) {
  if (s == "stored") return w.status_stored;
  if (s == "pending") return w.status_pending;
  if (s == "permanent") return w.status_permanent;
  return w.absent;
}

}  // namespace

json::value to_json(const vehicle_history& h) {
  json::array visits;
  for (const auto& v : h.visits) {
    visits.emplace_back(json::object{{"intake_id", v.intake_id},
                                     {"started_at", v.started_at},
                                     {"bay", v.bay},
                                     {"odometer_km", opt(v.odometer_km)},
                                     {"odometer_source", v.odometer_source.empty() ? json::value(nullptr)
                                                                                   : json::value(v.odometer_source)},
                                     {"distance_since_clear_km", opt(v.distance_since_clear_km)},
                                     {"mil_on", v.mil_on},
                                     {"fuel_level_pct", opt(v.fuel_level_pct)},
                                     {"dtcs", json::object{{"stored", strings(v.stored)},
                                                           {"pending", strings(v.pending)},
                                                           {"permanent", strings(v.permanent)}}},
                                     {"readiness", json::object{{"supported", v.monitors_supported},
                                                                {"complete", v.monitors_complete},
                                                                {"incomplete", strings(v.incomplete_monitors)}}},
                                     {"flags", strings(v.flag_kinds)}});
  }
  json::array codes;
  for (const auto& c : h.codes) {
    codes.emplace_back(json::object{{"code", c.code},
                                    {"first_seen", c.first_seen},
                                    {"last_seen", c.last_seen},
                                    {"visits_seen", c.visits_seen},
                                    {"cleared_between_visits", c.cleared_between_visits},
                                    {"times_repaired", c.times_repaired},
                                    {"current_status", c.current_status}});
  }
  json::array repairs;
  for (const auto& r : h.repairs) {
    repairs.emplace_back(json::object{{"id", r.id},
                                      {"closed_at", r.closed_at},
                                      {"odometer_km", opt(r.odometer_km)},
                                      {"codes", strings(r.codes)},
                                      {"description", r.description}});
  }
  return json::object{{"vehicle", vehicle_json(h.vehicle)},
                      {"visits", std::move(visits)},
                      {"codes", std::move(codes)},
                      {"repairs", std::move(repairs)}};
}

json::value to_json(const fleet_result& f) {
  json::array vehicles;
  for (const auto& v : f.vehicles) {
    vehicles.emplace_back(json::object{{"vin", opt(v.vin)},
                                       {"make", opt(v.make)},
                                       {"model", opt(v.model)},
                                       {"model_year", opt(v.model_year)},
                                       {"intakes_with_code", v.intakes_with_code},
                                       {"first_seen", v.first_seen},
                                       {"last_seen", v.last_seen}});
  }
  json::array models;
  for (const auto& m : f.models) {
    json::array top;
    for (const auto& c : m.top_codes) top.emplace_back(json::object{{"code", c.code}, {"intakes", c.intakes}});
    models.emplace_back(json::object{{"make", m.make},
                                     {"model", m.model},
                                     {"vehicles_with_code", m.vehicles_with_code},
                                     {"intakes_with_code", m.intakes_with_code},
                                     {"top_codes", std::move(top)}});
  }
  return json::object{{"code", f.code},
                      {"model", opt(f.model)},
                      {"since", opt(f.since)},
                      {"vehicles_total", f.vehicles_total},
                      {"intakes_total", f.intakes_total},
                      {"vehicles", std::move(vehicles)},
                      {"models", std::move(models)}};
}

std::string render_history(const vehicle_history& h, language lang) {
  const words& w = lang == language::zh_tw ? chinese : english;
  const auto& v = h.vehicle;
  std::string out = std::string(w.title) + ": " + (v.vin ? *v.vin : std::string(w.no_vin));
  for (const auto* part : {&v.make, &v.model, &v.engine, &v.plate})
    if (*part) out += "  " + **part;
  if (v.model_year) out += "  " + std::to_string(*v.model_year);
  out += "\n\n" + std::string(w.visits) + " (" + std::to_string(h.visits.size()) + ")\n";
  for (const auto& s : h.visits) {
    out += "  " + date(s.started_at) + "  " + km(s.odometer_km) + "  " + (s.mil_on ? w.mil_on : w.mil_off) + "  " +
           w.stored + ": " + list(s.stored) + "  " + w.pending + ": " + list(s.pending) + "  " + w.permanent + ": " +
           list(s.permanent) + "  " + w.readiness + " " + std::to_string(s.monitors_complete) + "/" +
           std::to_string(s.monitors_supported);
    if (!s.incomplete_monitors.empty()) out += " (" + std::string(w.incomplete) + ": " + list(s.incomplete_monitors) + ")";
    if (!s.flag_kinds.empty()) out += "  " + std::string(w.flags) + ": " + list(s.flag_kinds);
    out += "\n";
  }
  out += "\n" + std::string(w.codes) + " (" + std::to_string(h.codes.size()) + ")\n";
  for (const auto& c : h.codes) {
    out += "  " + c.code + "  " + w.first + " " + date(c.first_seen) + "  " + w.last + " " + date(c.last_seen) + "  " +
           w.seen + " " + std::to_string(c.visits_seen) + "  " + w.now + ": " + status_word(w, c.current_status);
    if (c.cleared_between_visits) out += "  " + std::string(w.cleared);
    if (c.times_repaired > 0) out += "  " + std::string(w.repaired) + " " + std::to_string(c.times_repaired);
    out += "\n";
  }
  out += "\n" + std::string(w.repairs) + " (" + std::to_string(h.repairs.size()) + ")\n";
  for (const auto& r : h.repairs)
    out += "  " + date(r.closed_at) + "  " + km(r.odometer_km) + "  " + list(r.codes) + "  " + r.description + "\n";
  return out;
}

std::string render_fleet(const fleet_result& f, language lang) {
  const bool zh = lang == language::zh_tw;
  std::string out = f.code + (zh ? "：" : ": ") + std::to_string(f.vehicles_total) + (zh ? " 輛車、" : " vehicles, ") +
                    std::to_string(f.intakes_total) + (zh ? " 次進廠" : " intakes");
  if (f.model) out += (zh ? "（車型 " : " (model ") + *f.model + (zh ? "）" : ")");
  if (f.since) out += (zh ? "，自 " : ", since ") + date(*f.since);
  out += "\n\n";
  out += zh ? "車型\n" : "Models\n";
  for (const auto& m : f.models) {
    const std::string name = (m.make.empty() && m.model.empty()) ? (zh ? "未知車型" : "unknown model")
                                                                 : (m.make + (m.make.empty() ? "" : " ") + m.model);
    out += "  " + name + ": " + std::to_string(m.vehicles_with_code) + (zh ? " 輛" : " vehicles") + "  " +
           (zh ? "常見故障碼: " : "top codes: ");
    std::string top;
    for (const auto& c : m.top_codes) top += (top.empty() ? "" : ", ") + c.code + " (" + std::to_string(c.intakes) + ")";
    out += (top.empty() ? "-" : top) + "\n";
  }
  out += zh ? "\n車輛\n" : "\nVehicles\n";
  for (const auto& v : f.vehicles) {
    out += "  " + v.vin.value_or(zh ? "無車身號碼" : "no VIN") + "  " + v.make.value_or("") + " " + v.model.value_or("");
    if (v.model_year) out += " " + std::to_string(*v.model_year);
    out += "  " + std::to_string(v.intakes_with_code) + "x  " + date(v.first_seen) + " .. " + date(v.last_seen) + "\n";
  }
  if (static_cast<int>(f.vehicles.size()) < f.vehicles_total)
    out += "  ... " + std::to_string(f.vehicles_total - static_cast<int>(f.vehicles.size())) + (zh ? " 輛未列出\n" : " more\n");
  return out;
}

}  // namespace bayscan::core
