// bench/store: the intake store at dealer scale (issue 5).
// Synthetic fleet: N intakes (default 1,000,000) over three years on N/5 cars of 40 models, five
// DTC events per intake on average (5 M events at full size), each scan with its readiness, a
// freeze frame when codes are present and a compressed ELM327 session log.
// Prints: store_intake throughput (one transaction per scan, the real path), history-by-VIN
// p50/p99 over random VINs, the fleet query for one code over a year, file bytes per intake.
// Usage: bench_store [--intakes N] [--db PATH] [--keep]
#include <bayscan/core/sqlite_store.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>
#include <sys/resource.h>
#include <string>
#include <vector>

namespace {

using namespace bayscan::core;
using clock_type = std::chrono::steady_clock;

struct model_info {
  const char* make;
  const char* model;
  const char* wmi;
};

const model_info models[] = {
    {"Toyota", "Corolla", "JTD"},   {"Toyota", "Camry", "4T1"},     {"Toyota", "RAV4", "JTM"},
    {"Toyota", "Yaris", "VNK"},     {"Toyota", "Prius", "JTD"},     {"Honda", "Civic", "2HG"},
    {"Honda", "Accord", "1HG"},     {"Honda", "CR-V", "5J6"},       {"Honda", "Fit", "JHM"},
    {"Nissan", "Sentra", "3N1"},    {"Nissan", "X-Trail", "JN1"},   {"Nissan", "Livina", "MNT"},
    {"Mitsubishi", "Outlander", "JA4"}, {"Mitsubishi", "Lancer", "JA3"}, {"Mazda", "3", "JM1"},
    {"Mazda", "CX-5", "JM3"},       {"Ford", "Focus", "1FA"},       {"Ford", "Kuga", "WF0"},
    {"Ford", "Ranger", "MNC"},      {"Hyundai", "Tucson", "KM8"},   {"Hyundai", "Elantra", "KMH"},
    {"Kia", "Sportage", "KNA"},     {"Kia", "Picanto", "KNA"},      {"Volkswagen", "Golf", "WVW"},
    {"Volkswagen", "Tiguan", "WVG"}, {"Volkswagen", "Polo", "WVW"}, {"BMW", "320i", "WBA"},
    {"BMW", "X3", "5UX"},           {"Mercedes-Benz", "C200", "WDD"}, {"Mercedes-Benz", "GLC", "WDC"},
    {"Lexus", "NX", "JTJ"},         {"Lexus", "ES", "JTH"},         {"Subaru", "Forester", "JF2"},
    {"Subaru", "XV", "JF2"},        {"Suzuki", "Swift", "JS2"},     {"Suzuki", "Vitara", "JS3"},
    {"Luxgen", "U6", "LUX"},        {"Skoda", "Octavia", "TMB"},    {"Audi", "A4", "WAU"},
    {"Volvo", "XC60", "YV4"},
};
constexpr int model_count = sizeof(models) / sizeof(models[0]);

// 120 codes with a skewed (Zipf-like) frequency: a few codes (P0420, P0171, P0300...) dominate
// real fleets.
std::vector<std::string> code_pool() {
  std::vector<std::string> codes = {"P0420", "P0171", "P0300", "P0301", "P0442", "P0455", "P0128", "P0302",
                                    "P0174", "P0430", "P0303", "P0304", "P0401", "P0440", "P0456", "P0135",
                                    "P0141", "P0340", "P0335", "P0500", "P0700", "P0113", "P0101", "P0102",
                                    "U0100", "U0101", "U0121", "C0035", "B1000", "P2187", "P2096", "P0011"};
  for (int i = 0; codes.size() < 120; ++i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "P%04X", static_cast<unsigned>(0x0100 + i * 7) & 0xFFFFu);
    if (std::find(codes.begin(), codes.end(), buf) == codes.end()) codes.push_back(buf);
  }
  return codes;
}

std::string vin_of(int car) {
  char buf[24];
  const auto& m = models[car % model_count];
  std::snprintf(buf, sizeof buf, "%s%s%c%c%07d", m.wmi, "ZZZ9", "0123456789X"[car % 11], 'A' + car % 20, car % 10000000);
  return std::string(buf).substr(0, 17);
}

struct generator {
  int cars;
  std::int64_t start_epoch;
  std::int64_t span_seconds;
  std::vector<std::string> codes;
  std::discrete_distribution<int> code_pick;
  std::mt19937_64 rng{20260301};

  explicit generator(int intakes)
      : cars(std::max(1, intakes / 5)), start_epoch(1701388800 /* 2023-12-01 */), span_seconds(3LL * 365 * 86400),
        codes(code_pool()) {
    std::vector<double> w;
    for (std::size_t i = 0; i < codes.size(); ++i) w.push_back(1.0 / (1.0 + static_cast<double>(i)));
    code_pick = std::discrete_distribution<int>(w.begin(), w.end());
  }

  static std::string iso(std::int64_t t) {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
  }

  // Intake i of n, in time order; the car and its odometer follow from the time.
  pending_intake make(std::int64_t i, std::int64_t n) {
    const std::int64_t t = start_epoch + span_seconds * i / std::max<std::int64_t>(1, n);
    const int car = static_cast<int>(rng() % static_cast<std::uint64_t>(cars));
    const auto& m = models[car % model_count];
    pending_intake p;
    auto& r = p.report;
    r.vin = vin_of(car);
    r.vin_valid = true;
    r.protocol = {"6", "ISO 15765-4 CAN (11 bit ID, 500 kbaud)"};
    r.adapter = {"elm327", "ELM327 v1.5", 12.0 + static_cast<double>(rng() % 30) / 10.0};
    r.ecus.push_back({"7E8", "ECM-EngineControl", {"37805R" + std::to_string(car % 900 + 100)}, {"1A2B3C4D"}, false, 0});
    r.ecus.push_back({"7E9", "TCM-TransmissionCtl", {}, {}, false, 0});
    const int n_codes = static_cast<int>(rng() % 11);  // 0..10: 5 on average
    static const char* statuses[] = {"stored", "stored", "pending", "permanent"};
    for (int k = 0; k < n_codes; ++k) {
      const std::string status = statuses[rng() % 4];
      r.dtcs.push_back({codes[static_cast<std::size_t>(code_pick(rng))], status, k % 4 == 3 ? "7E9" : "7E8", "", ""});
      if (status != "pending") r.mil_on = true;
    }
    r.dtc_count_reported = n_codes;
    // Cars drive 10-60 km a day from a car-specific base.
    const double days = static_cast<double>(t - start_epoch) / 86400.0;
    r.odometer_km = std::round((5000.0 + (car % 97) * 900.0 + days * (10.0 + car % 50)) * 10.0) / 10.0;
    r.odometer_source = "pid_a6";
    r.distance_since_clear_km = static_cast<double>(200 + rng() % 20000);
    r.time_since_clear_min = static_cast<double>(300 + rng() % 20000);
    r.warmups_since_clear = 20 + static_cast<int>(rng() % 200);
    r.fuel_level_pct = static_cast<double>(rng() % 1000) / 10.0;
    r.control_module_voltage = 13.9;
    r.obd_standard = "OBD-II as defined by the CARB";
    r.fuel_type = "Gasoline";
    r.ignition = "spark";
    for (const char* mon : {"misfire", "fuel_system", "components", "catalyst", "heated_catalyst", "evap",
                            "secondary_air", "ac_refrigerant", "o2_sensor", "o2_heater", "egr"}) {
      const bool supported = rng() % 5 != 0;
      r.readiness.push_back({mon, supported, supported && rng() % 6 != 0});
    }
    if (!r.dtcs.empty())
      r.freeze_frame = freeze_frame_info{r.dtcs[0].code, "7E8",
                                         {{"engine_rpm", 700.0 + static_cast<double>(rng() % 3000)},
                                          {"coolant_temp", 60.0 + static_cast<double>(rng() % 40)},
                                          {"vehicle_speed", static_cast<double>(rng() % 120)},
                                          {"engine_load", static_cast<double>(rng() % 100)}}};
    r.live = {{"engine_rpm", 780}, {"vehicle_speed", 0}, {"coolant_temp", 88}, {"intake_air_temp", 31}};
    r.started_at = iso(t);
    r.duration_ms = 8000 + static_cast<std::int64_t>(rng() % 6000);
    r.request_count = 30 + static_cast<int>(rng() % 20);

    p.meta.bay = "bay-" + std::to_string(rng() % 8 + 1);
    p.meta.adapter_uri = "serial:/dev/ttyUSB0?baud=38400";
    p.meta.make = m.make;
    p.meta.model = m.model;
    p.meta.model_year = 2008 + car % 17;
    p.meta.session_log = session_log(r);
    return p;
  }

  // An ELM327 session as a terminal shows it (echo on, headers on), values varying per scan.
  std::string session_log(const intake_report& r) {
    std::string log = "ATZ\r\r\rELM327 v1.5\r\r>ATE1\rOK\r\r>ATH1\rOK\r\r>ATSP0\rOK\r\r>0100\rSEARCHING...\r"
                      "7E8 06 41 00 BE 3F A8 13 \r7E9 06 41 00 98 18 80 11 \r\r>ATDPN\rA6\r\r>";
    char line[96];
    for (int pid = 0x01; pid <= 0x4F; pid += 3) {
      std::snprintf(line, sizeof line, "01%02X\r7E8 04 41 %02X %02X %02X \r\r>", pid, pid, static_cast<unsigned>(rng() % 256),
                    static_cast<unsigned>(rng() % 256));
      log += line;
    }
    log += "03\r7E8 ";
    std::snprintf(line, sizeof line, "%02zX 43 %02zX", 2 + 2 * r.dtcs.size(), r.dtcs.size());
    log += line;
    for (std::size_t k = 0; k < r.dtcs.size(); ++k) {
      std::snprintf(line, sizeof line, " %02X %02X", static_cast<unsigned>(rng() % 64), static_cast<unsigned>(rng() % 256));
      log += line;
    }
    log += " \r\r>0902\r7E8 10 14 49 02 01";
    for (int k = 0; k < 17; ++k) {
      if (k == 3 || k == 10) log += " \r7E8 2" + std::to_string(k == 3 ? 1 : 2);
      std::snprintf(line, sizeof line, " %02X", static_cast<unsigned>((*r.vin)[static_cast<std::size_t>(k)]));
      log += line;
    }
    log += " \r\r>";
    return log;
  }
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto idx = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size()))) - 1;
  return v[std::min(idx, v.size() - 1)];
}

// Process CPU seconds (user + system): the machine is shared, so wall figures come with CPU ones.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// This thread's CPU time in ms: per-call CPU percentiles separate the store's own latency from
// time spent preempted by other processes on a loaded machine.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double ms_since(clock_type::time_point t0) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t intakes = 1'000'000;
  std::filesystem::path db = std::filesystem::temp_directory_path() / "bayscan-bench-store.db";
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--intakes" && i + 1 < argc)
      intakes = std::atoll(argv[++i]);
    else if (a == "--db" && i + 1 < argc)
      db = argv[++i];
    else if (a == "--keep")
      keep = true;
    else {
      std::fprintf(stderr, "usage: %s [--intakes N] [--db PATH] [--keep]\n", argv[0]);
      return 2;
    }
  }
  if (intakes < 100) intakes = 100;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);

  auto opened = sqlite_store::open(db);
  if (!opened) {
    std::fprintf(stderr, "%s\n", opened.error().message.c_str());
    return 1;
  }
  auto& store = **opened;
  generator gen(static_cast<int>(intakes));

  // The last `measured` intakes go through store_intake one by one (one transaction each); the
  // history before them is bulk-loaded 10,000 per transaction through the same write path.
  const std::int64_t measured = std::min<std::int64_t>(20'000, std::max<std::int64_t>(100, intakes / 10));
  const std::int64_t bulk = intakes - measured;
  std::printf("bench_store: %lld intakes (%lld bulk-loaded, %lld via store_intake) on %d cars, file %s\n",
              static_cast<long long>(intakes), static_cast<long long>(bulk), static_cast<long long>(measured), gen.cars,
              db.string().c_str());
  std::fflush(stdout);

  std::int64_t events = 0;
  const double cpu_bulk0 = cpu_seconds();
  const auto t_bulk = clock_type::now();
  for (std::int64_t i = 0; i < bulk;) {
    std::vector<pending_intake> batch;
    const std::int64_t end = std::min(bulk, i + 10'000);
    for (; i < end; ++i) {
      batch.push_back(gen.make(i, intakes));
      events += static_cast<std::int64_t>(batch.back().report.dtcs.size());
    }
    if (auto r = store.import_intakes(batch); !r) {
      std::fprintf(stderr, "%s\n", r.error().message.c_str());
      return 1;
    }
    if (i % 100'000 == 0) {
      std::fprintf(stderr, "  bulk %lld/%lld (%.0f s)\n", static_cast<long long>(i), static_cast<long long>(bulk),
                   ms_since(t_bulk) / 1000);
    }
  }
  const double bulk_s = ms_since(t_bulk) / 1000.0;
  const double bulk_cpu = cpu_seconds() - cpu_bulk0;

  // Pre-generate so the figure is the store's, not the generator's.
  std::vector<pending_intake> live;
  live.reserve(static_cast<std::size_t>(measured));
  for (std::int64_t i = bulk; i < intakes; ++i) {
    live.push_back(gen.make(i, intakes));
    events += static_cast<std::int64_t>(live.back().report.dtcs.size());
  }
  const double cpu_live0 = cpu_seconds();
  const auto t_live = clock_type::now();
  for (auto& p : live) {
    if (auto r = store.store_intake(p.report, p.meta); !r) {
      std::fprintf(stderr, "%s\n", r.error().message.c_str());
      return 1;
    }
  }
  const double live_s = ms_since(t_live) / 1000.0;
  const double live_cpu = cpu_seconds() - cpu_live0;
  live.clear();

  // History by VIN for random cars.
  std::mt19937_64 pick(7);
  std::vector<double> hist_ms, hist_cpu_ms;
  const double cpu_hist0 = cpu_seconds();
  std::size_t visits = 0;
  for (int k = 0; k < 2000; ++k) {
    const auto vin = vin_of(static_cast<int>(pick() % static_cast<std::uint64_t>(gen.cars)));
    const double c0 = thread_cpu_ms();
    const auto t0 = clock_type::now();
    auto h = store.history_for_vin(vin);
    hist_ms.push_back(ms_since(t0));
    hist_cpu_ms.push_back(thread_cpu_ms() - c0);
    if (h) visits += h->visits.size();
  }

  const double hist_cpu = cpu_seconds() - cpu_hist0;
  // Fleet: the most frequent code over the last year of data, all models; then one model.
  fleet_filter f;
  f.code = "P0420";
  f.since = generator::iso(gen.start_epoch + gen.span_seconds - 365LL * 86400);
  std::vector<double> fleet_ms;
  const double cpu_fleet0 = cpu_seconds();
  int vehicles_with_code = 0;
  for (int k = 0; k < 5; ++k) {
    const auto t0 = clock_type::now();
    auto r = store.fleet_query(f);
    fleet_ms.push_back(ms_since(t0));
    if (!r) {
      std::fprintf(stderr, "%s\n", r.error().message.c_str());
      return 1;
    }
    vehicles_with_code = r->vehicles_total;
  }
  const double fleet_cpu = (cpu_seconds() - cpu_fleet0) / 5.0;
  f.model = "Corolla";
  const auto t_model = clock_type::now();
  const auto by_model = store.fleet_query(f);
  const double model_ms = ms_since(t_model);

  // Closing the last connection checkpoints the WAL into the file and removes it.
  opened->reset();
  std::uintmax_t bytes = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ec;
    const auto s = std::filesystem::file_size(db.string() + suffix, ec);
    if (!ec) bytes += s;
  }

  std::printf("dtc events: %lld (%.2f per intake)\n", static_cast<long long>(events),
              static_cast<double>(events) / static_cast<double>(intakes));
  std::printf("bulk load (import_intakes, 10k per transaction): %.0f intakes/s (%.1f s)\n",
              static_cast<double>(bulk) / bulk_s, bulk_s);
  std::printf("store_intake (one transaction per scan, flags computed): %.0f intakes/s over %lld scans  [target >= 2000]\n",
              static_cast<double>(measured) / live_s, static_cast<long long>(measured));
  std::printf("history_for_vin over %zu random VINs (%.1f visits avg): p50 %.3f ms, p99 %.3f ms, max %.3f ms  [target p99 <= 2 ms]\n",
              hist_ms.size(), static_cast<double>(visits) / static_cast<double>(hist_ms.size()), percentile(hist_ms, 50),
              percentile(hist_ms, 99), percentile(hist_ms, 100));
  std::printf("history_for_vin thread CPU per call: p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", percentile(hist_cpu_ms, 50),
              percentile(hist_cpu_ms, 99), percentile(hist_cpu_ms, 100));
  std::printf("fleet_query %s since %s, all models (%d cars): first %.1f ms, median of 5 %.1f ms  [target <= 200 ms]\n",
              f.code.c_str(), f.since->c_str(), vehicles_with_code, fleet_ms[0], percentile(fleet_ms, 50));
  std::printf("fleet_query %s since %s, model Corolla (%d cars): %.1f ms\n", f.code.c_str(), f.since->c_str(),
              by_model ? by_model->vehicles_total : -1, model_ms);
  std::printf("file size: %.1f MB, %.0f bytes per intake\n", static_cast<double>(bytes) / 1e6,
              static_cast<double>(bytes) / static_cast<double>(intakes));
  std::printf("process CPU (user+sys) for comparison on a shared machine: bulk %.0f intakes/cpu-s, store_intake %.0f "
              "intakes/cpu-s, history %.3f cpu-ms avg, fleet %.1f cpu-ms avg\n",
              static_cast<double>(bulk) / bulk_cpu, static_cast<double>(measured) / live_cpu,
              hist_cpu * 1000.0 / static_cast<double>(hist_ms.size()), fleet_cpu * 1000.0);
  std::fflush(stdout);
  if (!keep)
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
  return 0;
}
