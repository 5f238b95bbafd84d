// ELM327 command lines: the bytes a driver writes to the adapter, each ending with the CR the
// chip waits for (ELM327 datasheet, "Communicating with the ELM327": commands end with a carriage
// return). AT commands follow the datasheet's "AT Command Summary"; STI is the STN11xx family's
// identify command (STN11xx reference manual). No spaces are inserted: the chip ignores them and
// they cost serial time.
// Pure functions returning values; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_ELM327_COMMAND_HPP
#define BAYSCAN_PROTOCOLS_ELM327_COMMAND_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/result.hpp>
#include <bayscan/protocols/elm327_error.hpp>
#include <bayscan/protocols/obd_protocol.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace bayscan::protocols::elm327 {

// General commands.
std::string at_reset();               // ATZ: full reset, prints the banner
std::string at_warm_start();          // ATWS: reset without the LED test, keeps ATBRD rate
std::string at_defaults();            // ATD: all settings to defaults
std::string at_identify();            // ATI: "ELM327 v1.5"
std::string at_device_description();  // AT@1
std::string at_echo(bool on);         // ATE0 / ATE1
std::string at_linefeeds(bool on);    // ATL0 / ATL1
std::string at_spaces(bool on);       // ATS0 / ATS1
std::string at_headers(bool on);      // ATH0 / ATH1
std::string at_memory(bool on);       // ATM0 / ATM1
std::string at_read_voltage();        // ATRV: "12.4V"
// ATBRD hh: try baud rate 4000/hh kbps; 00 is rejected.
result<std::string> at_baud_rate_divisor(std::uint8_t divisor);
std::string stn_identify();  // STI (STN11xx only): "STN1110 v4.2.1"

// OBD protocol selection. automatic_fallback = the "A" form (ATSP A6: try 6 first, then search).
std::string at_set_protocol(obd_protocol p, bool automatic_fallback = false);  // ATSP h / ATSP Ah
std::string at_try_protocol(obd_protocol p, bool automatic_fallback = false);  // ATTP h / ATTP Ah
std::string at_describe_protocol();                                            // ATDP
std::string at_describe_protocol_number();                                     // ATDPN
std::string at_protocol_close();                                               // ATPC
std::string at_allow_long();  // ATAL: allow messages longer than 7 bytes

// Timing. ATAT0 off, ATAT1 auto (default), ATAT2 aggressive.
enum class adaptive_timing : std::uint8_t { off = 0, auto1 = 1, auto2 = 2 };
std::string at_adaptive_timing(adaptive_timing mode);
// ATST hh: response timeout in units of 4.096 ms (datasheet "ST hh"); 00 rejected.
result<std::string> at_set_timeout(std::uint8_t units);
// Nearest ATST value not below `timeout` (clamped to 01..FF).
std::string at_set_timeout(std::chrono::milliseconds timeout);

// CAN formatting and addressing.
std::string at_can_auto_formatting(bool on);  // ATCAF0 / ATCAF1
// ATSH xxx (11-bit CAN), ATSH xxxxxxxx (29-bit CAN).
result<std::string> at_set_can_header(std::uint32_t id, bool extended);
// ATSH xxyyzz: the three header bytes of J1850 / ISO 9141-2 / KWP2000 (priority, target, source).
std::string at_set_legacy_header(std::uint8_t priority, std::uint8_t target, std::uint8_t source);
// ATCRA hhh / hhhhhhhh: accept only this CAN ID; nullopt = ATCRA alone, back to the default filter.
result<std::string> at_can_receive_address(std::optional<std::uint32_t> id, bool extended = false);

// An OBD request line from its bytes ("0100\r"), with the optional response-count digit
// (v1.3+: "0100 1\r" returns after that many responses instead of waiting out ATST).
// 1..8 bytes (8 = the CAN frame / ATAL limit); count 1..15 (one hex digit).
result<std::string> obd_request(byte_span request,
                                std::optional<unsigned> response_count = std::nullopt);

// True for lines the chip interprets itself: "AT..." and, for STN chips, "ST..." (any case,
// leading spaces allowed). Everything else is sent to the vehicle as hex bytes.
bool is_adapter_command(std::string_view line) noexcept;

}  // namespace bayscan::protocols::elm327

#endif
