// `bayscan decode [--protocol N] FILE|-`: replays an ELM327 terminal log into JSON.
#include "commands.hpp"

#include <bayscan/core/json_format.hpp>
#include <bayscan/core/session_log_decoder.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace bayscan::cli {

void add_decode_command(CLI::App& app, std::function<int()>& run) {
  auto* cmd = app.add_subcommand("decode", "Decode a captured ELM327 session log into JSON");
  auto protocol = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  cmd->add_option("--protocol", *protocol,
                  "ELM327 protocol number (1-9, A-C) to assume until the log selects one");
  cmd->add_option("file", *file, "log file, or - for standard input")->required();
  cmd->callback([&run, protocol, file] {
    run = [protocol, file]() -> int {
      core::decode_options options;
      if (!protocol->empty()) {
        auto p = protocol->size() == 1 ? protocols::protocol_from_digit((*protocol)[0]) : std::nullopt;
        if (!p || *p == protocols::obd_protocol::automatic) {
          std::cerr << "bayscan decode: --protocol must be one ELM327 protocol digit 1-9 or A-C, not '"
                    << *protocol << "'\n";
          return exit_usage;
        }
        options.protocol = p;
      }
      std::string text;
      if (*file == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), {});
      } else {
        std::ifstream in(*file, std::ios::binary);
        if (!in) {
          std::cerr << "bayscan decode: cannot read '" << *file << "'\n";
          return exit_usage;
        }
        text.assign(std::istreambuf_iterator<char>(in), {});
      }
      std::cout << core::format_json(core::decode_session_log(text, options));
      return exit_ok;
    };
  });
}

}  // namespace bayscan::cli
