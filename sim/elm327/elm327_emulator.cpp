#include <bayscan/sim/elm327_emulator.hpp>

#include <bayscan/protocols/can_frame.hpp>
#include <bayscan/protocols/isotp_pci.hpp>
#include <bayscan/protocols/legacy_check_byte.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace bayscan::sim {

using namespace std::chrono_literals;
using protocols::obd_protocol;
using std::chrono::microseconds;
using std::chrono::milliseconds;

namespace {

// ATDP's short names (ELM327 datasheet, "DP": "AUTO, ISO 15765-4 (CAN 11/500)").
std::string_view describe_protocol_short(obd_protocol p) {
  switch (p) {
    case obd_protocol::automatic: return "AUTO";
    case obd_protocol::j1850_pwm: return "SAE J1850 PWM";
    case obd_protocol::j1850_vpw: return "SAE J1850 VPW";
    case obd_protocol::iso9141_2: return "ISO 9141-2";
    case obd_protocol::kwp2000_5baud: return "ISO 14230-4 (KWP 5BAUD)";
    case obd_protocol::kwp2000_fast: return "ISO 14230-4 (KWP FAST)";
    case obd_protocol::can11_500: return "ISO 15765-4 (CAN 11/500)";
    case obd_protocol::can29_500: return "ISO 15765-4 (CAN 29/500)";
    case obd_protocol::can11_250: return "ISO 15765-4 (CAN 11/250)";
    case obd_protocol::can29_250: return "ISO 15765-4 (CAN 29/250)";
    case obd_protocol::j1939_can29_250: return "SAE J1939 (CAN 29/250)";
    case obd_protocol::user1_can: return "USER1 (CAN 11/125)";
    case obd_protocol::user2_can: return "USER2 (CAN 11/50)";
  }
  return "?";
}

// Time the chip needs to establish a protocol before the first request goes out. A model, not a
// datasheet figure: ISO 9141-2 and KWP 5-baud init send the address byte at 5 baud (2 s) plus
// the key-byte exchange (ISO 9141-2 clause 6.2); KWP fast init is a 25 ms low / 25 ms high
// wake-up after the W5 idle of 300 ms (ISO 14230-2, 5.2.4.2.3).
microseconds bus_init_time(obd_protocol p) {
  switch (p) {
    case obd_protocol::iso9141_2:
    case obd_protocol::kwp2000_5baud: return 2600ms;
    case obd_protocol::kwp2000_fast: return 350ms;
    default: return 0us;
  }
}

// How long an automatic search spends on a protocol that does not answer (also a model: the
// chip waits one response timeout per CAN attempt and a bus init per slow protocol).
microseconds failed_attempt_time(obd_protocol p, std::uint32_t st_ms) {
  if (protocols::is_can(p)) return milliseconds(st_ms / 2 + 20);
  if (p == obd_protocol::j1850_pwm || p == obd_protocol::j1850_vpw) return 150ms;
  return bus_init_time(p);
}

// Search order of the emulated chip: CAN first, then J1850, then the slow-init protocols.
constexpr obd_protocol search_order[] = {
    obd_protocol::can11_500, obd_protocol::can29_500, obd_protocol::can11_250,
    obd_protocol::can29_250, obd_protocol::j1850_pwm, obd_protocol::j1850_vpw,
    obd_protocol::iso9141_2, obd_protocol::kwp2000_5baud, obd_protocol::kwp2000_fast};

// 500 kbit/s: an 8-byte frame with stuffing is about 0.25 ms on the wire; 250 kbit/s doubles it.
// Legacy protocols run at 10.4/41.6 kbaud: about 1 ms per byte on ISO 9141-2 / KWP.
microseconds frame_time(obd_protocol p) {
  switch (p) {
    case obd_protocol::can11_500:
    case obd_protocol::can29_500: return 250us;
    case obd_protocol::can11_250:
    case obd_protocol::can29_250:
    case obd_protocol::j1939_can29_250: return 500us;
    default: return 10ms;
  }
}

std::string upper_no_spaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\t') continue;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

std::optional<std::uint32_t> parse_hex_number(std::string_view s) {
  if (s.empty() || s.size() > 8) return std::nullopt;
  std::uint32_t v = 0;
  for (char c : s) {
    int d = hex_digit_value(c);
    if (d < 0) return std::nullopt;
    v = (v << 4) | static_cast<std::uint32_t>(d);
  }
  return v;
}

struct printed_frame {
  microseconds at;
  byte_vector bytes;  // PCI + data (CAN) or data (legacy message)
};

// ISO 15765-2 segmentation of one reply into the frames the ECU puts on the bus. The chip sends
// the flow control itself (BS 0, STmin 0 by default), so consecutive frames follow at the ECU's
// own pace.
std::vector<byte_vector> isotp_frames(const byte_vector& payload) {
  using namespace bayscan::protocols;
  std::vector<byte_vector> out;
  isotp_frame_format fmt;
  fmt.padding = 0x00;  // common ECU filler; receivers accept any
  auto to_vec = [](const can_frame& f) { return byte_vector(f.data.begin(), f.data.begin() + f.dlc); };
  byte_span p(payload);
  if (p.size() <= 7) {
    out.push_back(to_vec(encode_isotp_single_frame(fmt, p)));
    return out;
  }
  out.push_back(to_vec(encode_isotp_first_frame(fmt, static_cast<std::uint16_t>(p.size()),
                                                p.first(isotp_ff_data_bytes))));
  std::size_t offset = isotp_ff_data_bytes;
  for (std::uint8_t sn = 1; offset < p.size(); ++sn) {
    std::size_t n = std::min<std::size_t>(isotp_cf_data_bytes, p.size() - offset);
    out.push_back(to_vec(encode_isotp_consecutive_frame(fmt, sn & 0x0F, p.subspan(offset, n))));
    offset += n;
  }
  return out;
}

}  // namespace

elm327_emulator::elm327_emulator(obd_responder& vehicle, adapter_personality personality,
                                 timing t, std::vector<fault> faults)
    : vehicle_(vehicle),
      personality_(std::move(personality)),
      timing_(t),
      faults_(std::move(faults)),
      baud_(t.baud) {
  reset(false);
}

void elm327_emulator::reset(bool keep_baud) {
  s_ = state{};
  s_.st_timeout_ms = timing_.elm_st_timeout_ms;
  s_.adaptive = timing_.adaptive_timing;
  learned_latency_ = 0us;
  if (!keep_baud) baud_ = timing_.baud;
}

std::string elm327_emulator::power_on_banner() const { return personality_.version + "\r\r>"; }

std::string elm327_emulator::finish(std::string body) const { return body + eol() + ">"; }

std::string elm327_emulator::echo_of(std::string_view line) const {
  if (!s_.echo) return {};
  return std::string(line) + eol();
}

std::string elm327_emulator::on_interrupt() const { return "STOPPED" + eol() + eol() + ">"; }

const fault* elm327_emulator::find_fault(fault_kind k) const {
  for (const auto& f : faults_)
    if (f.kind == k) return &f;
  return nullptr;
}

std::string elm327_emulator::format_hex(const byte_vector& bytes) const {
  const char* digits = personality_.quirks.lowercase_hex ? "0123456789abcdef" : "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 3);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i != 0 && s_.spaces) out.push_back(' ');
    out.push_back(digits[bytes[i] >> 4]);
    out.push_back(digits[bytes[i] & 0x0F]);
  }
  return out;
}

emulator_response elm327_emulator::on_line(std::string_view raw_line) {
  std::string line(raw_line);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\n')) line.pop_back();
  if (brd_previous_baud_) {
    // The ATBRD handshake: the host's bare CR keeps the new rate ("OK" and the prompt at it);
    // anything else means the host did not hear the ID, and the chip goes back to the old rate.
    const auto previous = *brd_previous_baud_;
    brd_previous_baud_.reset();
    if (upper_no_spaces(line).empty()) return {{{0us, ""}, {1ms, finish("OK" + eol())}}};
    baud_ = previous;
  }
  if (upper_no_spaces(line).empty()) {
    if (last_line_.empty()) return {{{0us, finish("")}}};
    line = last_line_;
  }
  last_line_ = line;
  std::string cmd = upper_no_spaces(line);
  // The chip echoes as it receives, so the echo follows the setting before this command.
  std::string echo = echo_of(line);
  auto r = cmd.rfind("AT", 0) == 0 || cmd.rfind("ST", 0) == 0 ? adapter_command(cmd)
                                                                 : vehicle_request(cmd);
  r.chunks.front().bytes.insert(0, echo);
  return r;
}

emulator_response elm327_emulator::adapter_command(std::string_view cmd) {
  const std::string nl = eol();
  auto reply = [&](std::string text, microseconds at = 1ms) {
    emulator_response r;
    r.chunks.push_back({0us, ""});
    r.chunks.push_back({at, finish(text + nl)});
    return r;
  };
  const bool stn = personality_.version.rfind("STN", 0) == 0;
  if (cmd.rfind("ST", 0) == 0) {
    if (stn && cmd == "STI") return reply(personality_.version);
    return reply("?");
  }
  std::string_view a = cmd.substr(2);
  auto ok = reply("OK");
  auto on_off = [&](bool& flag) {
    flag = a.back() == '1';
    return ok;
  };
  if (a == "Z") {
    reset(false);
    // The banner after a blank line, as the chip prints it after its reset (about 0.5 s).
    auto r = reply(nl + personality_.version, 500ms);
    r.close_link = personality_.quirks.atz_drops_link;
    return r;
  }
  if (a == "WS") {
    reset(true);
    return reply(nl + personality_.version, 100ms);
  }
  if (a == "D") {
    bool lf = s_.linefeeds;
    reset(true);
    s_.linefeeds = lf;
    return ok;
  }
  if (a == "I") return reply(personality_.version);
  if (a == "@1") return reply(personality_.device_description);
  if (a == "E0" || a == "E1") return on_off(s_.echo);
  if (a == "L0" || a == "L1") {
    s_.linefeeds = a.back() == '1';
    return reply("OK");  // the OK already uses the new line ending
  }
  if (a == "S0" || a == "S1") {
    if (personality_.quirks.no_ats0) return reply("?");
    return on_off(s_.spaces);
  }
  if (a == "H0" || a == "H1") return on_off(s_.headers);
  if (a == "D0" || a == "D1") return on_off(s_.show_dlc);
  if (a == "CAF0" || a == "CAF1") return on_off(s_.can_auto_format);
  if (a == "M0" || a == "M1" || a == "AL" || a == "NL" || a == "R0" || a == "R1") return ok;
  if (a == "PC") {
    s_.bus_initialised = false;
    return ok;
  }
  if (a == "AT0" || a == "AT1" || a == "AT2") {
    s_.adaptive = static_cast<std::uint8_t>(a.back() - '0');
    return ok;
  }
  if (a.rfind("SP", 0) == 0 || a.rfind("TP", 0) == 0) {
    std::string_view arg = a.substr(2);
    bool fallback = false;
    if (arg.size() == 2 && arg[0] == 'A') {
      fallback = true;
      arg.remove_prefix(1);
    }
    if (arg.size() != 1) return reply("?");
    auto p = protocols::protocol_from_digit(arg[0]);
    if (!p) return reply("?");
    s_.selected = *p;
    s_.search_on_failure = fallback || *p == obd_protocol::automatic;
    s_.active.reset();
    s_.bus_initialised = false;
    return ok;
  }
  if (a == "DP") {
    if (s_.active) {
      std::string name(describe_protocol_short(*s_.active));
      return reply(s_.search_on_failure ? "AUTO, " + name : name);
    }
    return reply(std::string(describe_protocol_short(s_.selected)));
  }
  if (a == "DPN") {
    if (s_.active) {
      std::string digit(1, protocols::protocol_digit(*s_.active));
      return reply(s_.search_on_failure ? "A" + digit : digit);
    }
    std::string digit(1, protocols::protocol_digit(s_.selected));
    return reply(s_.search_on_failure && s_.selected != obd_protocol::automatic ? "A" + digit
                                                                                : digit);
  }
  if (a == "RV") {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1fV", vehicle_.battery_voltage());
    return reply(buf, 5ms);
  }
  if (a.rfind("ST", 0) == 0) {  // ATST hh: timeout hh x 4 ms; 00 restores the default
    auto v = parse_hex_number(a.substr(2));
    if (!v || *v > 0xFF || a.size() != 4) return reply("?");
    s_.st_timeout_ms = *v == 0 ? timing_.elm_st_timeout_ms : *v * 4;
    return ok;
  }
  if (a.rfind("SH", 0) == 0) {
    std::string_view h = a.substr(2);
    auto v = parse_hex_number(h);
    if (!v || (h.size() != 3 && h.size() != 6 && h.size() != 8)) return reply("?");
    // Six digits on 29-bit CAN set the low 24 bits; the priority byte stays 0x18 (ATCP default).
    s_.header = h.size() == 6 && protocols::is_29bit_can(s_.active.value_or(s_.selected))
                    ? (0x18u << 24) | *v
                    : *v;
    return ok;
  }
  if (a.rfind("CRA", 0) == 0) {
    std::string_view f = a.substr(3);
    if (f.empty()) {
      s_.receive_filter.reset();
      return ok;
    }
    auto v = parse_hex_number(f);
    if (!v) return reply("?");
    s_.receive_filter = *v;
    return ok;
  }
  if (a.rfind("BRD", 0) == 0) {
    // ATBRD hh (datasheet, "Using Higher RS232 Baud Rates"): rate 4000 kbps / hh. The chip
    // answers OK, switches, and after 75 ms sends its ID and a CR at the new rate, without a
    // prompt; a CR from the host confirms the rate (see on_line), anything else reverts it.
    auto v = parse_hex_number(a.substr(3));
    if (!v || *v == 0 || *v > 0xFF || a.size() != 5) return reply("?");
    emulator_response r;
    r.chunks.push_back({0us, "OK" + nl});
    brd_previous_baud_ = baud_;
    baud_ = 4000000 / *v;
    r.chunks.push_back({75ms, personality_.version + "\r"});
    return r;
  }
  return reply("?");
}

std::optional<std::uint32_t> elm327_emulator::physical_target(obd_protocol p) const {
  if (!s_.header) return std::nullopt;
  std::uint32_t h = *s_.header;
  if (protocols::is_can(p)) {
    if (h == protocols::obd_functional_id_11bit || h == protocols::obd_functional_id_29bit)
      return std::nullopt;
    return h;
  }
  // Legacy 3-byte header: priority, target, source. 0x6A (J1850/ISO 9141-2) and 0x33 (KWP) are
  // the functional OBD addresses (SAE J1979 5.1.1).
  std::uint32_t target = (h >> 8) & 0xFF;
  if (target == 0x6A || target == 0x33) return std::nullopt;
  return target;
}

microseconds elm327_emulator::wait_after_last_reply(microseconds latest) const {
  const microseconds st = milliseconds(s_.st_timeout_ms);
  // Adaptive timing (ATAT1/ATAT2) shortens the wait for further ECUs to what the replies have
  // shown they need; the margins are the emulator's model of the chip's algorithm.
  microseconds learned = std::max(latest, learned_latency_);
  if (s_.adaptive == 1) return std::min(st, learned + learned / 2 + 10ms);
  if (s_.adaptive == 2) return std::min(st, learned + learned / 4 + 5ms);
  return st;
}

std::vector<std::string> elm327_emulator::format_reply(const bus_reply& r, obd_protocol p) const {
  std::vector<std::string> lines;
  const std::string sp = s_.spaces ? " " : "";
  const std::string tail = personality_.quirks.trailing_space ? " " : "";
  if (!protocols::is_can(p)) {
    // Legacy: one message per line; header priority/target/source and the check byte (SAE J1850
    // CRC-8, or the ISO 9141-2 / ISO 14230-2 sum of the preceding bytes mod 256).
    byte_vector bytes;
    if (s_.headers) {
      if (p == obd_protocol::kwp2000_5baud || p == obd_protocol::kwp2000_fast) {
        // ISO 14230-2 format byte: 10LLLLLL, physical address mode, length of the data.
        bytes = {static_cast<std::uint8_t>(0x80 | (r.payload.size() & 0x3F)), 0xF1,
                 static_cast<std::uint8_t>(r.source.id)};
      } else {
        std::uint8_t priority = p == obd_protocol::j1850_pwm ? 0x41 : 0x48;
        bytes = {priority, 0x6B, static_cast<std::uint8_t>(r.source.id)};
      }
    }
    bytes.insert(bytes.end(), r.payload.begin(), r.payload.end());
    if (s_.headers) bytes.push_back(protocols::legacy_check_byte(p, bytes));
    lines.push_back(format_hex(bytes) + tail);
    return lines;
  }
  auto frames = isotp_frames(r.payload);
  std::string id;
  if (s_.headers) {
    char buf[16];
    if (r.source.extended) {
      byte_vector idb = {static_cast<std::uint8_t>(r.source.id >> 24),
                         static_cast<std::uint8_t>(r.source.id >> 16),
                         static_cast<std::uint8_t>(r.source.id >> 8),
                         static_cast<std::uint8_t>(r.source.id)};
      id = format_hex(idb);
    } else {
      std::snprintf(buf, sizeof buf, personality_.quirks.lowercase_hex ? "%03x" : "%03X",
                    static_cast<unsigned>(r.source.id));
      id = buf;
    }
    id += sp;
    if (s_.show_dlc) id += "8" + sp;
  }
  if (s_.can_auto_format && !s_.headers) {
    if (frames.size() == 1) {
      lines.push_back(format_hex(r.payload) + tail);
      return lines;
    }
    char count[8];
    std::snprintf(count, sizeof count, "%03X", static_cast<unsigned>(r.payload.size()));
    lines.push_back(count + tail);
    for (std::size_t i = 0; i < frames.size(); ++i) {
      const auto& f = frames[i];
      byte_vector data(f.begin() + (i == 0 ? 2 : 1), f.end());
      char idx[4];
      std::snprintf(idx, sizeof idx, "%X:", static_cast<unsigned>(i & 0x0F));
      lines.push_back(idx + sp + format_hex(data) + tail);
    }
    return lines;
  }
  for (std::size_t i = 0; i < frames.size(); ++i) {
    byte_vector f = frames[i];
    // With auto-formatting the chip shows a single frame up to its SF_DL; raw mode (CAF0) shows
    // all eight data bytes, padding included.
    if (s_.can_auto_format && frames.size() == 1) f.resize(1 + r.payload.size());
    lines.push_back(id + format_hex(f) + tail);
  }
  return lines;
}

emulator_response elm327_emulator::vehicle_request(std::string_view hex) {
  emulator_response out;
  out.vehicle_request = true;
  const std::string nl = eol();
  auto fail = [&](std::string text, microseconds at) {
    out.chunks = {{0us, ""}, {at, finish(text + nl)}};
    return out;
  };
  // Validate: hex digits only; an odd count means the last digit is the response count (v1.3+).
  for (char c : hex)
    if (hex_digit_value(c) < 0) return fail("?", 1ms);
  std::optional<int> wanted;
  std::string_view digits = hex;
  if (digits.size() % 2 == 1) {
    if (digits.size() < 3) return fail("?", 1ms);
    wanted = hex_digit_value(digits.back());
    digits.remove_suffix(1);
    if (*wanted == 0) return fail("?", 1ms);
  }
  if (digits.size() > 16) return fail("?", 1ms);
  byte_vector request = *parse_hex(digits);
  ++requests_;
  const microseconds st = milliseconds(s_.st_timeout_ms);

  if (const fault* f = find_fault(fault_kind::lv_reset); f && f->n == requests_) {
    reset(true);
    return fail("LV RESET", 5ms);
  }
  std::string prefix;
  if (const fault* f = find_fault(fault_kind::garbage_bytes); f && f->n == requests_)
    prefix.assign(f->bytes.begin(), f->bytes.end());
  if (wanted && personality_.quirks.no_response_count) return fail(prefix + "NO DATA", st);

  // Establish the protocol: the selected one, or an automatic search.
  microseconds t = 0us;
  std::string head = prefix;
  const obd_protocol car = vehicle_.protocol();
  if (!s_.active) {
    bool found = false;
    if (s_.selected != obd_protocol::automatic) {
      if (s_.selected == car) {
        found = true;
        s_.active = car;
      } else if (!s_.search_on_failure) {
        // A CAN rate nobody acknowledges gives CAN ERROR; the right rate with the other ID
        // length gives silence; a slow-init protocol fails its init.
        if (protocols::is_can(s_.selected)) {
          bool same_rate = protocols::is_can(car) &&
                           (frame_time(car) == frame_time(s_.selected));
          return fail(head + (same_rate ? "NO DATA" : "CAN ERROR"), st);
        }
        if (bus_init_time(s_.selected) > 0us)
          return fail(head + "BUS INIT: ...ERROR", bus_init_time(s_.selected));
        return fail(head + "NO DATA", st);
      } else {
        t += failed_attempt_time(s_.selected, s_.st_timeout_ms);
      }
    }
    if (!found) {
      if (!personality_.quirks.no_searching_line) head += "SEARCHING..." + nl;
      for (obd_protocol p : search_order) {
        if (p == car) {
          t += bus_init_time(p);
          found = true;
          break;
        }
        t += failed_attempt_time(p, s_.st_timeout_ms);
      }
      if (!found) return fail(head + "UNABLE TO CONNECT", t);
      s_.active = car;
      s_.bus_initialised = true;  // the search's own init counts
      // The search probes with 01 00; a car whose ECUs do not answer it is not found.
      byte_vector probe = {0x01, 0x00};
      auto probe_replies = vehicle_.answer(probe, std::nullopt);
      if (probe_replies.empty()) {
        s_.active.reset();
        return fail(head + "UNABLE TO CONNECT", t + st);
      }
      microseconds probe_time = 0us;
      for (const auto& r : probe_replies) probe_time = std::max(probe_time, r.delay);
      t += probe_time;
    }
  }
  const obd_protocol p = *s_.active;
  if (!s_.bus_initialised && bus_init_time(p) > 0us) {
    ++bus_inits_;
    t += bus_init_time(p);
    if (const fault* f = find_fault(fault_kind::bus_init_error); f && bus_inits_ <= std::max(1u, f->n))
      return fail(head + "BUS INIT: ...ERROR", t);
    head += "BUS INIT: ...OK" + nl;
    s_.bus_initialised = true;
  }
  if (const fault* f = find_fault(fault_kind::can_error_on_first_try);
      f && protocols::is_can(p) && requests_ <= std::max(1u, f->n))
    return fail(head + "CAN ERROR", t + 5ms);

  std::vector<bus_reply> replies;
  if (const fault* f = find_fault(fault_kind::drop_nth_reply); !(f && f->n == requests_))
    replies = vehicle_.answer(request, physical_target(p));
  if (s_.receive_filter) {
    std::erase_if(replies, [&](const bus_reply& r) { return r.source.id != *s_.receive_filter; });
  }
  out.chunks.push_back({0us, head});
  if (replies.empty()) {
    out.chunks.push_back({t + st, finish("NO DATA" + nl)});
    out.bus_time = t;
    return out;
  }

  // Each frame's line is printed as the frame arrives; legacy messages one per line.
  const std::uint32_t buffer_limit = [&] {
    const fault* f = find_fault(fault_kind::buffer_full_on_long_replies);
    return f ? f->n : 0u;
  }();
  microseconds last = t;
  microseconds latest_delay = 0us;
  int printed = 0;
  bool overflow = false;
  for (const auto& r : replies) {
    if (wanted && printed >= *wanted) break;
    auto lines = format_reply(r, p);
    microseconds at = t + r.delay;
    latest_delay = std::max(latest_delay, r.delay);
    std::size_t shown = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (buffer_limit && r.payload.size() > buffer_limit && shown >= 2) {
        overflow = true;
        break;
      }
      out.chunks.push_back({at, lines[i] + nl});
      ++shown;
      if (i + 1 < lines.size()) at += frame_time(p) + r.inter_frame_gap;
    }
    last = std::max(last, at);
    ++printed;
    if (overflow) break;
  }
  learned_latency_ = std::max(learned_latency_, latest_delay);
  out.ecu_replies = printed;
  out.bus_time = last;
  std::stable_sort(out.chunks.begin(), out.chunks.end(),
                   [](const output_chunk& a, const output_chunk& b) { return a.at < b.at; });
  if (overflow) {
    out.chunks.push_back({last + 1ms, finish("BUFFER FULL" + nl)});
    return out;
  }
  const bool count_met = wanted && printed >= *wanted;
  // Without a count met, the chip listens for further ECUs until its timeout runs out after the
  // last message (datasheet, "ST hh": the timer restarts with every message received).
  microseconds end = count_met ? last : last + wait_after_last_reply(latest_delay);
  if (personality_.quirks.split_prompt) {
    out.chunks.push_back({end, nl});
    out.chunks.push_back({end + 15ms, ">"});
  } else {
    out.chunks.push_back({end, finish("")});
  }
  if (const fault* f = find_fault(fault_kind::disconnect_after_requests); f && requests_ >= f->n)
    out.close_link = true;
  return out;
}

}  // namespace bayscan::sim
