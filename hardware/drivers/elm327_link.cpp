#include <bayscan/hardware/elm327_link.hpp>

#include <bayscan/protocols/elm327_command.hpp>
#include <bayscan/protocols/elm327_protocol_query.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>

namespace bayscan::hardware {

namespace elm = protocols::elm327;
using namespace std::chrono_literals;
using protocols::obd_protocol;
using std::chrono::milliseconds;

namespace {

// ATST 32: the chip's default response timeout, 50 x 4.096 ms (ELM327 datasheet, "ST hh").
constexpr std::uint8_t default_st_units = 0x32;

// ISO 15765-4 (6.3.2.2, table of legislated OBD CAN identifiers): physical request IDs 7E0..7E7
// pair with response IDs 7E8..7EF (request + 8); 29-bit normal fixed addressing uses
// 18DA<target><source>, the tester being F1, the functional request 18DB33F1.
constexpr std::uint32_t first_response_id_11bit = 0x7E8;
constexpr std::uint32_t last_response_id_11bit = 0x7EF;
constexpr std::uint32_t physical_response_base_29bit = 0x18DAF100;

// The protocols tried one by one when the automatic search gives up, in the order the chip's own
// search uses after the common CAN 11/500 (ELM327 datasheet, "Selecting Protocols").
constexpr obd_protocol explicit_order[] = {
    obd_protocol::can29_500, obd_protocol::can11_250, obd_protocol::can29_250,
    obd_protocol::j1850_pwm, obd_protocol::j1850_vpw, obd_protocol::iso9141_2,
    obd_protocol::kwp2000_5baud, obd_protocol::kwp2000_fast};

bool has_line(const elm::reply& r, std::string_view wanted) {
  if (r.kind != elm::reply_kind::text) return false;
  std::string_view rest = r.text;
  while (!rest.empty()) {
    const auto nl = rest.find('\n');
    if (rest.substr(0, nl) == wanted) return true;
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  return false;
}

// The line of an identification reply that names the chip ("ELM327 v1.5", "STN1110 v4.2.1"),
// skipping noise lines that a clone may print around it.
std::string chip_name(const elm::reply& r) {
  std::string_view rest = r.text;
  std::string_view first;
  while (!rest.empty()) {
    const auto nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl);
    if (first.empty()) first = line;
    if (line.find("ELM") != std::string_view::npos || line.find("STN") != std::string_view::npos)
      return std::string(line);
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  return std::string(first);
}

std::string describe(const elm::reply& r) {
  switch (r.kind) {
    case elm::reply_kind::text: return r.text.empty() ? "an empty reply" : "\"" + r.text + "\"";
    case elm::reply_kind::data: return std::to_string(r.messages.size()) + " ECU message(s)";
    case elm::reply_kind::error: {
      std::string s(elm::to_string(r.error));
      if (r.error == elm::adapter_error::internal_error) s += " " + std::to_string(r.error_number);
      return s;
    }
  }
  return "?";
}

bool answered(const elm::reply& r) {
  return r.kind == elm::reply_kind::data && !r.messages.empty();
}

bool is_bus_fault(elm::adapter_error e) {
  switch (e) {
    case elm::adapter_error::can_error:
    case elm::adapter_error::bus_busy:
    case elm::adapter_error::bus_error:
    case elm::adapter_error::feedback_error:
    case elm::adapter_error::data_error:
    case elm::adapter_error::bad_checksum:
    case elm::adapter_error::receive_error:
      return true;
    default:
      return false;
  }
}

bool is_chip_reset(const elm::reply& r) {
  return r.kind == elm::reply_kind::error &&
         (r.error == elm::adapter_error::low_voltage_reset ||
          (r.error == elm::adapter_error::internal_error &&
           r.error_number == elm::fatal_can_error_number));
}

// ELM327 output is printable ASCII, CR and LF; anything else is line noise (Bluetooth and
// USB-serial glitches) that would only garble a line for the reader.
bool keep_byte(std::uint8_t b) { return b == '\r' || b == '\n' || (b >= 0x20 && b < 0x7F); }

}  // namespace

elm327_link::elm327_link(std::unique_ptr<byte_stream> stream, elm327_options options,
                         std::string device)
    : stream_(std::move(stream)), options_(std::move(options)), device_(std::move(device)) {
  if (device_.empty() && stream_) device_ = stream_->description();
}

elm327_link::~elm327_link() = default;

error_code elm327_link::fail(link_error e, std::string detail) {
  detail_ = std::move(detail);
  return make_error_code(e);
}

error_code elm327_link::transport_failed(const error_code& ec, std::string_view during) {
  std::string what = std::string(during) + ": " + ec.message();
  if (stream_) {
    if (auto d = stream_->last_error_detail(); !d.empty()) what += " (" + d + ")";
  }
  synced_ = false;
  if (ec == transport_error::timeout) return fail(link_error::timeout, std::move(what));
  connected_ = false;
  return fail(link_error::adapter_lost, std::move(what));
}

result<void> elm327_link::write_line(std::string_view line) {
  if (!stream_) return fail(link_error::adapter_lost, "the adapter link is closed");
  // Whatever arrived after the last prompt is stale (logged already); the new reply starts now.
  pending_.clear();
  // A terminal shows the command either as the chip's echo or, with echo off, as typed.
  if (!reader_.settings().echo) log_.append(line);
  reader_.begin(line);
  const auto* p = reinterpret_cast<const std::uint8_t*>(line.data());
  if (auto w = stream_->write(byte_span(p, line.size()), deadline_after(options_.command_timeout));
      !w)
    return transport_failed(w.error(), "writing " + std::string(line.substr(0, line.size() - 1)));
  return {};
}

result<elm327_link::exchange> elm327_link::read_reply(milliseconds idle, deadline cap) {
  exchange ex;
  std::string filtered;
  auto take = [&](std::string_view bytes) {
    ex.raw.append(bytes);
    filtered.clear();
    for (char c : bytes) {
      const auto b = static_cast<std::uint8_t>(c);
      if (b == '\n') linefeeds_seen_ = true;
      if (keep_byte(b)) filtered.push_back(c);
    }
    const auto fed = reader_.feed(std::span<const char>(filtered.data(), filtered.size()));
    if (!fed.complete) return false;
    pending_.assign(filtered, fed.consumed, std::string::npos);
    return true;
  };
  if (!pending_.empty()) {
    const std::string stale = std::exchange(pending_, {});
    if (take(stale)) {
      ex.reply = reader_.take_reply();
      return ex;
    }
  }
  std::array<std::uint8_t, 1024> buffer;
  for (;;) {
    const deadline until = std::min(transport_clock::now() + idle, cap);
    auto n = stream_->read_some(buffer, until);
    if (!n) return transport_failed(n.error(), "waiting for the adapter's prompt");
    const std::string_view bytes(reinterpret_cast<const char*>(buffer.data()), *n);
    log_.append(bytes);
    if (take(bytes)) {
      ex.reply = reader_.take_reply();
      synced_ = true;
      return ex;
    }
  }
}

result<elm327_link::exchange> elm327_link::command(std::string_view line, milliseconds idle) {
  for (int attempt = 0;; ++attempt) {
    if (auto w = write_line(line); !w) return w.error();
    const deadline cap = connected_ ? deadline_after(60s) : connect_until_;
    auto r = read_reply(idle, cap);
    // A stray byte (line noise) that reached the chip while it worked makes it print STOPPED
    // instead of the answer; the command itself is harmless to repeat once.
    if (r && attempt == 0 && r->reply.kind == elm::reply_kind::error &&
        r->reply.error == elm::adapter_error::stopped)
      continue;
    return r;
  }
}

// A lone CR: a busy chip stops (STOPPED) and prompts; an idle one repeats its last command (or
// just prompts after power-up). Either way exactly one prompt ends the answer.
result<void> elm327_link::sync() {
  pending_.clear();
  // Drain what is already waiting (a power-up banner and prompt, the tail of another program's
  // session) without waiting for more, so the prompt read below answers our CR. Bounded: a chip
  // left in monitor mode streams forever, and the CR below stops it.
  std::array<std::uint8_t, 256> junk;
  for (int i = 0; i < 64; ++i) {
    auto n = stream_->read_some(junk, transport_clock::now());
    if (!n) {
      if (n.error() != transport_error::timeout)
        return transport_failed(n.error(), "draining the adapter before the first command");
      break;
    }
    log_.append(reinterpret_cast<const char*>(junk.data()), *n);
  }
  reader_.begin("");
  const std::uint8_t cr = '\r';
  if (auto w = stream_->write(byte_span(&cr, 1), deadline_after(options_.command_timeout)); !w)
    return transport_failed(w.error(), "writing CR to get a prompt");
  auto r = read_reply(options_.sync_timeout,
                      std::min(connect_until_, deadline_after(options_.sync_timeout * 3)));
  if (!r) return r.error();
  return {};
}

result<void> elm327_link::reset_chip() {
  error_code last = make_error_code(link_error::timeout);
  for (int attempt = 0; attempt < std::max(1, options_.reset_attempts); ++attempt) {
    auto r = command(elm::at_reset(), options_.reset_timeout);
    if (!r) {
      last = r.error();
      if (last == link_error::adapter_lost) {
        detail_ = "the link dropped after ATZ (some Bluetooth clones do): " + detail_;
        return last;
      }
      continue;
    }
    if (r->reply.kind == elm::reply_kind::text) {
      version_ = chip_name(r->reply);
      return {};
    }
    last = fail(link_error::adapter_error, "ATZ answered " + describe(r->reply));
  }
  return last;
}

result<void> elm327_link::configure() {
  // ATD puts every setting back to its default (ATSH, ATCRA, ATCAF, ATD1 left by another program)
  // in about a millisecond; ATWS and ATZ restart the chip and take 0.1 to 1 s.
  auto d = command(elm::at_defaults(), options_.command_timeout);
  if (!d) {
    if (d.error() == link_error::adapter_lost) return d.error();
  }
  if (!d || !has_line(d->reply, "OK")) {
    auto ws = command(elm::at_warm_start(), options_.reset_timeout);
    if (!ws && ws.error() == link_error::adapter_lost) return ws.error();
    if (!ws || ws->reply.kind != elm::reply_kind::text) {
      if (auto z = reset_chip(); !z) return z.error();
    }
  }
  // The reply to ATE0 still carries its echo; the reader recognises it as such.
  auto e = command(elm::at_echo(false), options_.command_timeout);
  if (!e) return e.error();
  if (!has_line(e->reply, "OK"))
    return fail(link_error::adapter_error, "ATE0 answered " + describe(e->reply));
  if (linefeeds_seen_) {
    auto l = command(elm::at_linefeeds(false), options_.command_timeout);
    if (!l) return l.error();
    linefeeds_seen_ = false;
  }
  auto s = command(elm::at_spaces(false), options_.command_timeout);
  if (!s) return s.error();
  // Firmware before v1.3 (and clones claiming v2.1) answer "?": spaces stay, the reader copes.
  spaces_supported_ = has_line(s->reply, "OK");
  auto h = command(elm::at_headers(true), options_.command_timeout);
  if (!h) return h.error();
  if (!has_line(h->reply, "OK"))
    return fail(link_error::adapter_error, "ATH1 answered " + describe(h->reply));
  return set_timing();
}

result<void> elm327_link::set_timing() {
  if (options_.ecu_timeout && !protocols::is_legacy(protocol_)) {
    auto st = command(elm::at_set_timeout(*options_.ecu_timeout), options_.command_timeout);
    if (!st) return st.error();
  }
  if (options_.adaptive_timing) {
    auto at = command(elm::at_adaptive_timing(*options_.adaptive_timing), options_.command_timeout);
    if (!at) return at.error();
  }
  return {};
}

result<void> elm327_link::identify() {
  // STN11xx/STN2xxx chips answer STI with their own name (STN11xx reference manual); ATI on them
  // claims an ELM327 version. ELM327s and clones answer "?".
  auto sti = command(elm::stn_identify(), options_.command_timeout);
  if (!sti) return sti.error();
  // Only a reply that names an STN chip counts: a clone might answer anything but "?".
  if (sti->reply.kind == elm::reply_kind::text &&
      sti->reply.text.find("STN") != std::string::npos) {
    stn_ = true;
    version_ = chip_name(sti->reply);
    return {};
  }
  auto ati = command(elm::at_identify(), options_.command_timeout);
  if (!ati) return ati.error();
  if (ati->reply.kind == elm::reply_kind::text) version_ = chip_name(ati->reply);
  return {};
}

result<elm::reply> elm327_link::probe(const byte_vector& request, milliseconds idle) {
  auto line = elm::obd_request(request);
  if (!line) return fail(link_error::adapter_error, "the probe request is not a valid OBD request");
  if (auto w = write_line(*line); !w) return w.error();
  ++request_count_;
  auto r = read_reply(idle, connect_until_);
  if (!r) return r.error();
  return std::move(r->reply);
}

result<void> elm327_link::find_protocol(const progress_callback& progress) {
  // Tries one protocol (ATSP n, or ATSP 0 = automatic search) with the probe, retrying bus faults
  // a bounded number of times. Returns the data reply, or the last error reply.
  auto attempt = [&](obd_protocol p) -> result<elm::reply> {
    auto sp = command(elm::at_set_protocol(p), options_.command_timeout);
    if (!sp) return sp.error();
    if (!has_line(sp->reply, "OK"))
      return fail(link_error::adapter_error,
                  "ATSP" + std::string(1, protocols::protocol_digit(p)) + " answered " +
                      describe(sp->reply));
    // Automatic search and slow-init protocols take seconds before the first byte.
    const bool slow = p == obd_protocol::automatic || protocols::is_legacy(p);
    const milliseconds idle = slow ? options_.search_timeout : options_.request_timeout;
    // Multi-PID requests exist on CAN only: a legacy ECU ignores them, and during a search the
    // protocol is not known yet.
    probe_sent_ = protocols::is_can(p) && !options_.can_probe.empty() ? options_.can_probe
                                                                     : options_.probe;
    elm::reply last;
    for (int tries = 0; tries <= std::max(0, options_.bus_retries); ++tries) {
      auto r = probe(probe_sent_, idle);
      if (!r) return r.error();
      last = std::move(*r);
      if (last.kind == elm::reply_kind::data && !last.messages.empty()) return last;
      const bool transient =
          last.kind == elm::reply_kind::data ||  // only unreadable lines: ask again
          (last.kind == elm::reply_kind::error &&
           (is_bus_fault(last.error) || last.error == elm::adapter_error::bus_init_error ||
            last.error == elm::adapter_error::stopped));
      // On a fixed CAN protocol CAN ERROR usually means the wrong bit rate: one retry is enough
      // to tell a glitch from that.
      const int limit = (p == obd_protocol::can11_500 && options_.protocol == std::nullopt)
                            ? 1
                            : std::max(0, options_.bus_retries);
      if (!transient || tries >= limit) break;
      if (is_chip_reset(last)) break;
    }
    return last;
  };
  auto accept = [&](obd_protocol p, const elm::reply& r) {
    protocol_ = p;
    responders_.clear();
    diagnostic_response answer;
    const std::uint8_t positive = static_cast<std::uint8_t>(probe_sent_.front() + 0x40);
    for (std::size_t i = 0; i < r.messages.size(); ++i) {
      const auto& m = r.messages[i];
      if (r.is_damaged(i)) continue;
      answer.messages.push_back(m);
      if (m.data.empty() || m.data.front() != positive) continue;
      if (std::find(responders_.begin(), responders_.end(), m.source) == responders_.end())
        responders_.push_back(m.source);
    }
    if (r.diagnostics.searching) answer.warnings.push_back("automatic protocol search ran");
    probe_answer_ = std::move(answer);
  };

  if (progress) progress("finding the vehicle's protocol", 40);
  elm::reply last;
  if (options_.protocol) {
    auto r = attempt(*options_.protocol);
    if (!r) return r.error();
    if (answered(*r)) {
      accept(*options_.protocol, *r);
      return {};
    }
    last = std::move(*r);
  } else {
    auto fast = attempt(obd_protocol::can11_500);
    if (!fast) return fast.error();
    if (answered(*fast)) {
      accept(obd_protocol::can11_500, *fast);
      return {};
    }
    if (progress) progress("searching all OBD protocols", 50);
    auto search = attempt(obd_protocol::automatic);
    if (!search) return search.error();
    if (answered(*search)) {
      auto dpn = command(elm::at_describe_protocol_number(), options_.command_timeout);
      if (!dpn) return dpn.error();
      auto found = dpn->reply.kind == elm::reply_kind::text
                       ? elm::parse_protocol_number(dpn->reply.text)
                       : result<elm::protocol_report>(elm::error::invalid_protocol_reply);
      if (found && found->protocol != obd_protocol::automatic) {
        accept(found->protocol, *search);
        return {};
      }
    }
    last = std::move(*search);
    if (options_.explicit_protocol_fallback) {
      for (obd_protocol p : explicit_order) {
        if (transport_clock::now() >= connect_until_) break;
        auto r = attempt(p);
        if (!r) {
          if (r.error() == link_error::adapter_lost) return r.error();
          continue;
        }
        if (answered(*r)) {
          accept(p, *r);
          return {};
        }
      }
    }
  }
  if (last.kind == elm::reply_kind::error && last.error == elm::adapter_error::bus_init_error)
    return fail(link_error::bus_init_error, "no protocol found: the last attempt ended in " +
                                                describe(last));
  return fail(link_error::unable_to_connect,
              "no protocol answered the probe; the last attempt ended in " + describe(last));
}

result<void> elm327_link::connect(const progress_callback& progress) {
  if (!stream_) return fail(link_error::adapter_lost, "the adapter link is closed");
  connect_until_ = deadline_after(options_.connect_timeout);
  connected_ = false;
  synced_ = false;
  reader_ = elm::reader{};
  header_.clear();
  responders_.clear();
  probe_answer_.reset();
  protocol_ = obd_protocol::automatic;
  if (progress) progress("waking the adapter", 5);
  if (auto s = sync(); !s) {
    if (s.error() == link_error::adapter_lost) return s.error();
    // No prompt at all: the chip is starting or wedged; only a full reset helps.
    if (auto z = reset_chip(); !z) return z.error();
  }
  if (progress) progress("configuring the adapter", 15);
  if (auto c = configure(); !c) return c.error();
  if (auto i = identify(); !i) return i.error();
  if (auto p = find_protocol(progress); !p) return p.error();
  // The ATST value above suits CAN (P2CAN); legacy protocols get the chip's default back, as
  // their ECUs may space messages further apart.
  if (options_.ecu_timeout && protocols::is_legacy(protocol_)) {
    auto st = command(elm::at_set_timeout(default_st_units).value(), options_.command_timeout);
    if (!st) return st.error();
  }
  connected_ = true;
  synced_ = true;
  if (progress) progress("adapter ready", 100);
  return {};
}

adapter_description elm327_link::adapter() const {
  return {"elm327", version_, device_};
}

result<void> elm327_link::restore_after_reset() {
  // LV RESET / ERR94: the chip is back at its defaults (echo on, headers off, protocol search).
  const deadline saved = connect_until_;
  if (auto e = command(elm::at_echo(false), options_.command_timeout); !e) return e.error();
  if (linefeeds_seen_) {
    if (auto l = command(elm::at_linefeeds(false), options_.command_timeout); !l) return l.error();
    linefeeds_seen_ = false;
  }
  if (spaces_supported_) {
    if (auto s = command(elm::at_spaces(false), options_.command_timeout); !s) return s.error();
  }
  if (auto h = command(elm::at_headers(true), options_.command_timeout); !h) return h.error();
  if (auto t = set_timing(); !t) return t.error();
  if (auto sp = command(elm::at_set_protocol(protocol_), options_.command_timeout); !sp)
    return sp.error();
  header_.clear();
  connect_until_ = saved;
  return {};
}

result<void> elm327_link::select_header(const request_target& target) {
  std::string wanted;  // empty: functional, the adapter's default header
  if (target.ecu && target.ecu->known) {
    const std::uint32_t id = target.ecu->id;
    char buf[16];
    if (!target.ecu->extended && id >= first_response_id_11bit && id <= last_response_id_11bit) {
      std::snprintf(buf, sizeof buf, "%03X", static_cast<unsigned>(id - 8));
    } else if (target.ecu->extended && (id & 0xFFFFFF00u) == physical_response_base_29bit) {
      // Six digits: the priority byte stays 18 (ATCP default); DA = physical, then target, F1.
      std::snprintf(buf, sizeof buf, "DA%02XF1", static_cast<unsigned>(id & 0xFF));
    } else {
      return fail(link_error::adapter_error,
                  "no ISO 15765-4 physical request address for ECU " +
                      protocols::to_string(*target.ecu));
    }
    wanted = buf;
  }
  if (wanted == header_) return {};
  std::string line = "ATSH";
  if (wanted.empty()) {
    line += protocols::is_29bit_can(protocol_) ? "DB33F1" : "7DF";
  } else {
    line += wanted;
  }
  line += '\r';
  auto r = command(line, options_.command_timeout);
  if (!r) return r.error();
  if (!has_line(r->reply, "OK"))
    return fail(link_error::adapter_error,
                line.substr(0, line.size() - 1) + " answered " + describe(r->reply));
  header_ = std::move(wanted);
  return {};
}

std::optional<unsigned> elm327_link::response_count_for(const diagnostic_request& req) const {
  if (!options_.response_count || counts_ == count_support::rejected) return std::nullopt;
  const bool physical = req.target.ecu && req.target.ecu->known;
  int n = 0;
  if (protocols::is_can(protocol_)) {
    // On CAN each ECU answers a request with one (ISO-TP) message.
    if (physical) n = 1;
    else n = req.expected_responses.value_or(static_cast<int>(responders_.size()));
  } else {
    // Legacy protocols answer some requests with several messages per ECU (service 03: one per
    // three codes, 09 02: five), so the count is only known for one-PID service 01 requests.
    if (req.data.size() != 2 || req.data[0] != 0x01) return std::nullopt;
    n = req.expected_responses.value_or(static_cast<int>(responders_.size()));
  }
  if (n < 1 || n > 0xF) return std::nullopt;
  return static_cast<unsigned>(n);
}

result<diagnostic_response> elm327_link::request(const diagnostic_request& req) {
  if (!connected_ || !stream_) return fail(link_error::not_connected, "request before connect()");
  const bool physical = req.target.ecu && req.target.ecu->known;
  if (auto cached = std::exchange(probe_answer_, std::nullopt);
      cached && !physical && req.data == probe_sent_)
    return std::move(*cached);
  auto line_for = [&](std::optional<unsigned> count) { return elm::obd_request(req.data, count); };
  if (!line_for(std::nullopt))
    return fail(link_error::adapter_error,
                "an OBD request is 1 to 8 bytes; got " + std::to_string(req.data.size()));

  if (!synced_) {
    // After a timeout the chip may still be working: wait for its prompt, else provoke one.
    reader_.begin("");
    auto r = read_reply(options_.request_timeout, deadline_after(options_.request_timeout));
    if (!r) {
      if (r.error() == link_error::adapter_lost) return r.error();
      if (auto s = sync(); !s) return s.error();
    }
  }
  if (protocols::is_can(protocol_)) {
    if (auto h = select_header(req.target); !h) return h.error();
  }

  diagnostic_response out;
  std::optional<unsigned> count = response_count_for(req);
  bool asked_without_count = false;
  bool retried_garble = false, retried_stop = false, retried_reset = false, retried_full = false;
  int bus_attempts = 0;
  const milliseconds idle =
      protocols::is_legacy(protocol_) ? options_.search_timeout / 2 : options_.request_timeout;
  for (;;) {
    if (auto w = write_line(*line_for(count)); !w) return w.error();
    ++request_count_;
    auto ex = read_reply(idle, deadline_after(60s));
    if (!ex) return ex.error();
    const elm::reply& r = ex->reply;

    if (r.kind == elm::reply_kind::data) {
      const bool garbled = !r.diagnostics.unknown_lines.empty() || !r.damaged.empty();
      if (garbled && !retried_garble) {
        retried_garble = true;
        out.warnings.push_back("garbled reply (" +
                               (r.diagnostics.unknown_lines.empty()
                                    ? std::string("damaged message")
                                    : "line \"" + r.diagnostics.unknown_lines.front() + "\"") +
                               "); asked again");
        continue;
      }
      if (count) counts_ = count_support::accepted;
      if (asked_without_count) {
        counts_ = count_support::rejected;
        out.warnings.push_back(
            "the adapter answers NO DATA to requests with a response count; counts disabled");
      }
      for (std::size_t i = 0; i < r.messages.size(); ++i) {
        const auto& m = r.messages[i];
        if (r.is_damaged(i)) {
          out.warnings.push_back("dropped a damaged message from " +
                                 protocols::to_string(m.source));
          continue;
        }
        // Legacy protocols are asked functionally; a physical request keeps only its ECU.
        if (physical && !protocols::is_can(protocol_) && m.source.known &&
            m.source.id != req.target.ecu->id)
          continue;
        out.messages.push_back(m);
      }
      if (out.messages.empty())
        return fail(link_error::no_data, "no usable answer (" + describe(r) + ")");
      return out;
    }

    if (r.kind == elm::reply_kind::text) {
      // A vehicle request answered with text the reader could not place: a garbled line.
      if (!retried_garble) {
        retried_garble = true;
        out.warnings.push_back("unreadable reply \"" + r.text + "\"; asked again");
        continue;
      }
      return fail(link_error::adapter_error, "unreadable reply \"" + r.text + "\"");
    }

    switch (r.error) {
      case elm::adapter_error::no_data:
        if (count && counts_ == count_support::unknown) {
          // Some adapters (an OBDLink LX was reported, and v2.1 clones) answer NO DATA whenever
          // the count digit is present: ask once without it to find out.
          count.reset();
          asked_without_count = true;
          continue;
        }
        return fail(link_error::no_data, "NO DATA");
      case elm::adapter_error::stopped:
        if (!retried_stop) {
          retried_stop = true;
          out.warnings.push_back("the adapter printed STOPPED; asked again");
          continue;
        }
        return fail(link_error::adapter_error, "STOPPED twice");
      case elm::adapter_error::buffer_full:
        if (!retried_full) {
          retried_full = true;
          out.warnings.push_back("BUFFER FULL; asked again");
          continue;
        }
        return fail(link_error::buffer_full, "BUFFER FULL twice");
      case elm::adapter_error::low_voltage_reset:
      case elm::adapter_error::internal_error:
        if (is_chip_reset(r)) {
          if (retried_reset)
            return fail(link_error::adapter_lost, "the adapter reset twice (" + describe(r) + ")");
          retried_reset = true;
          out.warnings.push_back("the adapter reset itself (" + describe(r) +
                                 "); settings restored and asked again");
          if (auto s = restore_after_reset(); !s) return s.error();
          if (protocols::is_can(protocol_)) {
            if (auto h = select_header(req.target); !h) return h.error();
          }
          continue;
        }
        [[fallthrough]];
      default:
        break;
    }
    const bool bus_init = r.error == elm::adapter_error::bus_init_error;
    if (bus_init || is_bus_fault(r.error) || r.error == elm::adapter_error::internal_error) {
      if (bus_attempts++ < options_.bus_retries) {
        out.warnings.push_back(describe(r) + "; asked again");
        continue;
      }
      return fail(bus_init ? link_error::bus_init_error : link_error::bus_error,
                  describe(r) + " after " + std::to_string(bus_attempts) + " attempts");
    }
    if (r.error == elm::adapter_error::unable_to_connect)
      return fail(link_error::unable_to_connect, "UNABLE TO CONNECT");
    if (!retried_garble) {  // "?" (a line the chip misheard), ACT/LP ALERT
      retried_garble = true;
      out.warnings.push_back("the adapter answered " + describe(r) + "; asked again");
      continue;
    }
    return fail(link_error::adapter_error, "the adapter answered " + describe(r));
  }
}

std::optional<double> elm327_link::battery_voltage() {
  if (!connected_ || !stream_) return std::nullopt;
  if (!synced_) return std::nullopt;
  auto r = command(elm::at_read_voltage(), options_.command_timeout);
  if (!r || r->reply.kind != elm::reply_kind::text) return std::nullopt;
  const std::string_view text = r->reply.text;
  auto v = elm::parse_voltage(text.substr(0, text.find('\n')));
  if (!v) return std::nullopt;
  return *v;
}

void elm327_link::close() {
  connected_ = false;
  synced_ = false;
  if (stream_) stream_->close();
}

boost::system::result<std::unique_ptr<elm327_link>, transport_failure> open_elm327_link(
    const adapter_uri& uri, elm327_options options) {
  if (!is_byte_stream_uri(uri))
    return transport_failure(transport_error::bad_uri,
                             to_string(uri) + " is not an ELM327 (serial: or tcp:) adapter");
  auto stream = open_byte_stream(uri, deadline_after(std::min(options.connect_timeout,
                                                              milliseconds(10000))));
  if (!stream) return stream.error();
  return std::make_unique<elm327_link>(std::move(*stream), std::move(options), to_string(uri));
}

}  // namespace bayscan::hardware
