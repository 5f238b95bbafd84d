#include <bayscan/core/intake_summary.hpp>

#include <cstdio>
#include <sstream>

namespace bayscan::core {

namespace {

std::string fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string status_zh(const std::string& s) {
  if (s == "stored") return "已確認";
  if (s == "pending") return "待確認";
  if (s == "permanent") return "永久";
  return s;
}

}  // namespace

std::string render_intake_summary(const intake_report& r) {
  std::ostringstream o;
  o << "車身號碼 VIN: " << (r.vin ? *r.vin : "(未回報 not reported)");
  if (r.vin && !r.vin_valid) o << "  (格式不符 invalid)";
  o << "\n";
  o << "通訊協定 Protocol: " << r.protocol.name << "  |  轉接器 Adapter: " << r.adapter.version;
  if (r.adapter.battery_voltage) o << "  |  電瓶 Battery: " << fixed(*r.adapter.battery_voltage, 1) << " V";
  o << "\n";
  o << "故障燈 MIL: " << (r.mil_on ? "亮 ON" : "熄 off") << "  |  回報故障碼數 codes reported: "
    << r.dtc_count_reported << "\n";
  o << "里程 Odometer: ";
  if (r.odometer_km) o << fixed(*r.odometer_km, 1) << " km (OBD)";
  else o << "未提供，請抄錄儀表 not reported, read the cluster";
  o << "\n";
  if (r.distance_since_clear_km)
    o << "清碼後行駛 Since codes cleared: " << fixed(*r.distance_since_clear_km, 0) << " km";
  if (r.distance_with_mil_km) o << "  |  故障燈亮後行駛 With MIL on: " << fixed(*r.distance_with_mil_km, 0) << " km";
  if (r.distance_since_clear_km || r.distance_with_mil_km) o << "\n";
  if (r.fuel_level_pct) o << "油量 Fuel: " << fixed(*r.fuel_level_pct, 0) << " %\n";

  o << "\n故障碼 Trouble codes";
  if (r.dtcs.empty()) o << ": 無 none";
  o << "\n";
  for (const auto& d : r.dtcs) {
    o << "  " << d.code << "  [" << status_zh(d.status) << " " << d.status << ", " << d.ecu << "]  "
      << d.description_zh_tw;
    if (d.description_zh_tw != d.description) o << " / " << d.description;
    o << "\n";
  }
  if (r.freeze_frame) {
    o << "凍結資料 Freeze frame (" << r.freeze_frame->dtc << "):";
    for (const auto& [k, v] : r.freeze_frame->values) o << " " << k << "=" << fixed(v, v == static_cast<long>(v) ? 0 : 1);
    o << "\n";
  }
  o << "\n準備狀態 Readiness monitors:\n";
  for (const auto& m : r.readiness) {
    if (!m.supported) continue;
    o << "  " << (m.complete ? "[完成 ok ] " : "[未完成 --] ") << m.monitor << "\n";
  }
  if (!r.ecus.empty()) {
    o << "\n控制單元 ECUs:";
    for (const auto& e : r.ecus) o << " " << e.address << " " << e.name << (e.mil_on ? " (MIL)" : "") << ";";
    o << "\n";
  }
  o << "\n提醒 Note: 一般 OBD 只讀得到排放相關控制單元；ABS、SRS、TPMS、EPS 等警示燈請目視儀表。"
       "\n      Generic OBD reaches only emissions ECUs: check ABS/SRS/TPMS/EPS lamps on the cluster.\n";
  if (!r.flags.empty()) {
    o << "\n注意事項 Red flags:\n";
    for (const auto& f : r.flags) o << "  ! " << f.message_zh_tw << " / " << f.message << "\n";
  }
  if (!r.warnings.empty()) {
    o << "\n警告 Warnings:\n";
    for (const auto& w : r.warnings) {
      bool is_flag = false;
      for (const auto& f : r.flags) is_flag = is_flag || f.message == w;
      if (!is_flag) o << "  - " << w << "\n";
    }
  }
  o << "\n" << r.request_count << " requests, " << r.duration_ms << " ms"
    << (r.complete ? "" : "  (未完成 partial scan)") << "\n";
  return o.str();
}

}  // namespace bayscan::core
