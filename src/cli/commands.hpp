// The CLI's subcommands. Each adds itself to the CLI11 app and, when chosen, sets `run` to the
// action main() executes after parsing (ARCHITECTURE.md, "CLI contract").
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace bayscan::cli {

// Exit codes: 0 success, 1 vehicle/adapter problem, 2 usage error.
inline constexpr int exit_ok = 0;
inline constexpr int exit_vehicle = 1;
inline constexpr int exit_usage = 2;

void add_decode_command(CLI::App& app, std::function<int()>& run);
void add_history_command(CLI::App& app, std::function<int()>& run);
void add_fleet_command(CLI::App& app, std::function<int()>& run);
void add_scan_command(CLI::App& app, std::function<int()>& run);

}  // namespace bayscan::cli
