// history_for_vin and fleet_query on SQLite. Neither statement names the customers or ownerships
// tables: personal data is out of reach of these results by construction.
#include <bayscan/core/sqlite_store.hpp>

#include "store/sqlite_store_impl.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>

namespace bayscan::core {

namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int status_rank(const std::string& s) {
  if (s == "permanent") return 3;
  if (s == "stored") return 2;
  if (s == "pending") return 1;
  return 0;
}

// Per-code summary over the visits (oldest first), see code_history in history.hpp.
std::vector<code_history> summarize_codes(const std::vector<visit_summary>& visits,
                                          const std::vector<repair_summary>& repairs) {
  // A clear between visit k and k+1 shows as distance since clear at k+1 shorter than the km
  // driven between them (PID 31 restarts at 0 on a clear or a battery disconnect).
  constexpr double tolerance_km = 1.0;
  std::vector<bool> cleared_before(visits.size(), false);
  for (std::size_t k = 1; k < visits.size(); ++k) {
    const auto& a = visits[k - 1];
    const auto& b = visits[k];
    if (a.odometer_km && b.odometer_km && b.distance_since_clear_km &&
        *b.distance_since_clear_km + tolerance_km < *b.odometer_km - *a.odometer_km)
      cleared_before[k] = true;
  }
  std::map<std::string, std::vector<std::pair<std::size_t, std::string>>> seen;  // code -> (visit, status)
  for (std::size_t k = 0; k < visits.size(); ++k) {
    std::map<std::string, std::string> here;
    auto note = [&](const std::vector<std::string>& codes, const char* status) {
      for (const auto& c : codes) {
        auto& s = here[c];
        if (status_rank(status) > status_rank(s)) s = status;
      }
    };
    note(visits[k].pending, "pending");
    note(visits[k].stored, "stored");
    note(visits[k].permanent, "permanent");
    for (auto& [code, status] : here) seen[code].emplace_back(k, status);
  }
  std::vector<code_history> out;
  for (const auto& [code, at] : seen) {
    code_history h;
    h.code = code;
    h.first_seen = visits[at.front().first].started_at;
    h.last_seen = visits[at.back().first].started_at;
    h.visits_seen = static_cast<int>(at.size());
    for (std::size_t i = 0; i < at.size(); ++i) {
      const std::size_t k = at[i].first;
      if (i + 1 < at.size() && at[i + 1].first > k + 1) h.cleared_between_visits = true;  // gap, then back
      if (k + 1 < visits.size() && cleared_before[k + 1]) h.cleared_between_visits = true;
    }
    h.current_status = at.back().first == visits.size() - 1 ? at.back().second : "absent";
    for (const auto& r : repairs)
      if (std::find(r.codes.begin(), r.codes.end(), code) != r.codes.end()) ++h.times_repaired;
    out.push_back(std::move(h));
  }
  std::stable_sort(out.begin(), out.end(), [](const code_history& a, const code_history& b) {
    return a.first_seen != b.first_seen ? a.first_seen < b.first_seen : a.code < b.code;
  });
  return out;
}

}  // namespace

store_result<vehicle_history> sqlite_store::history_for_vin(std::string_view vin_text) {
  auto& db = *impl_->db;
  const std::string vin = upper(vin_text);
  vehicle_history h;
  vehicle_id vehicle = 0;
  {
    auto q = db.prepare("SELECT id, vin, plate, make, model, model_year, engine FROM vehicles WHERE vin = ?");
    if (!q) return q.error();
    (*q)->bind(1, vin);
    auto row = (*q)->step();
    if (!row) return row.error();
    if (!*row) return db.failure(store_error::not_found, "no intakes for VIN " + vin);
    auto& r = **q;
    vehicle = r.integer(0);
    h.vehicle.vin = r.opt_text(1);
    h.vehicle.plate = r.opt_text(2);
    h.vehicle.make = r.opt_text(3);
    h.vehicle.model = r.opt_text(4);
    if (auto y = r.opt_integer(5)) h.vehicle.model_year = static_cast<int>(*y);
    h.vehicle.engine = r.opt_text(6);
  }
  std::map<std::int64_t, std::size_t> index;
  {
    auto q = db.prepare(
        "SELECT id, started_at, bay, odometer_km, odometer_source, distance_since_clear_km, mil_on, fuel_level_pct, "
        "flag_kinds FROM intakes WHERE vehicle_id = ? ORDER BY started_at, id");
    if (!q) return q.error();
    (*q)->bind(1, vehicle);
    for (;;) {
      auto row = (*q)->step();
      if (!row) return row.error();
      if (!*row) break;
      auto& r = **q;
      visit_summary v;
      v.intake_id = r.integer(0);
      v.started_at = r.text(1);
      v.bay = r.text(2);
      v.odometer_km = r.opt_real(3);
      v.odometer_source = r.text(4);
      v.distance_since_clear_km = r.opt_real(5);
      v.mil_on = r.integer(6) != 0;
      v.fuel_level_pct = r.opt_real(7);
      const std::string kinds = r.text(8);
      for (std::size_t p = 0; p < kinds.size();) {
        const auto e = std::min(kinds.find(' ', p), kinds.size());
        if (e > p) v.flag_kinds.push_back(kinds.substr(p, e - p));
        p = e + 1;
      }
      index[v.intake_id] = h.visits.size();
      h.visits.push_back(std::move(v));
    }
  }
  {
    auto q = db.prepare("SELECT intake_id, code, status FROM dtc_events WHERE vehicle_id = ? ORDER BY intake_id, code");
    if (!q) return q.error();
    (*q)->bind(1, vehicle);
    auto rows = (*q)->for_each_row([&] {
      auto it = index.find((*q)->integer(0));
      if (it == index.end()) return;
      auto& v = h.visits[it->second];
      const std::string status = (*q)->text(2);
      auto& list = status == "pending" ? v.pending : status == "permanent" ? v.permanent : v.stored;
      std::string code = (*q)->text(1);
      if (std::find(list.begin(), list.end(), code) == list.end()) list.push_back(std::move(code));
    });
    if (!rows) return rows.error();
  }
  {
    auto q = db.prepare(
        "SELECT r.intake_id, r.monitor, r.supported, r.complete FROM intakes i JOIN readiness r ON r.intake_id = i.id "
        "WHERE i.vehicle_id = ? ORDER BY i.started_at, i.id, r.monitor");  // index order: no sort step
    if (!q) return q.error();
    (*q)->bind(1, vehicle);
    auto rows = (*q)->for_each_row([&] {
      auto it = index.find((*q)->integer(0));
      if (it == index.end()) return;
      auto& v = h.visits[it->second];
      if ((*q)->integer(2) == 0) return;
      ++v.monitors_supported;
      if ((*q)->integer(3) != 0)
        ++v.monitors_complete;
      else
        v.incomplete_monitors.push_back((*q)->text(1));
    });
    if (!rows) return rows.error();
  }
  {
    std::map<std::int64_t, std::size_t> rindex;
    auto q = db.prepare(
        "SELECT id, closed_at, odometer_km, description FROM repairs WHERE vehicle_id = ? ORDER BY closed_at, id");
    if (!q) return q.error();
    (*q)->bind(1, vehicle);
    auto rows = (*q)->for_each_row([&] {
      rindex[(*q)->integer(0)] = h.repairs.size();
      h.repairs.push_back({(*q)->integer(0), (*q)->text(1), (*q)->opt_real(2), {}, (*q)->text(3)});
    });
    if (!rows) return rows.error();
    if (!h.repairs.empty()) {
      auto c = db.prepare(
          "SELECT rc.repair_id, rc.code FROM repair_codes rc JOIN repairs r ON r.id = rc.repair_id "
          "WHERE r.vehicle_id = ? ORDER BY rc.repair_id, rc.code");
      if (!c) return c.error();
      (*c)->bind(1, vehicle);
      auto rows = (*c)->for_each_row([&] {
        auto it = rindex.find((*c)->integer(0));
        if (it != rindex.end()) h.repairs[it->second].codes.push_back((*c)->text(1));
      });
      if (!rows) return rows.error();
    }
  }
  h.codes = summarize_codes(h.visits, h.repairs);
  return h;
}

store_result<fleet_result> sqlite_store::fleet_query(const fleet_filter& filter) {
  auto& db = *impl_->db;
  fleet_result out;
  out.code = upper(filter.code);
  out.model = filter.model;
  if (out.code.empty()) return db.failure(store_error::invalid_argument, "fleet query needs a DTC code");
  std::string since;  // '' sorts before every timestamp: all time
  if (filter.since) {
    auto s = store_detail::normalize_time(db, *filter.since, "since");
    if (!s) return s.error();
    since = *s;
    out.since = since;
  }
  const bool by_model = filter.model.has_value();

  // Cars that showed the code: one range scan of dtc_code_intakes (one row per code per scan),
  // aggregated here (cheaper than SQLite's temp B-trees for GROUP BY + COUNT DISTINCT). At dealer
  // scale this loop sees ~300 k rows for a common code over a year, so it copies no text per row.
  struct per_vehicle {
    std::int64_t id = 0;
    std::int64_t last_intake = -1;
    int intakes = 0;
    std::string first_seen, last_seen;
    std::size_t model = 0;  // index into `model_list`
  };
  std::vector<per_vehicle> cars;
  // Vehicle id -> position in `cars` + 1 (0: not seen). SQLite ids are dense from 1, so a flat
  // array indexed by id replaces a hash map (a cache miss per row); ids beyond it (a file with
  // huge or negative ids) go to the map.
  std::vector<std::uint32_t> dense_index;
  std::unordered_map<std::int64_t, std::uint32_t> sparse_index;
  auto slot = [&](std::int64_t vehicle) -> std::uint32_t& {
    if (vehicle >= 0 && static_cast<std::uint64_t>(vehicle) < dense_index.size())
      return dense_index[static_cast<std::size_t>(vehicle)];
    return sparse_index[vehicle];
  };
  auto find_car = [&](std::int64_t vehicle) -> std::size_t {  // position + 1, 0 when absent
    if (vehicle >= 0 && static_cast<std::uint64_t>(vehicle) < dense_index.size())
      return dense_index[static_cast<std::size_t>(vehicle)];
    auto it = sparse_index.find(vehicle);
    return it == sparse_index.end() ? 0 : it->second;
  };
  {
    auto q = db.prepare("SELECT MAX(id) FROM vehicles");
    if (!q) return q.error();
    auto row = (*q)->step();
    if (!row) return row.error();
    constexpr std::int64_t dense_limit = std::int64_t{1} << 24;  // 64 MiB of index at most
    const auto max_id = *row ? (*q)->opt_integer(0).value_or(0) : 0;
    dense_index.assign(static_cast<std::size_t>(std::clamp<std::int64_t>(max_id + 1, 0, dense_limit)), 0);
  }
  {
    auto q = db.prepare(
        "SELECT vehicle_id, intake_id, observed_at FROM dtc_code_intakes WHERE code = ? AND observed_at >= ? "
        "ORDER BY code, observed_at, vehicle_id, intake_id");
    if (!q) return q.error();
    (*q)->bind(1, out.code).bind(2, since);
    auto rows = (*q)->for_each_row([&] {
      const auto vehicle = (*q)->integer(0);
      auto& at = slot(vehicle);
      if (at == 0) {
        cars.push_back({vehicle, -1, 0, {}, {}, 0});
        at = static_cast<std::uint32_t>(cars.size());
      }
      auto& c = cars[at - 1];
      const auto intake = (*q)->integer(1);
      if (intake == c.last_intake) return;  // rows are unique per (code, intake); kept as a guard
      c.last_intake = intake;
      ++c.intakes;
      c.last_seen.assign((*q)->text_view(2));  // index order: observed_at ascending; reuses capacity
      if (c.first_seen.empty()) c.first_seen = c.last_seen;
    });
    if (!rows) return rows.error();
  }
  // Each car's model.
  struct model_key {
    std::string make, model;
    auto operator<=>(const model_key&) const = default;
  };
  std::map<model_key, std::size_t> model_ids;
  std::vector<fleet_model_summary> model_list;
  std::vector<bool> keep(cars.size(), false);
  const std::string wanted = by_model ? lower(*filter.model) : std::string();
  // The model's position in model_list, or npos when the model filter excludes it.
  constexpr std::size_t excluded = static_cast<std::size_t>(-1);
  auto model_of = [&](std::string_view make, std::string_view model) -> std::size_t {
    if (by_model && lower(model) != wanted) return excluded;
    auto [it, fresh] = model_ids.try_emplace({std::string(make), std::string(model)}, model_list.size());
    if (fresh) {
      model_list.emplace_back();
      model_list.back().make = make;
      model_list.back().model = model;
    }
    return it->second;
  };
  auto assign = [&](std::size_t i, std::size_t model) {
    if (model == excluded) return;
    cars[i].model = model;
    keep[i] = true;
  };
  if (cars.size() > 2000) {
    // Many cars: walk the covering index vehicles_model in model order, so the model is looked up
    // once per model, not once per car (cheaper than a B-tree descent per car).
    auto q = db.prepare("SELECT make, model, id FROM vehicles ORDER BY make, model, id");
    if (!q) return q.error();
    std::string make, model;
    std::size_t current = excluded;
    bool first = true;
    auto rows = (*q)->for_each_row([&] {
      const auto at = find_car((*q)->integer(2));
      if (at == 0) return;
      const auto mk = (*q)->text_view(0), md = (*q)->text_view(1);
      if (first || mk != make || md != model) {
        first = false;
        make.assign(mk);
        model.assign(md);
        current = model_of(make, model);
      }
      assign(at - 1, current);
    });
    if (!rows) return rows.error();
  } else {
    auto q = db.prepare("SELECT make, model FROM vehicles WHERE id = ?");
    if (!q) return q.error();
    for (std::size_t i = 0; i < cars.size(); ++i) {
      (*q)->bind(1, cars[i].id);
      auto row = (*q)->step();
      if (!row) return row.error();
      if (!*row) continue;
      const std::size_t model = model_of((*q)->text_view(0), (*q)->text_view(1));
      (void)(*q)->step();
      assign(i, model);
    }
  }
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < cars.size(); ++i) {
    if (!keep[i]) continue;
    order.push_back(i);
    auto& m = model_list[cars[i].model];
    ++m.vehicles_with_code;
    m.intakes_with_code += cars[i].intakes;
    ++out.vehicles_total;
    out.intakes_total += cars[i].intakes;
  }
  // Only the listed cars need their VIN and year.
  const auto listed = std::min(order.size(), filter.vehicle_limit);
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(listed), order.end(),
                    [&](std::size_t a, std::size_t b) {
                      if (cars[a].intakes != cars[b].intakes) return cars[a].intakes > cars[b].intakes;
                      if (cars[a].last_seen != cars[b].last_seen) return cars[a].last_seen > cars[b].last_seen;
                      return cars[a].id < cars[b].id;
                    });
  {
    auto q = db.prepare("SELECT vin, make, model, model_year FROM vehicles WHERE id = ?");
    if (!q) return q.error();
    for (std::size_t k = 0; k < listed; ++k) {
      auto& c = cars[order[k]];
      (*q)->bind(1, c.id);
      auto row = (*q)->step();
      if (!row) return row.error();
      if (!*row) continue;
      auto& r = **q;
      fleet_vehicle v;
      v.vin = r.opt_text(0);
      v.make = r.opt_text(1);
      v.model = r.opt_text(2);
      if (auto y = r.opt_integer(3)) v.model_year = static_cast<int>(*y);
      (void)r.step();
      v.intakes_with_code = c.intakes;
      v.first_seen = std::move(c.first_seen);
      v.last_seen = std::move(c.last_seen);
      out.vehicles.push_back(std::move(v));
    }
  }

  // Top codes per model from the monthly roll-up.
  if (!model_list.empty() && filter.top_codes > 0) {
    // dtc_model_month is clustered by (month, make, model, code): the rows since a month are one
    // range, and within a month one model's rows are adjacent, so the model is looked up once per
    // run of rows. Summed here rather than with GROUP BY, which would sort the range first.
    static constexpr const char* all_models =
        "SELECT make, model, code, intakes FROM dtc_model_month WHERE month >= ?";
    static constexpr const char* one_model =
        "SELECT make, model, code, intakes FROM dtc_model_month WHERE month >= ? AND LOWER(model) = ?";
    auto q = db.prepare(by_model ? one_model : all_models);
    if (!q) return q.error();
    const std::string month = since.substr(0, std::min<std::size_t>(7, since.size()));
    (*q)->bind(1, month);
    if (by_model) (*q)->bind(2, lower(*filter.model));
    std::vector<std::map<std::string, std::int64_t, std::less<>>> sums(model_list.size());
    model_key key;
    std::map<std::string, std::int64_t, std::less<>>* current = nullptr;
    bool first = true;
    auto rows = (*q)->for_each_row([&] {
      auto& r = **q;
      const auto mk = r.text_view(0), md = r.text_view(1);
      if (first || mk != key.make || md != key.model) {
        first = false;
        key.make.assign(mk);
        key.model.assign(md);
        auto it = model_ids.find(key);
        current = it == model_ids.end() ? nullptr : &sums[it->second];
      }
      if (!current) return;
      const auto code = r.text_view(2);
      auto it = current->find(code);
      if (it == current->end()) it = current->emplace(std::string(code), 0).first;
      it->second += r.integer(3);
    });
    if (!rows) return rows.error();
    for (std::size_t m = 0; m < model_list.size(); ++m) {
      auto& t = model_list[m].top_codes;
      for (const auto& [code, n] : sums[m]) t.push_back({code, n});
      std::sort(t.begin(), t.end(), [](const code_count& a, const code_count& b) {
        return a.intakes != b.intakes ? a.intakes > b.intakes : a.code < b.code;
      });
      if (t.size() > filter.top_codes) t.resize(filter.top_codes);
    }
  }
  out.models = std::move(model_list);
  std::stable_sort(out.models.begin(), out.models.end(), [](const fleet_model_summary& a, const fleet_model_summary& b) {
    return a.vehicles_with_code > b.vehicles_with_code;
  });
  return out;
}

}  // namespace bayscan::core
