// The ELM327 as a client sees it, in front of a simulated vehicle: command interpreter, output
// formatting (echo, linefeeds, spaces, headers, DLC, CAN auto-formatting), automatic protocol
// search, the response-count digit, waiting for further ECUs until the ST timeout, error
// replies, clone quirks and injected faults. Sans-I/O: a line goes in, a timed output schedule
// comes out; the server (elm327_server.hpp) paces the bytes at the serial rate and turns a byte
// that arrives while busy into STOPPED.
// Not thread-safe; one emulator per client connection.
#ifndef BAYSCAN_SIM_ELM327_EMULATOR_HPP
#define BAYSCAN_SIM_ELM327_EMULATOR_HPP

#include <bayscan/protocols/obd_protocol.hpp>
#include <bayscan/sim/obd_responder.hpp>
#include <bayscan/sim/scenario.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bayscan::sim {

// Bytes to put on the wire `at` after the command's CR arrived (before serial pacing).
struct output_chunk {
  std::chrono::microseconds at{0};
  std::string bytes;
};

struct emulator_response {
  std::vector<output_chunk> chunks;  // time-ordered; the last one ends with the '>' prompt
  bool close_link = false;           // the link drops after the output (ATZ quirk, fault)
  bool vehicle_request = false;      // the line went to the vehicle (not an AT command)
  // How long the vehicle itself needed: from the request on the bus to its last reply frame
  // (the floor of a scan, used by the benchmark), and the replies' count.
  std::chrono::microseconds bus_time{0};
  int ecu_replies = 0;
};

class elm327_emulator {
 public:
  elm327_emulator(obd_responder& vehicle, adapter_personality personality, timing t,
                  std::vector<fault> faults);

  // What the chip prints at power-up: "ELM327 v1.5\r\r>".
  std::string power_on_banner() const;

  // One line from the host without its CR. An empty line repeats the last command (datasheet:
  // "a single carriage return repeats the last command").
  emulator_response on_line(std::string_view line);

  // A byte from the host arrived while the chip was busy: it abandons the request.
  std::string on_interrupt() const;

  // The serial rate the host must use now (ATBRD changes it).
  std::uint32_t baud() const noexcept { return baud_; }

  // Requests sent to the vehicle so far.
  std::uint32_t vehicle_request_count() const noexcept { return requests_; }

 private:
  struct state {
    bool echo = true, linefeeds = false, spaces = true, headers = false, show_dlc = false;
    bool can_auto_format = true;
    protocols::obd_protocol selected = protocols::obd_protocol::automatic;
    bool search_on_failure = true;  // ATSP 0 / ATSP Ah
    std::optional<protocols::obd_protocol> active;
    bool bus_initialised = false;   // legacy slow/fast init done since the protocol became active
    std::uint32_t st_timeout_ms = 200;  // ATST default 32 (hex) x 4 ms
    std::uint8_t adaptive = 1;
    std::optional<std::uint32_t> header;  // ATSH
    std::optional<std::uint32_t> receive_filter;  // ATCRA
  };

  emulator_response adapter_command(std::string_view cmd);
  emulator_response vehicle_request(std::string_view hex_line);
  std::string eol() const { return s_.linefeeds ? "\r\n" : "\r"; }
  std::string finish(std::string body) const;  // body + empty line + prompt
  std::string echo_of(std::string_view line) const;
  std::string format_hex(const byte_vector& bytes) const;
  std::vector<std::string> format_reply(const bus_reply& r, protocols::obd_protocol p) const;
  std::optional<std::uint32_t> physical_target(protocols::obd_protocol p) const;
  std::chrono::microseconds wait_after_last_reply(std::chrono::microseconds latest) const;
  const fault* find_fault(fault_kind k) const;
  void reset(bool keep_baud);

  obd_responder& vehicle_;
  adapter_personality personality_;
  timing timing_;
  std::vector<fault> faults_;
  state s_;
  std::string last_line_;
  std::uint32_t baud_;
  std::optional<std::uint32_t> brd_previous_baud_;  // ATBRD waiting for the host's CR
  std::uint32_t requests_ = 0;
  std::uint32_t bus_inits_ = 0;
  std::chrono::microseconds learned_latency_{0};
};

}  // namespace bayscan::sim

#endif
