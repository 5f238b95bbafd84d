#include <algorithm>
#include <bayscan/protocols/elm327_command.hpp>

namespace bayscan::protocols::elm327 {
namespace {

constexpr char hex_digits[] = "0123456789ABCDEF";

void append_hex(std::string& out, std::uint32_t value, int digits) {
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
    out.push_back(hex_digits[(value >> shift) & 0xF]);
}

std::string switch_command(std::string_view name, bool on) {
  std::string out{name};
  out.push_back(on ? '1' : '0');
  out.push_back('\r');
  return out;
}

std::string with_cr(std::string_view text) {
  std::string out{text};
  out.push_back('\r');
  return out;
}

std::string protocol_command(std::string_view name, obd_protocol p, bool automatic_fallback) {
  std::string out{name};
  // "SP Ah" = start with h, search on failure; "SP 0" is already the automatic search itself.
  if (automatic_fallback && p != obd_protocol::automatic) out.push_back('A');
  out.push_back(protocol_digit(p));
  out.push_back('\r');
  return out;
}

}  // namespace

std::string at_reset() {
  return with_cr("ATZ");
}
std::string at_warm_start() {
  return with_cr("ATWS");
}
std::string at_defaults() {
  return with_cr("ATD");
}
std::string at_identify() {
  return with_cr("ATI");
}
std::string at_device_description() {
  return with_cr("AT@1");
}
std::string at_echo(bool on) {
  return switch_command("ATE", on);
}
std::string at_linefeeds(bool on) {
  return switch_command("ATL", on);
}
std::string at_spaces(bool on) {
  return switch_command("ATS", on);
}
std::string at_headers(bool on) {
  return switch_command("ATH", on);
}
std::string at_memory(bool on) {
  return switch_command("ATM", on);
}
std::string at_read_voltage() {
  return with_cr("ATRV");
}
std::string stn_identify() {
  return with_cr("STI");
}

result<std::string> at_baud_rate_divisor(std::uint8_t divisor) {
  if (divisor == 0) return error::invalid_baud_divisor;
  std::string out = "ATBRD";
  append_hex(out, divisor, 2);
  out.push_back('\r');
  return out;
}

std::string at_set_protocol(obd_protocol p, bool automatic_fallback) {
  return protocol_command("ATSP", p, automatic_fallback);
}
std::string at_try_protocol(obd_protocol p, bool automatic_fallback) {
  return protocol_command("ATTP", p, automatic_fallback);
}
std::string at_describe_protocol() {
  return with_cr("ATDP");
}
std::string at_describe_protocol_number() {
  return with_cr("ATDPN");
}
std::string at_protocol_close() {
  return with_cr("ATPC");
}
std::string at_allow_long() {
  return with_cr("ATAL");
}

std::string at_adaptive_timing(adaptive_timing mode) {
  std::string out = "ATAT";
  out.push_back(static_cast<char>('0' + static_cast<int>(mode)));
  out.push_back('\r');
  return out;
}

result<std::string> at_set_timeout(std::uint8_t units) {
  if (units == 0) return error::invalid_timeout;
  std::string out = "ATST";
  append_hex(out, units, 2);
  out.push_back('\r');
  return out;
}

std::string at_set_timeout(std::chrono::milliseconds timeout) {
  // ATST counts in 4.096 ms steps (datasheet "ST hh"): round up so the chip never waits less
  // than asked; microseconds keep the arithmetic exact.
  const auto us = std::max<std::int64_t>(std::chrono::microseconds(timeout).count(), 0);
  const std::int64_t units = std::clamp<std::int64_t>((us + 4095) / 4096, 1, 0xFF);
  return at_set_timeout(static_cast<std::uint8_t>(units)).value();
}

std::string at_can_auto_formatting(bool on) {
  return switch_command("ATCAF", on);
}

result<std::string> at_set_can_header(std::uint32_t id, bool extended) {
  if (id > (extended ? 0x1FFFFFFFu : 0x7FFu)) return error::identifier_out_of_range;
  std::string out = "ATSH";
  append_hex(out, id, extended ? 8 : 3);
  out.push_back('\r');
  return out;
}

std::string at_set_legacy_header(std::uint8_t priority, std::uint8_t target, std::uint8_t source) {
  std::string out = "ATSH";
  append_hex(out, priority, 2);
  append_hex(out, target, 2);
  append_hex(out, source, 2);
  out.push_back('\r');
  return out;
}

result<std::string> at_can_receive_address(std::optional<std::uint32_t> id, bool extended) {
  if (!id) return with_cr("ATCRA");
  if (*id > (extended ? 0x1FFFFFFFu : 0x7FFu)) return error::identifier_out_of_range;
  std::string out = "ATCRA";
  append_hex(out, *id, extended ? 8 : 3);
  out.push_back('\r');
  return out;
}

result<std::string> obd_request(byte_span request, std::optional<unsigned> response_count) {
  if (request.empty()) return error::empty_request;
  if (request.size() > 8) return error::request_too_long;
  if (response_count && (*response_count < 1 || *response_count > 0xF))
    return error::response_count_out_of_range;
  std::string out;
  out.reserve(request.size() * 2 + 3);
  for (auto b : request) append_hex(out, b, 2);
  if (response_count) {
    // The digit is separated by a space so "01 00 1" cannot be read as an odd-length byte run.
    out.push_back(' ');
    out.push_back(hex_digits[*response_count]);
  }
  out.push_back('\r');
  return out;
}

bool is_adapter_command(std::string_view line) noexcept {
  while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
  if (line.size() < 2) return false;
  const char a = static_cast<char>(line[0] & ~0x20), b = static_cast<char>(line[1] & ~0x20);
  return (a == 'A' || a == 'S') && b == 'T';
}

}  // namespace bayscan::protocols::elm327
