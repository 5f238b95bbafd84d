// What one ELM327 reply (everything up to the '>' prompt) means, as a typed value: adapter text
// for AT commands, per-ECU messages for OBD requests, or one of the error replies the datasheet
// lists in "Error Messages and Alerts". Produced by elm327::reader.
// Plain value types; thread-compatible.
#ifndef BAYSCAN_PROTOCOLS_ELM327_REPLY_HPP
#define BAYSCAN_PROTOCOLS_ELM327_REPLY_HPP

#include <bayscan/common/result.hpp>
#include <bayscan/protocols/ecu_message.hpp>
#include <bayscan/protocols/elm327_error.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bayscan::protocols::elm327 {

// ELM327 datasheet, "Error Messages and Alerts". Each is a whole line the chip prints instead of
// (or, for BUFFER FULL / CAN ERROR, after) the data.
enum class adapter_error : std::uint8_t {
  unknown_command,    // "?": the chip did not understand the line
  no_data,            // "NO DATA": no reply within the ATST time
  unable_to_connect,  // "UNABLE TO CONNECT": no protocol found / bus silent
  can_error,          // "CAN ERROR": CAN init or transmit failed (wiring, wrong rate)
  bus_busy,           // "BUS BUSY"
  bus_error,          // "BUS ERROR"
  bus_init_error,     // "BUS INIT: ...ERROR" (also "BUS INIT:ERROR" on clones)
  feedback_error,     // "FB ERROR": output not seen on the input (wiring)
  data_error,         // "DATA ERROR": reply too short / malformed
  bad_checksum,       // "<DATA ERROR" on a line of its own, with no data to keep
  receive_error,      // "<RX ERROR" on a line of its own, with no data to keep
  buffer_full,        // "BUFFER FULL": the 512-byte transmit buffer overflowed
  stopped,            // "STOPPED": a byte from the host interrupted the request
  activity_alert,     // "ACT ALERT" / "!ACT ALERT": about to enter low power
  low_power_alert,    // "LP ALERT" / "!LP ALERT": entering low power in 2 s
  low_voltage_reset,  // "LV RESET": brown-out reset; settings are back to defaults
  internal_error,     // "ERRnn": internal error nn; ERR94 = fatal CAN error, settings reset
};

std::string_view to_string(adapter_error e) noexcept;

// ERR94: "fatal CAN error", the CAN module needed a full IC reset (datasheet, ERRxx).
inline constexpr std::uint8_t fatal_can_error_number = 94;

enum class reply_kind : std::uint8_t {
  text,   // adapter text (AT command replies: "OK", "ELM327 v1.5", "12.4V", "A6")
  data,   // messages from ECUs
  error,  // an adapter_error line
};

enum class bus_init_state : std::uint8_t { not_seen, ok, failed };

// Things the caller may want to warn about even when the reply was usable.
struct reply_diagnostics {
  bool searching = false;  // "SEARCHING..." printed: automatic protocol search ran
  bus_init_state bus_init = bus_init_state::not_seen;
  bool overflow = false;  // reply longer than the reader's limit; the rest was dropped
  std::string echo;       // the echoed command line, if the chip echoed one
  std::vector<std::string> unknown_lines;  // clone banners, line noise, undecodable lines

  friend bool operator==(const reply_diagnostics&, const reply_diagnostics&) = default;
};

struct reply {
  reply_kind kind = reply_kind::text;
  // kind == text: the reply's lines joined with '\n' (empty lines dropped).
  std::string text;
  // kind == data: one complete message per ECU answer, in the order the answers completed.
  // Also filled for kind == error when data came before the error line (e.g. BUFFER FULL).
  std::vector<ecu_message> messages;
  // Indices into `messages` whose line the chip flagged (<DATA ERROR, <RX ERROR), whose legacy
  // checksum did not add up, or whose ISO-TP reassembly was incomplete or out of sequence.
  std::vector<std::size_t> damaged;
  adapter_error error = adapter_error::unknown_command;  // meaningful when kind == error
  std::uint8_t error_number = 0;                         // nn of ERRnn
  reply_diagnostics diagnostics;

  bool is_ok() const noexcept { return kind == reply_kind::text && text == "OK"; }
  bool is_damaged(std::size_t message_index) const noexcept;

  friend bool operator==(const reply&, const reply&) = default;
};

// ATRV reply ("12.4V", clones also "12.4 V" or without unit) in volts.
result<double> parse_voltage(std::string_view text);

}  // namespace bayscan::protocols::elm327

#endif
