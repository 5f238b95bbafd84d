#include <bayscan/core/red_flags.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>

namespace bayscan::core {

namespace {

bool digits(const std::string& s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

std::string km_text(double km) {
  char buf[32];
  if (std::fabs(km - std::round(km)) < 0.05)
    std::snprintf(buf, sizeof buf, "%.0f", km);
  else
    std::snprintf(buf, sizeof buf, "%.1f", km);
  return buf;
}

std::string date_of(const std::string& iso) { return iso.substr(0, std::min<std::size_t>(10, iso.size())); }

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

constexpr double seconds_per_day = 86400.0;

}  // namespace

std::optional<std::int64_t> parse_iso8601_utc(const std::string& s) {
  int y = 0, mo = 0, d = 0;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  std::int64_t secs = std::chrono::sys_days{ymd}.time_since_epoch().count() * 86400LL;
  std::size_t pos = 10;
  if (pos == s.size()) return secs;
  if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
  ++pos;
  int h = 0, mi = 0, se = 0;
  if (!digits(s, pos, 2, h) || pos + 2 >= s.size() || s[pos + 2] != ':' || !digits(s, pos + 3, 2, mi))
    return std::nullopt;
  pos += 5;
  if (pos < s.size() && s[pos] == ':') {
    if (!digits(s, pos + 1, 2, se)) return std::nullopt;
    pos += 3;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      const std::size_t start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == start) return std::nullopt;
    }
  }
  if (h > 23 || mi > 59 || se > 60) return std::nullopt;  // 60: leap second
  secs += h * 3600LL + mi * 60LL + se;
  if (pos == s.size()) return secs;  // no zone: the contract says started_at is UTC
  if (s[pos] == 'Z' || s[pos] == 'z') return pos + 1 == s.size() ? std::optional{secs} : std::nullopt;
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  const int sign = s[pos] == '+' ? 1 : -1;
  int oh = 0, om = 0;
  if (!digits(s, pos + 1, 2, oh)) return std::nullopt;
  std::size_t mpos = pos + 3;
  if (mpos < s.size() && s[mpos] == ':') ++mpos;
  if (mpos < s.size() && !digits(s, mpos, 2, om)) return std::nullopt;
  if (mpos < s.size() && mpos + 2 != s.size()) return std::nullopt;
  if (oh > 23 || om > 59) return std::nullopt;
  return secs - sign * (oh * 3600LL + om * 60LL);  // local = UTC + offset
}

std::vector<report_flag> compute_red_flags(const intake_report& report, const prior_history& history,
                                           const red_flag_thresholds& t) {
  std::vector<report_flag> flags;
  const auto now = parse_iso8601_utc(report.started_at);

  // Only visits before this one count as "earlier" (an import may store old scans late).
  std::vector<const prior_visit*> earlier;
  for (const auto& v : history.visits) {
    const auto when = parse_iso8601_utc(v.started_at);
    if (now && when && *when > *now) continue;
    earlier.push_back(&v);
  }

  // --- odometer ---
  if (report.odometer_km) {
    const double odo = *report.odometer_km;
    const prior_visit* highest = nullptr;
    for (const auto* v : earlier)
      if (v->odometer_km && (!highest || *v->odometer_km > *highest->odometer_km)) highest = v;
    if (highest && odo < *highest->odometer_km - t.rollback_tolerance_km) {
      flags.push_back({flag_kind::odometer_rollback,
                       "Odometer " + km_text(odo) + " km is lower than " + km_text(*highest->odometer_km) +
                           " km recorded on " + date_of(highest->started_at) +
                           ": rolled back or instrument cluster replaced.",
                       "里程 " + km_text(odo) + " km 低於 " + date_of(highest->started_at) + " 記錄的 " +
                           km_text(*highest->odometer_km) + " km：里程可能被調回或更換過儀表板。"});
    } else if (now) {
      // Rate against the latest earlier visit with a reading.
      const prior_visit* latest = nullptr;
      std::int64_t latest_when = 0;
      for (const auto* v : earlier) {
        const auto when = parse_iso8601_utc(v->started_at);
        if (!v->odometer_km || !when) continue;
        if (!latest || *when > latest_when) {
          latest = v;
          latest_when = *when;
        }
      }
      if (latest) {
        const double km = odo - *latest->odometer_km;
        const double days = std::max(1.0, static_cast<double>(*now - latest_when) / seconds_per_day);
        const double rate = km / days;
        if (rate > t.max_km_per_day) {
          char days_text[32];
          std::snprintf(days_text, sizeof days_text, "%.1f", days);
          flags.push_back(
              {flag_kind::odometer_implausible_rate,
               "Odometer rose " + km_text(km) + " km in " + days_text + " days since " + date_of(latest->started_at) +
                   " (" + km_text(std::round(rate)) + " km/day, more than " + km_text(t.max_km_per_day) +
                   "): the earlier or this reading is wrong, or the cluster was replaced.",
               "自 " + date_of(latest->started_at) + " 起 " + days_text + " 天內里程增加 " + km_text(km) + " km（每日 " +
                   km_text(std::round(rate)) + " km，超過 " + km_text(t.max_km_per_day) +
                   "）：前次或本次讀數有誤，或儀表板曾更換。"});
        }
      }
    }
  }

  // --- codes cleared shortly before the visit ---
  std::vector<std::string> incomplete;
  int supported = 0;
  for (const auto& m : report.readiness) {
    if (!m.supported) continue;
    ++supported;
    if (!m.complete) incomplete.push_back(m.monitor);
  }
  const bool short_distance = report.distance_since_clear_km && *report.distance_since_clear_km < t.recent_clear_km;
  const bool short_time = report.time_since_clear_min && *report.time_since_clear_min < t.recent_clear_min;
  const bool few_warmups = report.warmups_since_clear && *report.warmups_since_clear < t.recent_clear_warmups;
  if ((short_distance || short_time || few_warmups) && !incomplete.empty()) {
    // Our own technician clearing codes after a recorded repair is not a red flag.
    bool explained = false;
    for (const auto& r : history.repairs) {
      if (report.odometer_km && r.odometer_km && report.distance_since_clear_km) {
        const double clear_at = *report.odometer_km - *report.distance_since_clear_km;
        if (*r.odometer_km >= clear_at - t.rollback_tolerance_km && *r.odometer_km <= *report.odometer_km + t.rollback_tolerance_km)
          explained = true;
      } else if (now) {
        const auto closed = parse_iso8601_utc(r.closed_at);
        if (closed && *now >= *closed && *now - *closed <= static_cast<std::int64_t>(seconds_per_day)) explained = true;
      }
    }
    if (!explained) {
      std::string since_en, since_zh;
      auto add = [&](const std::string& en, const std::string& zh) {
        if (!since_en.empty()) {
          since_en += ", ";
          since_zh += "、";
        }
        since_en += en;
        since_zh += zh;
      };
      if (report.distance_since_clear_km)
        add(km_text(*report.distance_since_clear_km) + " km", "行駛 " + km_text(*report.distance_since_clear_km) + " km");
      if (report.time_since_clear_min)
        add(km_text(*report.time_since_clear_min) + " min engine run",
            "引擎運轉 " + km_text(*report.time_since_clear_min) + " 分鐘");
      if (report.warmups_since_clear)
        add(std::to_string(*report.warmups_since_clear) + " warm-ups",
            "暖車 " + std::to_string(*report.warmups_since_clear) + " 次");
      const std::string count = std::to_string(incomplete.size()) + "/" + std::to_string(supported);
      flags.push_back({flag_kind::codes_recently_cleared,
                       "Codes were cleared recently (" + since_en + " since clear) and " + count +
                           " supported monitors are incomplete (" + join(incomplete, ", ") +
                           "): a fault may be hidden; ask the customer, re-scan after a drive cycle.",
                       "故障碼最近被清除（清除後" + since_zh + "），支援的監測有 " + count + " 項未完成（" +
                           join(incomplete, "、") + "）：可能隱藏故障，請詢問車主並於完成行駛循環後再掃描。"});
    }
  }

  // --- comebacks ---
  std::set<std::string> codes;
  for (const auto& d : report.dtcs) codes.insert(d.code);
  for (const auto& code : codes) {
    const prior_repair* best = nullptr;
    std::optional<double> best_days, best_km;
    for (const auto& r : history.repairs) {
      if (std::find(r.codes.begin(), r.codes.end(), code) == r.codes.end()) continue;
      std::optional<double> days, km;
      const auto closed = parse_iso8601_utc(r.closed_at);
      if (now && closed && *now >= *closed) days = static_cast<double>(*now - *closed) / seconds_per_day;
      if (report.odometer_km && r.odometer_km && *report.odometer_km >= *r.odometer_km - t.rollback_tolerance_km)
        km = std::max(0.0, *report.odometer_km - *r.odometer_km);
      const bool within = (days && *days <= t.comeback_days) || (km && *km <= t.comeback_km);
      if (!within) continue;
      const auto best_closed = best ? parse_iso8601_utc(best->closed_at) : std::nullopt;
      if (!best || (closed && (!best_closed || *closed > *best_closed))) {
        best = &r;
        best_days = days;
        best_km = km;
      }
    }
    if (!best) continue;
    std::string after_en, after_zh;
    if (best_days) {
      after_en = km_text(std::floor(*best_days)) + " days";
      after_zh = km_text(std::floor(*best_days)) + " 天";
    }
    if (best_km) {
      after_en += (after_en.empty() ? "" : " / ") + km_text(*best_km) + " km";
      after_zh += (after_zh.empty() ? "" : "／") + km_text(*best_km) + " km";
    }
    const std::string what = best->description.empty() ? "" : " (" + best->description + ")";
    const std::string what_zh = best->description.empty() ? "" : "（" + best->description + "）";
    flags.push_back({flag_kind::comeback,
                     code + " is back " + after_en + " after the repair on " + date_of(best->closed_at) + what +
                         ": comeback.",
                     code + " 在 " + date_of(best->closed_at) + " 維修" + what_zh + "後 " + after_zh +
                         " 再次出現：返修。"});
  }
  return flags;
}

void apply_red_flags(intake_report& report, const std::vector<report_flag>& flags) {
  for (const auto& f : flags) {
    if (std::find(report.flags.begin(), report.flags.end(), f) != report.flags.end()) continue;
    report.flags.push_back(f);
    if (std::find(report.warnings.begin(), report.warnings.end(), f.message) == report.warnings.end())
      report.warnings.push_back(f.message);
  }
}

}  // namespace bayscan::core
