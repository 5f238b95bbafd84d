// bayscan: the advisor's and technician's command line (ARCHITECTURE.md, "CLI contract").
// Exit codes: 0 success, 1 vehicle/adapter problem, 2 usage error.
#include "commands.hpp"

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{"bayscan: OBD-II diagnostic intake for the service bay"};
  app.set_version_flag("--version", "bayscan 0.1.0");
  app.require_subcommand(1);
  std::function<int()> run;
  bayscan::cli::add_scan_command(app, run);
  bayscan::cli::add_decode_command(app, run);
  bayscan::cli::add_history_command(app, run);
  bayscan::cli::add_fleet_command(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? bayscan::cli::exit_ok : bayscan::cli::exit_usage;
  }
  try {
    return run ? run() : bayscan::cli::exit_usage;
  } catch (const std::exception& e) {
    std::cerr << "bayscan: " << e.what() << "\n";
    return bayscan::cli::exit_vehicle;
  }
}
