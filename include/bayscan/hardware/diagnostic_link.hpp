// DiagnosticLink: the one interface the service layer (src/intake) sees of an adapter.
// "Send this J1979/UDS request to this target (functional, or one ECU), give me each ECU's
// complete response, or a typed error (no data, timeout, bus error, adapter lost)."
// How bytes move (ELM327 text over serial/TCP, ISO-TP over SocketCAN/socketcand, in-process
// simulator) stays below it. Implementations are not thread-safe: one scan drives one link
// from one thread.
#ifndef BAYSCAN_HARDWARE_DIAGNOSTIC_LINK_HPP
#define BAYSCAN_HARDWARE_DIAGNOSTIC_LINK_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/result.hpp>
#include <bayscan/protocols/ecu_message.hpp>
#include <bayscan/protocols/obd_protocol.hpp>

#include <boost/system/error_category.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace bayscan::hardware {

enum class link_error {
  no_data = 1,        // nobody answered this request (ELM "NO DATA"; no CAN reply within P2)
  timeout,            // the adapter itself stopped answering within its deadline
  unable_to_connect,  // no OBD protocol found on the vehicle (ignition off? wrong port?)
  bus_error,          // CAN ERROR, BUS ERROR, BUS BUSY, FB ERROR, ERRnn ...
  bus_init_error,     // BUS INIT: ...ERROR on ISO 9141-2 / KWP2000
  adapter_lost,       // EOF, unplug, link dropped, LV RESET mid-request
  adapter_error,      // adapter refused or garbled the command ("?", junk we cannot read)
  buffer_full,        // ELM "BUFFER FULL" after retries
  not_connected,      // request() before connect()
};

const boost::system::error_category& link_category() noexcept;
inline boost::system::error_code make_error_code(link_error e) noexcept {
  return {static_cast<int>(e), link_category()};
}

// Who a request is for. Functional = every emissions ECU (0x7DF / 0x18DB33F1 / legacy 0x33).
struct request_target {
  std::optional<protocols::ecu_address> ecu;  // nullopt: functional
  static request_target functional() { return {}; }
  static request_target physical(protocols::ecu_address a) { return {a}; }
};

struct diagnostic_request {
  byte_vector data;  // service id + parameters, e.g. {0x01, 0x0C, 0x0D}
  request_target target;
  // How many ECUs are known to answer (learned from the first requests). Lets an ELM327 return
  // after that many replies (response-count digit) and a CAN driver stop waiting early.
  std::optional<int> expected_responses;
};

struct diagnostic_response {
  std::vector<protocols::ecu_message> messages;  // every complete message, per ECU, arrival order
  std::vector<std::string> warnings;             // recovered problems (a retry after CAN ERROR ...)
};

struct adapter_description {
  std::string kind;     // "elm327" | "can"
  std::string version;  // "ELM327 v1.5", "STN1110 v5.6", "socketcand can0"
  std::string device;   // the URI or device path it was opened from
};

// Progress for the advisor's screen: step name and 0..100.
using progress_callback = std::function<void(std::string_view step, int percent)>;

class diagnostic_link {
 public:
  virtual ~diagnostic_link() = default;

  // Initialises the adapter and finds the vehicle's protocol. Bounded in time.
  virtual result<void> connect(const progress_callback& progress) = 0;
  virtual protocols::obd_protocol protocol() const = 0;
  virtual adapter_description adapter() const = 0;

  virtual result<diagnostic_response> request(const diagnostic_request& req) = 0;

  // ATRV on an ELM327; nullopt where the adapter cannot measure it.
  virtual std::optional<double> battery_voltage() = 0;

  // The raw adapter traffic so far, as a terminal would show it (replayable by `bayscan decode`).
  virtual std::string session_log() const = 0;

  // Number of requests sent to the vehicle (adapter set-up commands excluded).
  virtual int request_count() const = 0;

  virtual void close() = 0;
};

}  // namespace bayscan::hardware

template <>
struct boost::system::is_error_code_enum<bayscan::hardware::link_error> : std::true_type {};

#endif
