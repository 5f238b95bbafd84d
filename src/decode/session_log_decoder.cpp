#include <bayscan/core/session_log_decoder.hpp>

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/language.hpp>
#include <bayscan/protocols/dtc.hpp>
#include <bayscan/protocols/dtc_description.hpp>
#include <bayscan/protocols/elm327_command.hpp>
#include <bayscan/protocols/elm327_reader.hpp>
#include <bayscan/protocols/freeze_frame.hpp>
#include <bayscan/protocols/j1979_pid.hpp>
#include <bayscan/protocols/j1979_request.hpp>
#include <bayscan/protocols/j1979_response.hpp>
#include <bayscan/protocols/j1979_vehicle_info.hpp>
#include <bayscan/protocols/readiness.hpp>
#include <bayscan/protocols/supported_pids.hpp>

#include <boost/json.hpp>

#include <cctype>

namespace bayscan::core {

namespace json = boost::json;
namespace p = bayscan::protocols;
namespace elm = bayscan::protocols::elm327;

namespace {

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (std::isspace(static_cast<unsigned char>(s[b])) || s[b] == '\0')) ++b;
  while (e > b && (std::isspace(static_cast<unsigned char>(s[e - 1])) || s[e - 1] == '\0')) --e;
  return std::string(s.substr(b, e - b));
}

std::string hex_only(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t') out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

// Requests a tester sends: SAE J1979 services 01-0A and the UDS/KWP services a technician's log
// may hold (ISO 14229-1: 10, 11, 14, 19, 22, 27, 28, 2E, 2F, 31, 3E, 85).
bool is_request_service(std::uint8_t sid) {
  if (sid >= 0x01 && sid <= 0x0A) return true;
  switch (sid) {
    case 0x10: case 0x11: case 0x14: case 0x19: case 0x22: case 0x27: case 0x28:
    case 0x2E: case 0x2F: case 0x31: case 0x3E: case 0x85: return true;
    default: return false;
  }
}

// A line is a command if the adapter would take it as one: AT/ST, or hex bytes of a request
// (1..8 bytes, optional response-count digit) whose service is one a tester sends. Reply lines
// start with a response service (41, 7F, ...), a CAN ID (7E8, 18DA...) or "n:".
bool looks_like_command(std::string_view line) {
  std::string h = hex_only(line);
  if (h.size() >= 2 && (h.rfind("AT", 0) == 0 || h.rfind("ST", 0) == 0)) {
    return h.size() <= 24 && std::all_of(h.begin(), h.end(), [](char c) {
             return std::isalnum(static_cast<unsigned char>(c)) || c == '@' || c == '.';
           });
  }
  if (h.size() < 2 || h.size() > 17) return false;
  for (char c : h)
    if (hex_digit_value(c) < 0) return false;
  std::string_view bytes = h;
  if (bytes.size() % 2 == 1) bytes.remove_suffix(1);  // response-count digit
  auto sid = static_cast<std::uint8_t>(hex_digit_value(h[0]) * 16 + hex_digit_value(h[1]));
  if (!is_request_service(sid)) return false;
  // Services 01, 02, 09 need at least a PID / infotype; an odd "014" is a byte-count line.
  if ((sid == 0x01 || sid == 0x02 || sid == 0x09) && bytes.size() < 4) return false;
  if (h.size() % 2 == 1 && bytes.size() < 2) return false;
  return true;
}

std::string hex_byte(std::uint8_t b) { return to_hex(byte_span(&b, 1)); }

json::object pid_json(const p::decoded_pid& d) {
  json::object o;
  o["pid"] = hex_byte(d.pid);
  if (const auto* info = p::find_pid(d.pid)) o["name"] = info->key;
  o["raw"] = d.raw_hex();
  json::array values;
  for (const auto& v : d.values) {
    json::object vo{{"name", v.key}, {"label", v.label}, {"value", v.value}, {"unit", v.unit}};
    if (!v.text.empty()) vo["text"] = v.text;
    values.push_back(std::move(vo));
  }
  o["values"] = std::move(values);
  return o;
}

json::object dtc_json(p::dtc code, p::dtc_status status) {
  return {{"code", code.to_string()},
          {"status", p::to_string(status)},
          {"description", p::description_or_category(code, language::en)},
          {"description_zh_tw", p::description_or_category(code, language::zh_tw)}};
}

// Without headers the adapter cannot say who answered; such messages carry their arrival index
// in `id` (see decode_obd) and are labelled "?1", "?2".
std::string ecu_label(const p::ecu_address& a) {
  return a.known ? p::to_string(a) : "?" + std::to_string(a.id);
}

template <class T>
json::object& ecu_entry(json::array& ecus, const p::ecu_address& a, const p::per_ecu<T>&) {
  std::string label = ecu_label(a);
  for (auto& e : ecus)
    if (e.as_object().at("ecu").as_string() == label) return e.as_object();
  ecus.push_back(json::object{{"ecu", label}});
  return ecus.back().as_object();
}

// Decodes one OBD reply's messages according to the request that produced them.
void decode_obd(const byte_vector& request, p::obd_protocol protocol,
                std::vector<p::ecu_message> messages, json::object& out,
                json::object& summary) {
  json::array ecus;
  // CAN without headers: every message is one ECU's complete answer, so keep them apart. Legacy
  // answers span several messages per ECU and stay together.
  if (p::is_can(protocol)) {
    std::uint32_t n = 0;
    for (auto& m : messages)
      if (!m.source.known) m.source.id = ++n;
  }
  const std::uint8_t sid = request[0];
  auto each = [&](const auto& per_ecu, auto&& on_value) {
    for (const auto& [addr, res] : per_ecu) {
      auto& e = ecu_entry(ecus, addr, per_ecu);
      if (!res) {
        e["error"] = res.error().message();
      } else {
        on_value(e, addr, res);
      }
    }
  };
  const std::span<const p::ecu_message> msgs(messages);
  if (sid == 0x01 && request.size() >= 2) {
    std::span<const std::uint8_t> pids(request.data() + 1, request.size() - 1);
    if (pids.size() == 1 && p::is_range_base(pids[0])) {
      each(p::parse_supported_range(protocol, p::j1979_service::current_data, pids[0], msgs),
           [&](json::object& e, auto&, const auto& r) {
             p::supported_pids s;
             s.set_range(pids[0], *r);
             json::array ids;
             for (auto id : s.data_ids()) ids.emplace_back(hex_byte(id));
             e["supported_pids"] = std::move(ids);
             e["next_range_supported"] = s.next_range_supported(pids[0]);
           });
    } else {
      each(p::parse_current_data(protocol, pids, msgs), [&](json::object& e, auto&, const auto& r) {
        json::array list;
        for (const auto& d : *r) {
          auto o = pid_json(d);
          if (d.pid == 0x01) {
            if (auto rd = p::decode_readiness(d.raw)) {
              o["mil_on"] = rd->mil_on;
              o["dtc_count"] = rd->dtc_count;
              o["ignition"] = rd->compression_ignition ? "compression" : "spark";
              json::array mons;
              for (const auto& m : rd->monitors)
                mons.push_back(json::object{{"monitor", m.name}, {"supported", m.supported}, {"complete", m.complete}});
              o["readiness"] = std::move(mons);
            }
          }
          list.push_back(std::move(o));
        }
        e["pids"] = std::move(list);
      });
    }
  } else if (sid == 0x02 && request.size() >= 3 && request.size() % 2 == 1) {
    std::vector<p::freeze_frame_pid> pairs;
    for (std::size_t i = 1; i + 1 < request.size(); i += 2) pairs.push_back({request[i], request[i + 1]});
    each(p::parse_freeze_frame_data(protocol, pairs, msgs), [&](json::object& e, auto&, const auto& r) {
      json::array frames;
      for (const auto& ff : p::group_freeze_frames(*r)) {
        json::object fo{{"frame", ff.frame}};
        if (ff.dtc) fo["dtc"] = ff.dtc->to_string();
        json::array values;
        for (const auto& d : ff.values) values.push_back(pid_json(d));
        fo["pids"] = std::move(values);
        frames.push_back(std::move(fo));
      }
      e["freeze_frames"] = std::move(frames);
    });
  } else if (auto status = p::status_for_service(sid); status && request.size() == 1) {
    each(p::parse_dtcs(protocol, *status, msgs), [&](json::object& e, auto& addr, const auto& r) {
      json::array list;
      for (auto code : *r) {
        auto d = dtc_json(code, *status);
        list.push_back(d);
        d["ecu"] = ecu_label(addr);
        summary["dtcs"].as_array().push_back(std::move(d));
      }
      e["dtcs"] = std::move(list);
    });
  } else if (sid == 0x04 && request.size() == 1) {
    each(p::parse_clear_dtcs(msgs), [&](json::object& e, auto&, const auto&) { e["cleared"] = true; });
  } else if (sid == 0x09 && request.size() == 2) {
    const std::uint8_t it = request[1];
    if (p::is_range_base(it)) {
      each(p::parse_supported_range(protocol, p::j1979_service::vehicle_information, it, msgs),
           [&](json::object& e, auto&, const auto& r) {
             p::supported_pids s;
             s.set_range(it, *r);
             json::array ids;
             for (auto id : s.data_ids()) ids.emplace_back(hex_byte(id));
             e["supported_infotypes"] = std::move(ids);
           });
    } else if (it == p::infotype::vin) {
      each(p::parse_vin(protocol, msgs), [&](json::object& e, auto&, const auto& r) {
        e["vin"] = *r;
        summary["vin"] = *r;
      });
    } else if (it == p::infotype::calid) {
      each(p::parse_calibration_ids(protocol, msgs), [&](json::object& e, auto&, const auto& r) {
        json::array a;
        for (const auto& s : *r) a.emplace_back(s);
        e["calibration_ids"] = std::move(a);
      });
    } else if (it == p::infotype::cvn) {
      each(p::parse_cvns(protocol, msgs), [&](json::object& e, auto&, const auto& r) {
        json::array a;
        for (const auto& s : *r) a.emplace_back(s);
        e["cvns"] = std::move(a);
      });
    } else if (it == p::infotype::ecu_name) {
      each(p::parse_ecu_name(protocol, msgs), [&](json::object& e, auto&, const auto& r) {
        e["ecu_name"] = r->acronym + "-" + r->name;
      });
    } else if (it == p::infotype::ipt_spark || it == p::infotype::ipt_compression) {
      each(p::parse_in_use_performance(protocol, it, msgs), [&](json::object& e, auto&, const auto& r) {
        json::object c;
        for (const auto& counter : r->counters) c[counter.name] = counter.value;
        e["in_use_performance"] = std::move(c);
      });
    } else if (it % 2 == 1 && it < 0x0A) {
      each(p::parse_message_count(it, msgs), [&](json::object& e, auto&, const auto& r) {
        e["message_count"] = *r;
      });
    }
  }
  // Anything we did not decode above stays visible as raw messages.
  for (const auto& m : messages) {
    std::string label = ecu_label(m.source);
    json::object* e = nullptr;
    for (auto& x : ecus)
      if (x.as_object().at("ecu").as_string() == label) e = &x.as_object();
    if (!e) {
      ecus.push_back(json::object{{"ecu", label}});
      e = &ecus.back().as_object();
    }
    if (!e->contains("raw")) (*e)["raw"] = json::array{};
    (*e)["raw"].as_array().emplace_back(to_hex(m.data));
  }
  out["ecus"] = std::move(ecus);
}

}  // namespace

std::vector<log_exchange> split_session_log(std::string_view log) {
  // Tokenise into lines, noting which lines came straight after a '>' prompt.
  struct line_token {
    std::string text;
    bool after_prompt;
  };
  std::vector<line_token> lines;
  bool prompts_seen = log.find('>') != std::string_view::npos;
  std::string current;
  bool current_after_prompt = false;
  auto flush = [&] {
    lines.push_back({current, current_after_prompt});
    current.clear();
    current_after_prompt = false;
  };
  for (std::size_t i = 0; i < log.size(); ++i) {
    char c = log[i];
    if (c == '>') {
      if (!trim(current).empty()) flush();
      current.clear();
      lines.push_back({"", false});  // the prompt ends the reply before it
      lines.back().text = ">";
      current_after_prompt = true;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < log.size() && log[i + 1] == '\n') ++i;
      flush();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) flush();

  std::vector<log_exchange> out;
  bool open = false;
  bool prev_blank = true;
  for (const auto& l : lines) {
    if (l.text == ">") {
      open = false;
      prev_blank = true;
      continue;
    }
    std::string t = trim(l.text);
    if (t.empty()) {
      prev_blank = true;
      continue;
    }
    const bool starts = l.after_prompt || (!open && looks_like_command(t)) ||
                        (!prompts_seen && prev_blank && looks_like_command(t));
    if (starts && looks_like_command(t)) {
      out.push_back({t, ""});
      open = true;
    } else if (!open) {
      out.push_back({"", t + "\r"});
      open = true;
    } else {
      out.back().reply += t + "\r";
    }
    prev_blank = false;
  }
  return out;
}

json::value decode_session_log(std::string_view log, const decode_options& options) {
  json::array exchanges;
  json::object summary{{"vin", nullptr}, {"protocol", nullptr}, {"dtcs", json::array{}}};
  elm::settings initial;
  if (options.protocol) initial.selected_protocol = *options.protocol;
  elm::reader reader(initial);
  std::size_t index = 0;
  for (const auto& ex : split_session_log(log)) {
    json::object o;
    o["index"] = index++;
    o["command"] = ex.command;
    if (!ex.command.empty()) reader.begin(ex.command);
    std::string text = ex.reply + "\r>";
    reader.feed(std::span<const char>(text.data(), text.size()));
    const auto& reply = reader.last_reply();
    const bool adapter_cmd = !ex.command.empty() && elm::is_adapter_command(ex.command);
    o["kind"] = ex.command.empty() ? "unknown" : adapter_cmd ? "adapter" : "obd";
    json::array warnings;
    if (reply.diagnostics.searching) warnings.emplace_back("automatic protocol search (SEARCHING...)");
    if (reply.diagnostics.bus_init == elm::bus_init_state::ok) warnings.emplace_back("BUS INIT: OK");
    for (const auto& u : reply.diagnostics.unknown_lines) warnings.emplace_back("unrecognised line: " + u);
    for (auto i : reply.damaged) warnings.emplace_back("message " + std::to_string(i) + " damaged (checksum, <DATA ERROR or incomplete ISO-TP)");
    if (reply.diagnostics.overflow) warnings.emplace_back("reply longer than the reader keeps; truncated");
    switch (reply.kind) {
      case elm::reply_kind::text: o["outcome"] = "text"; o["text"] = reply.text; break;
      case elm::reply_kind::data: o["outcome"] = "data"; break;
      case elm::reply_kind::error:
        o["outcome"] = "error";
        o["error"] = elm::to_string(reply.error);
        if (reply.error == elm::adapter_error::internal_error) o["error_number"] = reply.error_number;
        break;
    }
    const auto protocol = reader.settings().protocol();
    if (protocol != p::obd_protocol::automatic) {
      o["protocol"] = std::string(1, p::protocol_digit(protocol));
      summary["protocol"] = json::object{{"id", std::string(1, p::protocol_digit(protocol))},
                                         {"name", p::protocol_name(protocol)}};
    }
    if (!reply.messages.empty()) {
      auto request = parse_hex(hex_only(ex.command).substr(0, hex_only(ex.command).size() & ~std::size_t{1}));
      // Until the log names a protocol, decode as CAN: its shapes (count byte, one VIN message)
      // are what every car since 2008 answers with.
      auto decode_as = protocol == p::obd_protocol::automatic
                           ? (reply.messages.front().source.extended ? p::obd_protocol::can29_500
                              : reply.messages.front().source.known && reply.messages.front().source.id <= 0xFF
                                  ? p::obd_protocol::iso9141_2
                                  : p::obd_protocol::can11_500)
                           : protocol;
      if (request && !request->empty() && !adapter_cmd) {
        json::object r{{"service", hex_byte((*request)[0])}};
        o["request"] = std::move(r);
        decode_obd(*request, decode_as, reply.messages, o, summary);
      } else {
        json::array ecus;
        for (const auto& m : reply.messages)
          ecus.push_back(json::object{{"ecu", p::to_string(m.source)}, {"raw", json::array{json::value(to_hex(m.data))}}});
        o["ecus"] = std::move(ecus);
      }
    }
    o["warnings"] = std::move(warnings);
    exchanges.push_back(std::move(o));
  }
  return json::object{{"exchanges", std::move(exchanges)}, {"summary", std::move(summary)}};
}

}  // namespace bayscan::core
