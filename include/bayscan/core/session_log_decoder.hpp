// Replays an ELM327 session log as a terminal shows it (commands after '>' prompts or on their
// own lines, the adapter's raw replies, CR or LF line ends, echo on or off) and decodes every
// reply: PIDs with names, values and units, DTCs with status and description, VIN, CALIDs,
// typed adapter errors. Follows the AT settings the log itself changes (ATH1, ATS0, ATCAF0,
// ATSP…). Technicians use it to replay a customer's log; it must never crash on any input.
// Pure function of its input; thread-safe.
#ifndef BAYSCAN_CORE_SESSION_LOG_DECODER_HPP
#define BAYSCAN_CORE_SESSION_LOG_DECODER_HPP

#include <bayscan/protocols/obd_protocol.hpp>

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bayscan::core {

struct log_exchange {
  std::string command;  // as typed or echoed; empty when the log holds only the reply
  std::string reply;    // the reply's text up to (excluding) the prompt
};

// Splits a terminal log into command/reply exchanges.
std::vector<log_exchange> split_session_log(std::string_view log);

struct decode_options {
  // The protocol to assume until the log itself says (ATSP n, ATDPN): `--protocol N`.
  std::optional<protocols::obd_protocol> protocol;
};

// {"exchanges": [{"index", "command", "kind", "outcome", ...}], "summary": {...}}
boost::json::value decode_session_log(std::string_view log, const decode_options& options = {});

}  // namespace bayscan::core

#endif
