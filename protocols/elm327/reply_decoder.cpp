#include "reply_decoder.hpp"

#include <bayscan/protocols/legacy_check_byte.hpp>

#include <algorithm>
#include <array>
#include <bayscan/protocols/elm327_command.hpp>

namespace bayscan::protocols::elm327::detail {
namespace {

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

char upper(char c) noexcept {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
}

// The line upper-cased without spaces, for matching the chip's fixed messages: with ATS0 some
// firmware also drops the spaces inside its messages ("NODATA"). Empty when longer than `N`
// (no fixed message is that long, so a long line is data or noise).
template <std::size_t N>
std::string_view squeeze(std::string_view line, std::array<char, N>& buf) noexcept {
  std::size_t n = 0;
  for (char c : line) {
    if (c == ' ' || c == '\t') continue;
    if (n == N) return {};
    buf[n++] = upper(c);
  }
  return {buf.data(), n};
}

bool same_command(std::string_view a, std::string_view b) noexcept {
  std::size_t i = 0, j = 0;
  for (;;) {
    while (i < a.size() && (a[i] == ' ' || a[i] == '\r' || a[i] == '\n')) ++i;
    while (j < b.size() && (b[j] == ' ' || b[j] == '\r' || b[j] == '\n')) ++j;
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    if (upper(a[i]) != upper(b[j])) return false;
    ++i, ++j;
  }
}

bool starts_with_at(std::string_view line) noexcept {
  return line.size() >= 2 && upper(line[0]) == 'A' && upper(line[1]) == 'T';
}

bool printable(std::string_view line) noexcept {
  return std::all_of(line.begin(), line.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x20 && c != 0x7F; });
}

bool hexlike(std::string_view line) noexcept {
  return std::all_of(line.begin(), line.end(),
                     [](char c) { return c == ' ' || c == ':' || hex_digit_value(c) >= 0; });
}

struct special_line {
  enum kind_t { none, searching, bus_init_ok, bus_init_progress, alarm } kind = none;
  adapter_error error = adapter_error::unknown_command;
  std::uint8_t number = 0;
};

// ELM327 datasheet, "Error Messages and Alerts" (and "SEARCHING..." / "BUS INIT: ...").
special_line classify(std::string_view line) noexcept {
  std::array<char, 24> buf;
  const std::string_view s = squeeze(line, buf);
  if (s.empty()) return {};
  using k = special_line;
  if (s.starts_with("SEARCHING")) return {k::searching};
  if (s.starts_with("BUSINIT")) {
    if (s.ends_with("ERROR")) return {k::alarm, adapter_error::bus_init_error};
    if (s.ends_with("OK")) return {k::bus_init_ok};
    return {k::bus_init_progress};
  }
  struct entry {
    std::string_view text;
    adapter_error error;
  };
  static constexpr entry table[] = {
      {"?", adapter_error::unknown_command},
      {"NODATA", adapter_error::no_data},
      {"UNABLETOCONNECT", adapter_error::unable_to_connect},
      {"CANERROR", adapter_error::can_error},
      {"BUSBUSY", adapter_error::bus_busy},
      {"BUSERROR", adapter_error::bus_error},
      {"FBERROR", adapter_error::feedback_error},
      {"DATAERROR", adapter_error::data_error},
      {"<DATAERROR", adapter_error::bad_checksum},
      {"<RXERROR", adapter_error::receive_error},
      {"BUFFERFULL", adapter_error::buffer_full},
      {"STOPPED", adapter_error::stopped},
      // '!' prefix when PP 0F bit 1 is set (datasheet, ACT ALERT / LP ALERT).
      {"ACTALERT", adapter_error::activity_alert},
      {"!ACTALERT", adapter_error::activity_alert},
      {"LPALERT", adapter_error::low_power_alert},
      {"!LPALERT", adapter_error::low_power_alert},
      {"LVRESET", adapter_error::low_voltage_reset},
  };
  for (const auto& e : table)
    if (s == e.text) return {k::alarm, e.error};
  // "ERRxx": internal error with a two digit code (datasheet, ERRxx).
  if (s.size() == 5 && s.starts_with("ERR") && s[3] >= '0' && s[3] <= '9' && s[4] >= '0' &&
      s[4] <= '9')
    return {k::alarm, adapter_error::internal_error,
            static_cast<std::uint8_t>((s[3] - '0') * 10 + (s[4] - '0'))};
  return {};
}

// Strips a trailing "<DATA ERROR" / "<RX ERROR" marker: the chip prints the received bytes and
// then points at them (datasheet, "<DATA ERROR": "the ELM327 still shows you what it received").
bool strip_damage_marker(std::string_view& line) noexcept {
  const auto pos = line.rfind('<');
  if (pos == std::string_view::npos || pos == 0) return false;
  std::array<char, 16> buf;
  const std::string_view tail = squeeze(line.substr(pos), buf);
  if (tail != "<DATAERROR" && tail != "<RXERROR") return false;
  line = trim(line.substr(0, pos));
  return true;
}

// Appends the hex digits of `text` to `out`, skipping spaces; false on any other character.
bool collect_digits(std::string_view text, std::string& out) {
  out.clear();
  for (char c : text) {
    if (c == ' ' || c == '\t') continue;
    if (hex_digit_value(c) < 0) return false;
    out.push_back(c);
  }
  return true;
}

bool digits_to_bytes(std::string_view digits, byte_vector& out) {
  out.clear();
  if (digits.size() % 2 != 0) return false;
  for (std::size_t i = 0; i < digits.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(hex_digit_value(digits[i]) << 4 |
                                            hex_digit_value(digits[i + 1])));
  return true;
}

std::uint32_t digits_value(std::string_view digits) noexcept {
  std::uint32_t v = 0;
  for (char c : digits) v = v << 4 | static_cast<std::uint32_t>(hex_digit_value(c));
  return v;
}

constexpr ecu_address unknown_source{};

}  // namespace

void reply_decoder::decode(std::string_view text, std::string& command, const settings& s,
                           reply& out) {
  out.kind = reply_kind::text;
  out.text.clear();
  used_ = 0;
  out.damaged.clear();
  out.error = adapter_error::unknown_command;
  out.error_number = 0;
  out.diagnostics.searching = false;
  out.diagnostics.bus_init = bus_init_state::not_seen;
  out.diagnostics.overflow = false;
  out.diagnostics.echo.clear();
  out.diagnostics.unknown_lines.clear();
  content_.clear();
  content_flagged_.clear();
  for (auto& a : assemblies_) a.active = false;

  bool first = true;
  bool have_error = false;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = start;
    while (end < text.size() && text[end] != '\r' && text[end] != '\n') ++end;
    std::string_view line = trim(text.substr(start, end - start));
    start = end + 1;
    if (line.empty()) continue;

    // Data lines (hex digits, spaces, "n:") are the common case and never a fixed message.
    const special_line sp = hexlike(line) ? special_line{} : classify(line);
    if (first) {
      first = false;
      // The echo: the command as sent (ATE0's own reply still carries it), or — when the
      // command is not known, as in a captured log — the first line while echo is on, or an
      // "AT" line (no reply starts with AT; "ST" is left alone: STI answers "STN1110 ...").
      const bool echo = command.empty()
                            ? sp.kind == special_line::none && (s.echo || starts_with_at(line))
                            : same_command(line, command);
      if (echo) {
        out.diagnostics.echo.assign(line);
        if (command.empty()) command.assign(line);
        continue;
      }
    }
    switch (sp.kind) {
      case special_line::searching:
        out.diagnostics.searching = true;
        continue;
      case special_line::bus_init_ok:
        out.diagnostics.bus_init = bus_init_state::ok;
        continue;
      case special_line::bus_init_progress:
        continue;
      case special_line::alarm:
        if (sp.error == adapter_error::bus_init_error)
          out.diagnostics.bus_init = bus_init_state::failed;
        if (!have_error) {
          have_error = true;
          out.error = sp.error;
          out.error_number = sp.number;
        }
        continue;
      case special_line::none:
        break;
    }
    const bool flagged = strip_damage_marker(line);
    content_.push_back(line);
    content_flagged_.push_back(flagged);
  }

  const bool adapter_text = !command.empty()
                                ? is_adapter_command(command)
                                : !std::all_of(content_.begin(), content_.end(), hexlike);
  if (adapter_text) {
    for (std::size_t i = 0; i < content_.size(); ++i) {
      if (content_flagged_[i] || !printable(content_[i])) {
        unknown(content_[i], out);
        continue;
      }
      if (!out.text.empty()) out.text.push_back('\n');
      out.text.append(content_[i]);
    }
  } else {
    for (std::size_t i = 0; i < content_.size(); ++i)
      decode_data_line(content_[i], content_flagged_[i], s, out);
    flush_incomplete(out);
  }
  out.messages.resize(used_);
  out.kind = have_error ? reply_kind::error : adapter_text ? reply_kind::text : reply_kind::data;
}

void reply_decoder::unknown(std::string_view line, reply& out) {
  out.diagnostics.unknown_lines.emplace_back(line);
}

void reply_decoder::emit(ecu_address src, const std::uint8_t* data, std::size_t size, bool damaged,
                         reply& out) {
  // Reuses the message slots (and their byte buffers) of the previous reply: a steady stream of
  // same-shaped replies then decodes without allocating.
  if (damaged) out.damaged.push_back(used_);
  if (used_ == out.messages.size()) out.messages.emplace_back();
  ecu_message& m = out.messages[used_++];
  m.source = src;
  m.data.assign(data, data + size);
}

reply_decoder::assembly& reply_decoder::assembly_for(ecu_address src) {
  for (auto& a : assemblies_)
    if (a.source == src) return a;
  assembly fresh;
  fresh.source = src;
  assemblies_.push_back(std::move(fresh));
  return assemblies_.back();
}

void reply_decoder::flush_incomplete(reply& out) {
  // A multi-frame answer cut short (frames lost, BUFFER FULL, STOPPED): keep what arrived so the
  // caller can see it, flagged as damaged.
  for (auto& a : assemblies_) {
    if (!a.active) continue;
    a.active = false;
    emit(a.source, a.data.data(), a.data.size(), true, out);
  }
}

void reply_decoder::decode_data_line(std::string_view line, bool flagged, const settings& s,
                                     reply& out) {
  const obd_protocol p = s.protocol();
  const bool legacy = is_legacy(p);
  // Headers off with CAN auto formatting (the default): data only, multi-frame answers as a
  // byte-count line and "n:" lines (datasheet, "Multiline Responses"). Legacy protocols with
  // headers off print data only too, which this path handles as plain lines.
  if (!s.headers && (legacy || s.can_auto_formatting)) {
    on_caf_line(line, flagged, out);
    return;
  }
  if (!collect_digits(line, digits_)) return unknown(line, out);

  if (!s.headers) {  // CAN with ATCAF0: PCI byte shown, no identifier
    if (!digits_to_bytes(digits_, bytes_) ||
        !on_can_frame(unknown_source, bytes_.data(), bytes_.size(), flagged, out))
      unknown(line, out);
    return;
  }

  // Headers on. The identifier width follows from the protocol; during an automatic search
  // (protocol not yet known) from the text: an 11-bit ID is 3 digits, so the digit count is odd
  // (even with the ATD1 DLC digit); ISO 15765-4 29-bit IDs start 18DA / 18DB.
  std::size_t id_digits = 0;
  const std::size_t dlc_digits = s.show_dlc ? 1 : 0;
  if (is_can(p)) {
    id_digits = is_29bit_can(p) ? 8 : 3;
  } else if (!legacy) {
    if ((digits_.size() % 2 == 1) != s.show_dlc)
      id_digits = 3;
    else if (s.show_dlc || digits_.starts_with("18DA") || digits_.starts_with("18DB") ||
             digits_.starts_with("18da") || digits_.starts_with("18db"))
      id_digits = 8;
  }
  if (id_digits == 0) {  // J1850 / ISO 9141-2 / KWP2000: 3-byte header + data + check byte
    if (!digits_to_bytes(digits_, bytes_) ||
        !on_legacy_line(bytes_.data(), bytes_.size(), flagged, p, out))
      unknown(line, out);
    return;
  }
  if (digits_.size() < id_digits + dlc_digits + 2) return unknown(line, out);
  const std::string_view all{digits_};
  const ecu_address src{digits_value(all.substr(0, id_digits)), id_digits == 8, true};
  if (!digits_to_bytes(all.substr(id_digits + dlc_digits), bytes_) ||
      !on_can_frame(src, bytes_.data(), bytes_.size(), flagged, out))
    unknown(line, out);
}

// A consecutive frame (its SN) or a CAF "n:" line (its index): both count 0..F and wrap, so a
// gap or repeat marks the message broken. Bytes past the announced length are padding.
void reply_decoder::append_segment(assembly& a, std::uint8_t index, const std::uint8_t* b,
                                   std::size_t n, bool flagged, reply& out) {
  if (index != a.next_sn) a.broken = true;
  a.next_sn = static_cast<std::uint8_t>((index + 1) & 0x0F);
  a.broken = a.broken || flagged;
  const std::size_t room = a.expected - a.data.size();
  a.data.insert(a.data.end(), b, b + std::min(n, room));
  if (a.data.size() >= a.expected) {
    a.active = false;
    emit(a.source, a.data.data(), a.data.size(), a.broken, out);
  }
}

// One CAN frame with its ISO 15765-2 PCI byte (9.6: N_PCI types SF 0, FF 1, CF 2, FC 3).
bool reply_decoder::on_can_frame(ecu_address src, const std::uint8_t* b, std::size_t n,
                                 bool flagged, reply& out) {
  if (n == 0) return false;
  switch (b[0] >> 4) {
    case 0x0: {  // SF: SF_DL in the low nibble; the adapter may print padding past it
      const std::size_t len = b[0] & 0x0F;
      if (len == 0) return false;  // SF_DL 0 is reserved on classic CAN (escape for CAN FD)
      const std::size_t have = std::min(len, n - 1);
      emit(src, b + 1, have, flagged || have < len, out);
      return true;
    }
    case 0x1: {  // FF: 12-bit FF_DL, then the first 6 data bytes
      if (n < 2) return false;
      const std::size_t ff_dl = static_cast<std::size_t>(b[0] & 0x0F) << 8 | b[1];
      if (ff_dl == 0) return false;
      auto& a = assembly_for(src);
      if (a.active) emit(a.source, a.data.data(), a.data.size(), true, out);  // cut short
      a.active = true;
      a.broken = flagged;
      a.expected = ff_dl;
      a.next_sn = 1;  // the first CF carries SN 1 (ISO 15765-2 9.6.4.3)
      a.data.clear();
      a.data.reserve(ff_dl);
      a.data.insert(a.data.end(), b + 2, b + std::min(n, 2 + ff_dl));
      if (a.data.size() >= ff_dl) {
        a.active = false;
        emit(src, a.data.data(), a.data.size(), a.broken, out);
      }
      return true;
    }
    case 0x2: {  // CF: SN in the low nibble, wrapping F -> 0
      assembly* a = nullptr;
      for (auto& candidate : assemblies_)
        if (candidate.active && candidate.source == src) a = &candidate;
      if (a == nullptr) return false;  // no first frame seen for this sender
      append_segment(*a, b[0] & 0x0F, b + 1, n - 1, flagged, out);
      return true;
    }
    case 0x3:
      return true;  // FC: link-level flow control, no diagnostic data
    default:
      return false;
  }
}

// Headers on, J1850 / ISO 9141-2 / KWP2000: priority/format, target, source, data, check byte.
bool reply_decoder::on_legacy_line(std::uint8_t* b, std::size_t n, bool flagged, obd_protocol p,
                                   reply& out) {
  if (n < 5) return false;  // 3 header bytes + at least the service byte + check byte
  const std::uint8_t check = b[n - 1];
  // J1850 carries a CRC-8 (SAE J1850 CRC), ISO 9141-2 and ISO 14230-4 the 8-bit sum of the
  // preceding bytes (ISO 9141-2 / ISO 14230-2 checksum). Unknown protocol: accept either.
  const byte_span covered(b, n - 1);
  const bool sum_ok = modulo_256_checksum(covered) == check;
  const bool crc_ok = j1850_crc8(covered) == check;
  const bool j1850 = p == obd_protocol::j1850_pwm || p == obd_protocol::j1850_vpw;
  const bool known = p != obd_protocol::automatic;
  const bool check_ok = !known ? (sum_ok || crc_ok) : j1850 ? crc_ok : sum_ok;

  // ISO 14230-2 format byte: A1 A0 L5..L0; L = data length, 0 = a separate length byte follows
  // the header. Only read that way when the protocol is KWP, or when unknown and it fits exactly.
  std::size_t header = 3;
  bool length_mismatch = false;
  const std::size_t fmt_len = b[0] & 0x3F;
  const bool kwp_known = p == obd_protocol::kwp2000_5baud || p == obd_protocol::kwp2000_fast;
  const bool kwp_guess =
      !known && (b[0] & 0xC0) == 0x80 &&
      ((fmt_len == 0 && n >= 6 && b[3] == n - 5) || (fmt_len != 0 && fmt_len == n - 4));
  if (kwp_known || kwp_guess) {
    std::size_t declared = fmt_len;
    if (fmt_len == 0) {
      header = 4;
      if (n < 6) return false;
      declared = b[3];
    }
    length_mismatch = declared != n - header - 1;
  }
  const ecu_address src{b[2], false, true};
  emit(src, b + header, n - 1 - header, flagged || !check_ok || length_mismatch, out);
  return true;
}

// Headers off, CAN auto formatting on: "014" byte-count line, "0: 49 02 01 31 44 34" indexed
// lines (index 0..F, wrapping), or a plain data line (a single frame, or a legacy message).
void reply_decoder::on_caf_line(std::string_view line, bool flagged, reply& out) {
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view index_text = trim(line.substr(0, colon));
    if (index_text.size() != 1 || hex_digit_value(index_text[0]) < 0 ||
        !collect_digits(line.substr(colon + 1), digits_) || !digits_to_bytes(digits_, bytes_))
      return unknown(line, out);
    assembly* a = nullptr;
    for (auto& candidate : assemblies_)
      if (candidate.active && candidate.source == unknown_source) a = &candidate;
    if (a == nullptr) return unknown(line, out);  // no byte-count line before it
    append_segment(*a, static_cast<std::uint8_t>(hex_digit_value(index_text[0])), bytes_.data(),
                   bytes_.size(), flagged, out);
    return;
  }
  if (!collect_digits(line, digits_)) return unknown(line, out);
  if (digits_.size() == 3) {  // byte count of the multi-frame answer that follows
    const std::size_t count = digits_value(digits_);
    if (count == 0) return unknown(line, out);
    auto& a = assembly_for(unknown_source);
    if (a.active) emit(a.source, a.data.data(), a.data.size(), true, out);
    a.active = true;
    a.broken = flagged;
    a.expected = count;
    a.next_sn = 0;  // lines count from 0: the first frame is "0:"
    a.data.clear();
    a.data.reserve(count);
    return;
  }
  // A plain line is a whole message; with headers off it may come from another ECU while a
  // multi-frame answer is in progress, so it does not interrupt that one.
  if (digits_.empty() || !digits_to_bytes(digits_, bytes_)) return unknown(line, out);
  emit(unknown_source, bytes_.data(), bytes_.size(), flagged, out);
}

}  // namespace bayscan::protocols::elm327::detail
