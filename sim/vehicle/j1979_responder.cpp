#include <bayscan/protocols/dtc.hpp>
#include <bayscan/protocols/j1979_error.hpp>
#include <bayscan/protocols/j1979_pid.hpp>
#include <bayscan/protocols/j1979_request.hpp>
#include <bayscan/protocols/j1979_server.hpp>
#include <bayscan/protocols/readiness.hpp>
#include <bayscan/protocols/supported_pids.hpp>
#include <bayscan/sim/j1979_responder.hpp>

#include <algorithm>
#include <string>

namespace bayscan::sim {
namespace {

namespace proto = bayscan::protocols;
using proto::negative_response_code;
using proto::obd_protocol;
using std::chrono::microseconds;
using std::chrono::milliseconds;

// ISO 15765-4: a request is one single frame, so seven data bytes at most: SID + six PIDs for
// service 01, SID + three PID/frame pairs for service 02 (SAE J1979 request message formats).
constexpr std::size_t max_can_pids = 6;
constexpr std::size_t max_can_freeze_pairs = 3;

// ISO 9141-2 / ISO 14230-4: P2min, the minimum gap between an ECU's response messages.
constexpr microseconds kline_p2_min = milliseconds(25);

// FNV-1a: a seed that is the same on every platform and standard library (std::hash is not).
std::uint32_t seed_from(const std::string& name) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : name) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

// Service 01/02 PID data bytes from the scenario's value: raw bytes as given, or physical
// values in the field order of the PID table, scaled by the j1979 server encoder.
std::optional<byte_vector> encode_value(std::uint8_t pid, const pid_value& v) {
  if (v.raw) return *v.raw;
  const proto::pid_info* info = proto::find_pid(pid);
  if (info == nullptr || info->fields.size() != v.physical.size()) return std::nullopt;
  proto::physical_values values;
  for (std::size_t i = 0; i < info->fields.size(); ++i)
    values.emplace(std::string(info->fields[i].key), v.physical[i]);
  auto bytes = proto::encode_pid(pid, values);
  if (!bytes) return std::nullopt;
  return std::move(*bytes);
}

std::vector<std::uint8_t> to_vector(const std::set<std::uint8_t>& ids) {
  return {ids.begin(), ids.end()};
}

// Service 01 PID 01: MIL, count of confirmed codes, readiness of the ignition type's set.
byte_vector monitor_status(const vehicle& car, std::size_t i) {
  const ecu& e = car.definition().ecus[i];
  proto::readiness r;
  r.mil_on = car.mil_on(i);
  r.dtc_count = car.reported_dtc_count(i);
  r.compression_ignition = e.ignition == ignition_type::compression;
  for (const auto& [monitor, status] : car.readiness(i)) {
    if (!applies_to(monitor, e.ignition)) continue;
    r.monitors.push_back({to_string(monitor), status.supported, status.complete});
  }
  auto bytes = proto::encode_readiness(r);
  // The loader only accepts monitor names of the readiness table, so encoding cannot fail;
  // an all-zero status (nothing supported) is the safe answer if it ever did.
  return bytes ? std::move(*bytes) : byte_vector(4, 0);
}

std::vector<proto::dtc> parse_codes(const std::vector<std::string>& texts) {
  std::vector<proto::dtc> out;
  for (const auto& t : texts)
    if (auto d = proto::parse_dtc(t)) out.push_back(*d);
  return out;
}

struct ecu_view {
  const vehicle& car;
  std::size_t index;
  obd_protocol protocol;

  const ecu& def() const { return car.definition().ecus[index]; }

  std::optional<byte_vector> current_value(std::uint8_t pid) const {
    if (pid == 0x01) return monitor_status(car, index);
    auto v = car.current_pid(index, pid);
    if (!v) return std::nullopt;
    return encode_value(pid, *v);
  }

  std::set<std::uint8_t> current_ids() const { return car.supported_pids(index); }

  // Bitmap PIDs answer when the range is reachable: 00 always (J1979 requires it of every
  // OBD ECU), a higher one when some supported ID lies in or above it, which is exactly when
  // the previous range's bit "next range supported" was set.
  static std::optional<byte_vector> bitmap(std::uint8_t base, const std::set<std::uint8_t>& ids) {
    if (base != 0 && (ids.empty() || *ids.rbegin() <= base)) return std::nullopt;
    const auto v = to_vector(ids);
    const auto bytes = proto::encode_supported_range(base, v);
    return byte_vector(bytes.begin(), bytes.end());
  }

  // Service 02: frame 0 holds the PIDs the scenario's freeze frame lists plus PID 02.
  std::set<std::uint8_t> freeze_ids() const {
    std::set<std::uint8_t> ids{0x02};
    if (def().freeze)
      for (const auto& [pid, v] : def().freeze->values) ids.insert(pid);
    return ids;
  }

  std::optional<byte_vector> freeze_value(std::uint8_t pid) const {
    const auto& frame = car.freeze(index);
    if (pid == 0x02) {
      // PID 02 in service 02: the DTC that stored the frame, 00 00 when no frame is stored
      // (SAE J1979-DA PID $02).
      if (!frame) return byte_vector{0x00, 0x00};
      auto d = proto::parse_dtc(frame->dtc);
      if (!d) return byte_vector{0x00, 0x00};
      return byte_vector{d->high_byte(), d->low_byte()};
    }
    if (!frame) return std::nullopt;
    auto it = frame->values.find(pid);
    if (it == frame->values.end()) return std::nullopt;
    return encode_value(pid, it->second);
  }

  std::set<std::uint8_t> infotypes() const {
    const bool legacy = proto::is_legacy(protocol);
    std::set<std::uint8_t> ids;
    const auto& e = def();
    if (!e.vin.empty()) {
      ids.insert(proto::infotype::vin);
      if (legacy) ids.insert(proto::infotype::vin_message_count);
    }
    if (!e.calids.empty()) {
      ids.insert(proto::infotype::calid);
      if (legacy) ids.insert(proto::infotype::calid_message_count);
    }
    if (!e.cvns.empty()) {
      ids.insert(proto::infotype::cvn);
      if (legacy) ids.insert(proto::infotype::cvn_message_count);
    }
    if (!e.ecu_name_infotype.empty()) {
      ids.insert(proto::infotype::ecu_name);
      if (legacy) ids.insert(proto::infotype::ecu_name_message_count);
    }
    return ids;
  }
};

proto::ecu_name split_ecu_name(const std::string& text) {
  // Scenario form "ECM-EngineControl": acronym, dash, name (SAE J1979 infotype $0A layout).
  const auto dash = text.find('-');
  if (dash == std::string::npos) return {text.substr(0, 4), {}};
  return {text.substr(0, dash), text.substr(dash + 1)};
}

std::vector<byte_vector> one(byte_vector m) {
  std::vector<byte_vector> out;
  out.push_back(std::move(m));
  return out;
}

std::vector<byte_vector> vehicle_information(const ecu_view& ecu, std::uint8_t type) {
  const obd_protocol p = ecu.protocol;
  const auto& e = ecu.def();
  const auto supported = ecu.infotypes();
  if (proto::is_range_base(type)) {
    // Infotype bitmaps 00/20/40: 00 always once the ECU supports service 09 at all.
    if (supported.empty()) return {};
    if (type != 0 && *supported.rbegin() <= type) return {};
    const auto v = to_vector(supported);
    return one(proto::infotype_support_response(p, type, v));
  }
  if (!supported.contains(type)) return {};
  auto unwrap = [](result<std::vector<byte_vector>> r) {
    return r ? std::move(*r) : std::vector<byte_vector>{};
  };
  // Legacy message counts: how many 4-byte messages the item needs (SAE J1979 service $09).
  auto count_of = [&](std::vector<byte_vector> messages) {
    return one(proto::message_count_response(type, static_cast<std::uint8_t>(messages.size())));
  };
  switch (type) {
    case proto::infotype::vin:
      return unwrap(proto::vin_response(p, e.vin));
    case proto::infotype::vin_message_count:
      return count_of(unwrap(proto::vin_response(p, e.vin)));
    case proto::infotype::calid:
      return unwrap(proto::calibration_id_response(p, e.calids));
    case proto::infotype::calid_message_count:
      return count_of(unwrap(proto::calibration_id_response(p, e.calids)));
    case proto::infotype::cvn:
      return unwrap(proto::cvn_response(p, e.cvns));
    case proto::infotype::cvn_message_count:
      return count_of(unwrap(proto::cvn_response(p, e.cvns)));
    case proto::infotype::ecu_name:
      return unwrap(proto::ecu_name_response(p, split_ecu_name(e.ecu_name_infotype)));
    case proto::infotype::ecu_name_message_count:
      return count_of(unwrap(proto::ecu_name_response(p, split_ecu_name(e.ecu_name_infotype))));
    default:
      return {};
  }
}

}  // namespace

j1979_responder::j1979_responder(vehicle& car)
    : car_(car), jitter_(seed_from(car.definition().name)), received_(car.ecu_count(), 0) {}

protocols::obd_protocol j1979_responder::protocol() const { return car_.definition().protocol; }

double j1979_responder::battery_voltage() const { return car_.definition().battery_voltage; }

std::uint32_t physical_request_address(protocols::ecu_address ecu, protocols::obd_protocol p) {
  if (!protocols::is_can(p)) return ecu.id;  // legacy: the header's target byte
  if (ecu.extended) {
    // ISO 15765-4 29-bit normal fixed addressing: 18DA<target><source>; the ECU answers on
    // 18DAF1<ecu>, the tester (F1) addresses it on 18DA<ecu>F1.
    const std::uint32_t ecu_byte = ecu.id & 0xFF;
    return 0x18DA00F1u | (ecu_byte << 8);
  }
  return ecu.id - 8;  // ISO 15765-4 11-bit: request 7E0+n, response 7E8+n
}

std::optional<std::size_t> j1979_responder::ecu_for_target(std::uint32_t target) const {
  const auto& ecus = car_.definition().ecus;
  const obd_protocol p = protocol();
  for (std::size_t i = 0; i < ecus.size(); ++i)
    if (physical_request_address(ecus[i].address, p) == target) return i;
  return std::nullopt;
}

std::vector<byte_vector> j1979_responder::messages_for(std::size_t index, byte_span request,
                                                       bool physical) const {
  const obd_protocol p = protocol();
  const bool can = protocols::is_can(p);
  const ecu_view ecu{car_, index, p};
  if (request.empty()) return {};
  const std::uint8_t sid = request[0];
  const byte_span args = request.subspan(1);
  // Negative responses only to physical requests; a functional request leaves ECUs silent.
  auto refuse = [&](negative_response_code nrc) -> std::vector<byte_vector> {
    if (!physical) return {};
    return one(proto::negative_response(sid, nrc));
  };
  const auto invalid_format = negative_response_code::sub_function_not_supported;

  switch (sid) {
    case 0x01: {
      // Legacy requests carry exactly one PID; a longer one is not a J1979 message there.
      if (!can && args.size() > 1) return {};
      if (args.empty() || args.size() > max_can_pids) return refuse(invalid_format);
      const auto ids = ecu.current_ids();
      std::vector<proto::pid_payload> answered;
      for (std::uint8_t pid : args) {
        std::optional<byte_vector> data = proto::is_range_base(pid) ? ecu_view::bitmap(pid, ids)
                                                                    : ecu.current_value(pid);
        if (data) answered.push_back({pid, std::move(*data)});
      }
      if (answered.empty()) return {};
      return one(proto::current_data_response(answered));
    }
    case 0x02: {
      if (!can && args.size() > 2) return {};
      if (args.empty() || args.size() % 2 != 0 || args.size() / 2 > max_can_freeze_pairs)
        return refuse(invalid_format);
      const auto ids = ecu.freeze_ids();
      std::vector<proto::freeze_frame_payload> answered;
      for (std::size_t k = 0; k < args.size(); k += 2) {
        const std::uint8_t pid = args[k];
        const std::uint8_t frame = args[k + 1];
        if (frame != 0) continue;  // the simulated ECUs keep frame 0 only
        std::optional<byte_vector> data =
            proto::is_range_base(pid) ? ecu_view::bitmap(pid, ids) : ecu.freeze_value(pid);
        if (data) answered.push_back({pid, frame, std::move(*data)});
      }
      if (answered.empty()) return {};
      return one(proto::freeze_frame_response(answered));
    }
    case 0x03:
    case 0x07:
    case 0x0A: {
      if (!args.empty()) return refuse(invalid_format);
      const auto status = *proto::status_for_service(sid);
      const auto& lists = car_.dtcs(index);
      const auto& texts = status == proto::dtc_status::stored    ? lists.stored
                          : status == proto::dtc_status::pending ? lists.pending
                                                                 : lists.permanent;
      const auto codes = parse_codes(texts);
      return proto::dtc_response(p, status, codes);
    }
    case 0x04: {
      if (!args.empty()) return refuse(invalid_format);
      // The clear itself happens in answer(), which knows whether the ECU is listening.
      return one(proto::clear_dtcs_response());
    }
    case 0x09: {
      if (args.size() != 1) return refuse(invalid_format);
      return vehicle_information(ecu, args[0]);
    }
    default:
      return refuse(negative_response_code::service_not_supported);
  }
}

bool j1979_responder::ecu_is_silent(std::size_t index) const {
  const auto& def = car_.definition();
  for (const auto& f : def.faults) {
    if (f.kind != fault_kind::ecu_stops_answering_after) continue;
    if (f.ecu && *f.ecu != def.ecus[index].address) continue;
    if (received_[index] > f.n) return true;
  }
  return false;
}

microseconds j1979_responder::draw_latency() {
  const auto& t = car_.definition().timing;
  const auto base = microseconds(milliseconds(t.ecu_latency_ms));
  if (t.jitter_ms == 0) return base;
  const auto j = static_cast<std::int64_t>(microseconds(milliseconds(t.jitter_ms)).count());
  std::uniform_int_distribution<std::int64_t> dist(-j, j);
  return std::max(microseconds(0), base + microseconds(dist(jitter_)));
}

microseconds j1979_responder::message_spacing(std::size_t payload_size) const {
  const obd_protocol p = protocol();
  const auto gap = microseconds(milliseconds(car_.definition().timing.inter_frame_gap_ms));
  // A legacy message on the wire: 3 header bytes, the data, one checksum byte.
  const std::size_t bytes = payload_size + 4;
  microseconds per_byte{0};
  microseconds p2{0};
  switch (p) {
    case obd_protocol::j1850_pwm:
      per_byte = microseconds(8 * 24);  // 41.6 kbit/s, 24 us per bit
      break;
    case obd_protocol::j1850_vpw:
      per_byte = microseconds(8 * 96);  // 10.4 kbit/s average
      break;
    default:
      per_byte = microseconds(10 * 96);  // ISO 9141-2 / 14230-4: 10.4 kbaud, 10 bits per byte
      p2 = kline_p2_min;
      break;
  }
  return per_byte * static_cast<std::int64_t>(bytes) + std::max(gap, p2);
}

std::vector<bus_reply> j1979_responder::answer(byte_span request,
                                               std::optional<std::uint32_t> physical_target) {
  std::vector<std::size_t> listeners;
  if (physical_target) {
    if (auto i = ecu_for_target(*physical_target)) listeners.push_back(*i);
  } else {
    for (std::size_t i = 0; i < car_.ecu_count(); ++i) listeners.push_back(i);
  }
  const obd_protocol p = protocol();
  const auto gap = microseconds(milliseconds(car_.definition().timing.inter_frame_gap_ms));
  std::vector<bus_reply> out;
  for (std::size_t i : listeners) {
    ++received_[i];
    if (ecu_is_silent(i)) continue;
    auto messages = messages_for(i, request, physical_target.has_value());
    if (messages.empty()) continue;
    if (!request.empty() && request[0] == 0x04 && messages.front().front() == 0x44)
      car_.clear_diagnostic_information(i);
    microseconds at = draw_latency();
    const auto source = car_.definition().ecus[i].address;
    for (auto& m : messages) {
      const std::size_t size = m.size();
      out.push_back({source, std::move(m), at, protocols::is_can(p) ? gap : microseconds(0)});
      at += message_spacing(size);
    }
  }
  // Bus order: whichever frame is sent first arrives first; ties keep the ECUs' order.
  std::stable_sort(out.begin(), out.end(),
                   [](const bus_reply& a, const bus_reply& b) { return a.delay < b.delay; });
  return out;
}

}  // namespace bayscan::sim
