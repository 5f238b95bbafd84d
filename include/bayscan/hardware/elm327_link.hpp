// elm327_link: the DiagnosticLink over an ELM327 (or STN11xx, or one of the many clones) that
// speaks its text protocol on a byte_stream (serial port, pty, TCP WiFi dongle, in-process
// emulator, memory stream in tests).
//
// connect(): gets a clean '>' prompt (a lone CR: the chip either stops what it was doing and
// prints STOPPED, or answers; both end in exactly one prompt), then ATD (ATWS, ATZ with a
// timeout and retry only when the chip does not answer), ATE0, ATL0 when linefeeds are on,
// ATS0 (spaces stay on where it answers "?"), ATH1 (headers: ECUs can be told apart), ATST,
// STI / ATI for the version. Protocol: ATSP6 + the probe request (CAN 11/500, the common case),
// then ATSP0 automatic search + ATDPN, then, where the search finds nothing, each protocol in
// turn. The ECUs that answered the probe give the response-count digit of later requests.
//
// request(): one OBD line per request, with the response-count digit when the number of
// answering ECUs is known (detected as unsupported once: "NO DATA" on a count request that
// answers without it), physical addressing with ATSH only when the target changes (CAN), typed
// errors with a bounded retry policy (CAN ERROR / BUS ERROR, STOPPED, BUFFER FULL, LV RESET,
// garbled replies). The answer to the connect probe is kept and returned for the first request
// that asks exactly the same thing (functional; on CAN the probe asks every supported-PID range at
// once, which is how an intake starts), so the scan does not pay that round trip twice;
// that reuse is not counted in request_count().
//
// Every read and write has a deadline; nothing is ever written while the chip is busy (the
// driver always waits for the prompt, and after a timeout waits for it again, or provokes it,
// before the next command).
//
// Ownership: owns its byte_stream. Thread-safety: none; one thread drives one link.
#ifndef BAYSCAN_HARDWARE_ELM327_LINK_HPP
#define BAYSCAN_HARDWARE_ELM327_LINK_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/result.hpp>
#include <bayscan/hardware/adapter_uri.hpp>
#include <bayscan/hardware/byte_stream.hpp>
#include <bayscan/hardware/diagnostic_link.hpp>
#include <bayscan/protocols/ecu_message.hpp>
#include <bayscan/protocols/elm327_command.hpp>
#include <bayscan/protocols/elm327_reader.hpp>
#include <bayscan/protocols/obd_protocol.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bayscan::hardware {

struct elm327_options {
  // Silence allowed while waiting for the reply to an AT command.
  std::chrono::milliseconds command_timeout{1000};
  // ATZ / ATWS: the chip restarts (ATZ about 0.5 s on the emulator; slow clones take longer).
  std::chrono::milliseconds reset_timeout{2500};
  // How many times ATZ is tried when the chip does not answer at all.
  int reset_attempts = 2;
  // Waiting for the first prompt after the sync CR.
  std::chrono::milliseconds sync_timeout{400};
  // Silence allowed while waiting for a vehicle reply. The chip itself answers NO DATA after
  // its ATST time, so this only fires when the adapter is stuck.
  std::chrono::milliseconds request_timeout{3000};
  // Silence allowed during an automatic protocol search or a slow (5-baud) bus init.
  std::chrono::milliseconds search_timeout{20000};
  // Bound on the whole of connect().
  std::chrono::milliseconds connect_timeout{45000};
  // ATST: how long the chip waits for an ECU. 100 ms is twice the ISO 15765-4 P2CAN maximum
  // (50 ms), so a compliant ECU is never cut off, and NO DATA costs half the default 200 ms.
  // nullopt leaves the adapter's own setting.
  std::optional<std::chrono::milliseconds> ecu_timeout = std::chrono::milliseconds(100);
  // ATAT0/1/2. nullopt keeps ATAT1, the chip's default after ATD and the datasheet's
  // recommendation; ATAT2 shortens the wait for further ECUs on uncounted requests a little more
  // but may cut off a slow second ECU.
  std::optional<protocols::elm327::adaptive_timing> adaptive_timing;
  // Use the response-count digit once the number of responders is known.
  bool response_count = true;
  // Retries after CAN ERROR / BUS ERROR / BUS INIT ERROR before giving up.
  int bus_retries = 2;
  // A fixed protocol instead of the ATSP6-then-search sequence.
  std::optional<protocols::obd_protocol> protocol;
  // When the automatic search finds nothing, try every OBD protocol explicitly (clones whose
  // search is broken); bounded by connect_timeout.
  bool explicit_protocol_fallback = true;
  // The request that proves a vehicle answers and counts the ECUs (SAE J1979 service 01 PID 00
  // is the one every OBD ECU must support). Used for the automatic search and legacy protocols.
  byte_vector probe = {0x01, 0x00};
  // The probe on a CAN protocol tried directly: every supported-PID range in one request (SAE
  // J1979 allows up to six PIDs per service 01 request on CAN; each ECU answers the ranges it
  // supports, 00 always). Its answer is what an intake asks first, so it is served from here.
  byte_vector can_probe = {0x01, 0x00, 0x20, 0x40, 0x60, 0x80, 0xA0};
};

class elm327_link final : public diagnostic_link {
 public:
  explicit elm327_link(std::unique_ptr<byte_stream> stream, elm327_options options = {},
                       std::string device = {});
  ~elm327_link() override;
  elm327_link(const elm327_link&) = delete;
  elm327_link& operator=(const elm327_link&) = delete;

  result<void> connect(const progress_callback& progress) override;
  protocols::obd_protocol protocol() const override { return protocol_; }
  adapter_description adapter() const override;
  result<diagnostic_response> request(const diagnostic_request& req) override;
  std::optional<double> battery_voltage() override;
  std::string session_log() const override { return log_; }
  int request_count() const override { return request_count_; }
  void close() override;

  // What connect() learned, for reports and tests.
  const std::vector<protocols::ecu_address>& responders() const noexcept { return responders_; }
  bool spaces_off() const noexcept { return !reader_.settings().spaces; }
  bool response_count_supported() const noexcept { return counts_ != count_support::rejected; }
  bool is_stn() const noexcept { return stn_; }
  // The sentence behind the last error (what the adapter printed, what the transport said).
  const std::string& last_error_detail() const noexcept { return detail_; }

 private:
  enum class count_support { unknown, accepted, rejected };
  struct exchange {
    protocols::elm327::reply reply;
    std::string raw;  // the reply's bytes as received (before filtering)
  };

  result<exchange> command(std::string_view line, std::chrono::milliseconds idle);
  result<exchange> read_reply(std::chrono::milliseconds idle, deadline cap);
  result<void> write_line(std::string_view line);
  result<void> sync();
  result<void> reset_chip();
  result<void> configure();
  result<void> identify();
  result<void> find_protocol(const progress_callback& progress);
  result<protocols::elm327::reply> probe(const byte_vector& request,
                                         std::chrono::milliseconds idle);
  result<void> restore_after_reset();
  result<void> set_timing();
  result<void> select_header(const request_target& target);
  std::optional<unsigned> response_count_for(const diagnostic_request& req) const;
  error_code fail(link_error e, std::string detail);
  error_code transport_failed(const error_code& ec, std::string_view during);

  std::unique_ptr<byte_stream> stream_;
  elm327_options options_;
  std::string device_;
  protocols::elm327::reader reader_;
  std::string log_;
  std::string pending_;  // bytes read after a prompt, not yet part of a reply
  bool connected_ = false;
  bool synced_ = false;
  bool linefeeds_seen_ = false;
  bool stn_ = false;
  bool spaces_supported_ = true;
  count_support counts_ = count_support::unknown;
  protocols::obd_protocol protocol_ = protocols::obd_protocol::automatic;
  std::string version_;
  std::string header_;  // the ATSH argument in force; empty = the adapter's default (functional)
  std::vector<protocols::ecu_address> responders_;
  std::optional<diagnostic_response> probe_answer_;
  byte_vector probe_sent_;  // the request whose answer probe_answer_ holds
  int request_count_ = 0;
  deadline connect_until_{};
  std::string detail_;
};

// Opens serial: or tcp: and wraps it in an elm327_link (not yet connected). Other URIs fail
// with bad_uri; open failures keep their transport_error and detail.
boost::system::result<std::unique_ptr<elm327_link>, transport_failure> open_elm327_link(
    const adapter_uri& uri, elm327_options options = {});

}  // namespace bayscan::hardware

#endif
