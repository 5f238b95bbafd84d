// bayscan: the advisor's and technician's command line (ARCHITECTURE.md, "CLI contract").
// Exit codes: 0 success, 1 vehicle/adapter problem, 2 usage error.
#include <CLI/CLI.hpp>

#include <cstdio>

int main(int argc, char** argv) {
  CLI::App app{"bayscan: OBD-II diagnostic intake for the service bay"};
  app.set_version_flag("--version", "bayscan 0.1.0");
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return 0;
}
