// `bayscan history VIN` and `bayscan fleet --dtc CODE`: what technicians and managers read from
// the store. Neither touches customers' personal data.
#include "commands.hpp"

#include <bayscan/core/history.hpp>
#include <bayscan/core/json_format.hpp>
#include <bayscan/core/sqlite_store.hpp>

#include <iostream>

namespace bayscan::cli {

namespace {

struct store_args {
  std::string db;
  bool json = false;
  std::string lang = "zh-TW";
};

void add_store_args(CLI::App* cmd, store_args& a) {
  cmd->add_option("--db", a.db, "SQLite file (default: ~/.local/share/bayscan/bayscan.db)");
  cmd->add_flag("--json", a.json, "print JSON instead of the readable summary");
  cmd->add_option("--lang", a.lang, "language of the summary: zh-TW or en")
      ->check(CLI::IsMember({"zh-TW", "en"}));
}

// Opens the store the user named (or the default) without creating an empty one by surprise.
std::unique_ptr<core::sqlite_store> open_store(const store_args& a, int& exit_code) {
  std::filesystem::path path;
  if (a.db.empty()) {
    auto p = core::default_database_path();
    if (!p) {
      std::cerr << "bayscan: " << p.error().message << "\n";
      exit_code = exit_usage;
      return nullptr;
    }
    path = *p;
  } else {
    path = a.db;
  }
  if (!std::filesystem::exists(path)) {
    std::cerr << "bayscan: no intake database at " << path.string() << " (run `bayscan scan` first or pass --db)\n";
    exit_code = exit_usage;
    return nullptr;
  }
  auto s = core::sqlite_store::open(path);
  if (!s) {
    std::cerr << "bayscan: " << s.error().message << "\n";
    exit_code = exit_usage;
    return nullptr;
  }
  return std::move(*s);
}

language lang_of(const store_args& a) { return a.lang == "en" ? language::en : language::zh_tw; }

}  // namespace

void add_history_command(CLI::App& app, std::function<int()>& run) {
  auto* cmd = app.add_subcommand("history", "A car's visits, codes and readiness over time, by VIN");
  auto args = std::make_shared<store_args>();
  auto vin = std::make_shared<std::string>();
  cmd->add_option("vin", *vin, "the car's VIN")->required();
  add_store_args(cmd, *args);
  cmd->callback([&run, args, vin] {
    run = [args, vin]() -> int {
      int code = exit_ok;
      auto store = open_store(*args, code);
      if (!store) return code;
      auto h = store->history_for_vin(*vin);
      if (!h) {
        std::cerr << "bayscan history: " << h.error().message << "\n";
        return h.error().code == core::store_error::not_found ? exit_vehicle : exit_usage;
      }
      std::cout << (args->json ? core::format_json(core::to_json(*h)) : core::render_history(*h, lang_of(*args)));
      return exit_ok;
    };
  });
}

void add_fleet_command(CLI::App& app, std::function<int()>& run) {
  auto* cmd = app.add_subcommand("fleet", "Which cars and models showed a trouble code");
  auto args = std::make_shared<store_args>();
  auto filter = std::make_shared<core::fleet_filter>();
  auto model = std::make_shared<std::string>();
  auto since = std::make_shared<std::string>();
  cmd->add_option("--dtc", filter->code, "the code, e.g. P0420")->required();
  cmd->add_option("--model", *model, "only this model");
  cmd->add_option("--since", *since, "only intakes since this date (YYYY-MM-DD)");
  add_store_args(cmd, *args);
  cmd->callback([&run, args, filter, model, since] {
    run = [args, filter, model, since]() -> int {
      int code = exit_ok;
      if (!model->empty()) filter->model = *model;
      if (!since->empty()) filter->since = *since;
      auto store = open_store(*args, code);
      if (!store) return code;
      auto f = store->fleet_query(*filter);
      if (!f) {
        std::cerr << "bayscan fleet: " << f.error().message << "\n";
        return exit_usage;
      }
      std::cout << (args->json ? core::format_json(core::to_json(*f)) : core::render_fleet(*f, lang_of(*args)));
      return exit_ok;
    };
  });
}

}  // namespace bayscan::cli
