// bayscan-sim: serves a simulated vehicle (sim/scenarios/*.json) behind an ELM327 emulator on a
// pseudo-terminal or TCP, or as a CAN bus through the socketcand protocol.
//   bayscan-sim --scenario FILE|NAME --serve pty|tcp:PORT|socketcand:PORT [--log FILE]
//   bayscan-sim --list
// The first stdout line names the endpoint (pty slave path, tcp:127.0.0.1:PORT,
// socketcand:127.0.0.1:PORT/can0) so a script or test can connect. Runs until SIGINT/SIGTERM,
// or until an injected disconnect fault closes the pty link.
// Exit codes: 0 done, 1 serving failed, 2 usage or scenario error.
#include <bayscan/sim/elm327_server.hpp>
#include <bayscan/sim/j1979_responder.hpp>
#include <bayscan/sim/scenario_loader.hpp>
#include <bayscan/sim/socketcand_server.hpp>
#include <bayscan/sim/vehicle.hpp>


#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/json/parse.hpp>

#include <charconv>
#include <csignal>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace {

namespace asio = boost::asio;
using namespace bayscan;

enum class front_end { pty, tcp, socketcand };

struct serve_spec {
  front_end kind = front_end::pty;
  std::uint16_t port = 0;
};

std::optional<serve_spec> parse_serve(std::string_view text) {
  if (text == "pty") return serve_spec{front_end::pty, 0};
  auto with_port = [&](std::string_view prefix, front_end kind) -> std::optional<serve_spec> {
    if (!text.starts_with(prefix)) return std::nullopt;
    auto digits = text.substr(prefix.size());
    unsigned port = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || port > 65535)
      return std::nullopt;
    return serve_spec{kind, static_cast<std::uint16_t>(port)};
  };
  if (auto s = with_port("tcp:", front_end::tcp)) return s;
  return with_port("socketcand:", front_end::socketcand);
}

// Whether a server log line reports the link dropped by an injected fault.
bool is_disconnect_event(const std::string& json_line) {
  boost::system::error_code ec;
  auto v = boost::json::parse(json_line, ec);
  if (ec || !v.is_object()) return false;
  const auto* event = v.as_object().if_contains("event");
  return event && event->is_string() && event->as_string() == "disconnect";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bayscan-sim: a simulated vehicle behind an ELM327 emulator or a socketcand bus"};
  std::string scenario_name;
  std::string serve_text = "pty";
  std::string log_path;
  bool list = false;
  app.add_option("--scenario", scenario_name, "scenario file or catalogue name (see --list)");
  app.add_option("--serve", serve_text, "pty | tcp:PORT | socketcand:PORT (PORT 0: any free port)");
  app.add_option("--log", log_path, "write one JSON line per request and reply to FILE");
  app.add_flag("--list", list, "print the catalogue's scenario names and exit");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }

  if (list) {
    for (const auto& name : sim::list_scenarios()) std::cout << name << '\n';
    return 0;
  }
  if (scenario_name.empty()) {
    std::cerr << "bayscan-sim: --scenario FILE|NAME is required (names: bayscan-sim --list)\n";
    return 2;
  }
  const auto spec = parse_serve(serve_text);
  if (!spec) {
    std::cerr << "bayscan-sim: --serve \"" << serve_text
              << "\": expected pty, tcp:PORT or socketcand:PORT\n";
    return 2;
  }

  auto loaded = sim::load_scenario(sim::find_scenario(scenario_name));
  if (!loaded) {
    std::cerr << "bayscan-sim: " << loaded.error().message() << '\n';
    return 2;
  }
  const sim::scenario definition = *loaded;

  std::ofstream log_file;
  if (!log_path.empty()) {
    log_file.open(log_path, std::ios::out | std::ios::trunc);
    if (!log_file) {
      std::cerr << "bayscan-sim: cannot write log file " << log_path << '\n';
      return 2;
    }
  }

  asio::io_context io;
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec) io.stop();
  });

  sim::vehicle car(definition);
  sim::j1979_responder responder(car);

  const bool pty = spec->kind == front_end::pty;
  sim::request_logger logger = [&](const std::string& line) {
    if (log_file) log_file << line << '\n' << std::flush;
    // A pty has exactly one client: when a fault drops its link the simulated adapter is gone.
    if (pty && is_disconnect_event(line)) asio::post(io, [&] { io.stop(); });
  };

  std::string endpoint;
  std::unique_ptr<sim::elm327_server> elm_server;
  std::unique_ptr<sim::socketcand_server> can_server;
  switch (spec->kind) {
    case front_end::pty:
    case front_end::tcp: {
      sim::elm327_server_options options;
      options.personality = definition.adapter;
      options.timing = definition.timing;
      options.faults = definition.faults;
      options.log = logger;
      auto server = pty ? sim::serve_elm327_on_pty(io, responder, std::move(options))
                        : sim::serve_elm327_on_tcp(io, responder, spec->port, std::move(options));
      if (!server) {
        std::cerr << "bayscan-sim: cannot serve on " << serve_text << ": "
                  << server.error().message() << '\n';
        return 1;
      }
      elm_server = std::move(*server);
      endpoint = pty ? elm_server->endpoint() : "tcp:" + elm_server->endpoint();
      break;
    }
    case front_end::socketcand: {
      sim::socketcand_server_options options;
      options.timing = definition.timing;
      options.log = logger;
      const std::string bus = options.interface_name;
      auto server = sim::serve_socketcand_on_tcp(io, responder, spec->port, std::move(options));
      if (!server) {
        std::cerr << "bayscan-sim: cannot serve on " << serve_text << ": "
                  << server.error().message() << '\n';
        return 1;
      }
      can_server = std::move(*server);
      endpoint = "socketcand:" + can_server->endpoint() + "/" + bus;
      break;
    }
  }

  std::cout << endpoint << std::endl;  // first line, flushed: clients wait for it
  std::cerr << "bayscan-sim: scenario " << definition.name << " ("
            << protocols::protocol_name(definition.protocol) << ", " << definition.ecus.size()
            << (definition.ecus.size() == 1 ? " ECU" : " ECUs") << ") on " << endpoint << '\n';
  io.run();
  if (elm_server) elm_server->stop();
  if (can_server) can_server->stop();
  return 0;
}
