// `bayscan scan --adapter URI [--json] [--db PATH] [--no-store] [--bay NAME]`: one intake.
#include "commands.hpp"

#include <bayscan/core/intake_scan.hpp>
#include <bayscan/core/intake_summary.hpp>
#include <bayscan/core/json_format.hpp>
#include <bayscan/core/link_factory.hpp>
#include <bayscan/core/sqlite_store.hpp>
#include <bayscan/protocols/vin.hpp>
#include <bayscan/protocols/vin_model_year.hpp>
#include <bayscan/protocols/wmi.hpp>

#include <chrono>
#include <ctime>
#include <iostream>

namespace bayscan::cli {

namespace {

struct scan_args {
  std::string adapter;
  bool json = false;
  std::string db;
  bool no_store = false;
  std::string bay = "bay-1";
};

// What the VIN itself tells the store about the car (make from the WMI, model year).
void describe_vehicle(const core::intake_report& r, core::intake_meta& meta) {
  if (!r.vin) return;
  auto v = protocols::parse_vin(*r.vin);
  if (!v) return;
  if (v->manufacturer) meta.make = std::string(*v->manufacturer);
  protocols::model_year_hints hints;
  hints.answered_obd2 = true;
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  hints.current_year = tm.tm_year + 1900;
  if (r.protocol.id.size() == 1) {
    if (auto p = protocols::protocol_from_digit(r.protocol.id[0])) hints.protocol = *p;
  }
  hints.supports_pid_a6 = r.odometer_source == "pid_a6";
  auto year = protocols::resolve_model_year(*v, hints);
  if (year.model_year) meta.model_year = *year.model_year;
}

}  // namespace

void add_scan_command(CLI::App& app, std::function<int()>& run) {
  auto* cmd = app.add_subcommand("scan", "Read the car at the bay: codes, lamps, odometer, readiness");
  auto a = std::make_shared<scan_args>();
  cmd->add_option("--adapter", a->adapter,
                  "serial:/dev/ttyUSB0?baud=38400 | tcp:HOST:PORT | socketcan:can0 | "
                  "socketcand:HOST:PORT/can0 | sim:SCENARIO")
      ->required();
  cmd->add_flag("--json", a->json, "print the IntakeReport JSON");
  cmd->add_option("--db", a->db, "SQLite file (default: ~/.local/share/bayscan/bayscan.db)");
  cmd->add_flag("--no-store", a->no_store, "do not store the intake");
  cmd->add_option("--bay", a->bay, "the reception bay's name");
  cmd->callback([&run, a] {
    run = [a]() -> int {
      auto opened = core::open_diagnostic_link(a->adapter);
      if (!opened.link) {
        std::cerr << "bayscan scan: " << opened.error << "\n";
        return opened.usage_error ? exit_usage : exit_vehicle;
      }
      // Open the store before reading the car, so a bad --db is reported before the customer
      // waits for a scan that cannot be kept.
      std::unique_ptr<core::sqlite_store> store;
      if (!a->no_store) {
        std::filesystem::path path = a->db;
        if (path.empty()) {
          auto p = core::default_database_path();
          if (!p) {
            std::cerr << "bayscan scan: " << p.error().message << "\n";
            return exit_usage;
          }
          path = *p;
        }
        auto s = core::sqlite_store::open(path);
        if (!s) {
          std::cerr << "bayscan scan: " << s.error().message << "\n";
          return exit_usage;
        }
        store = std::move(*s);
      }
      core::scan_options options;
      options.progress = [](std::string_view step, int percent) {
        std::cerr << "[" << (percent < 100 ? (percent < 10 ? "  " : " ") : "") << percent << "%] " << step << "\n";
      };
      auto outcome = core::run_intake_scan(*opened.link, options);
      auto& report = outcome.report;
      if (store) {
        core::intake_meta meta;
        meta.bay = a->bay;
        meta.adapter_uri = a->adapter;
        meta.session_log = opened.link->session_log();
        describe_vehicle(report, meta);
        auto id = store->store_intake(report, meta);
        if (!id) {
          std::cerr << "bayscan scan: the intake was read but not stored: " << id.error().message << "\n";
        } else {
          std::cerr << "stored as intake " << *id << " in " << store->path().string() << "\n";
        }
      }
      opened.link->close();
      std::cout << (a->json ? core::format_json(core::to_json(report)) : core::render_intake_summary(report));
      if (outcome.failure) {
        std::cerr << "bayscan scan: " << outcome.failure->message() << "\n";
        return exit_vehicle;
      }
      return exit_ok;
    };
  });
}

}  // namespace bayscan::cli
