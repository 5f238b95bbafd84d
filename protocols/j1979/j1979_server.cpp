#include <bayscan/protocols/j1979_pid.hpp>
#include <bayscan/protocols/j1979_server.hpp>
#include <bayscan/protocols/supported_pids.hpp>

#include <algorithm>
#include <cmath>

#include "j1979/field_codec.hpp"

namespace bayscan::protocols {
namespace {

constexpr std::uint8_t sid09 = response_sid(j1979_service::vehicle_information);
constexpr std::size_t legacy_chunk = 4;  // data bytes per legacy service 09 message (J1979 8.9.1)
constexpr std::size_t legacy_dtc_slots = 3;  // codes per legacy service 03 message (J1979 8.3.1)

// Service 09 items: CAN 49 TT NODI data; legacy 49 TT n + 4 bytes per message.
std::vector<byte_vector> infotype_messages(obd_protocol protocol, std::uint8_t type,
                                           std::size_t item_count, const byte_vector& bytes) {
  std::vector<byte_vector> out;
  if (is_can(protocol)) {
    byte_vector m{sid09, type, static_cast<std::uint8_t>(item_count)};
    m.insert(m.end(), bytes.begin(), bytes.end());
    out.push_back(std::move(m));
    return out;
  }
  std::uint8_t number = 1;
  for (std::size_t i = 0; i < bytes.size(); i += legacy_chunk) {
    byte_vector m{sid09, type, number++};
    for (std::size_t k = 0; k < legacy_chunk; ++k)
      m.push_back(i + k < bytes.size() ? bytes[i + k] : std::uint8_t{0});
    out.push_back(std::move(m));
  }
  return out;
}

bool printable(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

void append_padded(byte_vector& out, std::string_view text, std::size_t width) {
  out.insert(out.end(), text.begin(), text.end());
  out.insert(out.end(), width - text.size(), 0);
}

}  // namespace

result<byte_vector> encode_pid(std::uint8_t pid, const physical_values& values) {
  const pid_info* info = find_pid(pid);
  if (info == nullptr || info->fields.empty())
    return make_error_code(j1979_error::invalid_argument);
  byte_vector out(info->length, 0);
  for (const auto& f : info->fields) {
    const auto it = values.find(f.key);
    if (it == values.end()) return make_error_code(j1979_error::missing_value);
    const double scaled = std::round((it->second - f.add) / f.factor);
    double clamped = std::clamp(scaled, static_cast<double>(f.raw_min()),
                                static_cast<double>(f.raw_max()));
    if (std::isnan(clamped)) clamped = 0;
    detail::write_field(f, static_cast<std::int64_t>(clamped), out);
  }
  return out;
}

byte_vector current_data_response(std::span<const pid_payload> pids) {
  byte_vector out{response_sid(j1979_service::current_data)};
  for (const auto& p : pids) {
    out.push_back(p.pid);
    out.insert(out.end(), p.data.begin(), p.data.end());
  }
  return out;
}

byte_vector freeze_frame_response(std::span<const freeze_frame_payload> pids) {
  byte_vector out{response_sid(j1979_service::freeze_frame_data)};
  for (const auto& p : pids) {
    out.push_back(p.pid);
    out.push_back(p.frame);
    out.insert(out.end(), p.data.begin(), p.data.end());
  }
  return out;
}

std::vector<byte_vector> dtc_response(obd_protocol protocol, dtc_status status,
                                      std::span<const dtc> codes) {
  const auto sid = static_cast<std::uint8_t>(reading_service(status) + positive_response_offset);
  std::vector<byte_vector> out;
  if (is_can(protocol)) {
    // The count byte limits one CAN reply to 255 codes; more cannot be expressed.
    const std::size_t n = std::min<std::size_t>(codes.size(), 0xFF);
    byte_vector m{sid, static_cast<std::uint8_t>(n)};
    for (std::size_t i = 0; i < n; ++i) {
      m.push_back(codes[i].high_byte());
      m.push_back(codes[i].low_byte());
    }
    out.push_back(std::move(m));
    return out;
  }
  std::size_t i = 0;
  do {
    byte_vector m{sid};
    for (std::size_t slot = 0; slot < legacy_dtc_slots; ++slot, ++i) {
      m.push_back(i < codes.size() ? codes[i].high_byte() : std::uint8_t{0});
      m.push_back(i < codes.size() ? codes[i].low_byte() : std::uint8_t{0});
    }
    out.push_back(std::move(m));
  } while (i < codes.size());
  return out;
}

byte_vector clear_dtcs_response() { return {response_sid(j1979_service::clear_dtcs)}; }

byte_vector negative_response(std::uint8_t request_sid, negative_response_code nrc) {
  return {negative_response_sid, request_sid, static_cast<std::uint8_t>(nrc)};
}

byte_vector infotype_support_response(obd_protocol protocol, std::uint8_t base,
                                      std::span<const std::uint8_t> infotypes) {
  byte_vector out{sid09, base};
  if (is_legacy(protocol)) out.push_back(1);  // message number
  const auto bitmap = encode_supported_range(base, infotypes);
  out.insert(out.end(), bitmap.begin(), bitmap.end());
  return out;
}

result<std::vector<byte_vector>> vin_response(obd_protocol protocol, std::string_view vin) {
  if (vin.size() != 17 || !printable(vin)) return make_error_code(j1979_error::invalid_argument);
  byte_vector bytes;
  // Legacy: 20 bytes in five messages, the first three 00 (SAE J1979 infotype $02).
  if (is_legacy(protocol)) bytes.assign(3, 0);
  bytes.insert(bytes.end(), vin.begin(), vin.end());
  return infotype_messages(protocol, infotype::vin, 1, bytes);
}

result<std::vector<byte_vector>> calibration_id_response(obd_protocol protocol,
                                                         std::span<const std::string> calids) {
  byte_vector bytes;
  for (const auto& c : calids) {
    if (c.size() > 16 || !printable(c)) return make_error_code(j1979_error::invalid_argument);
    append_padded(bytes, c, 16);
  }
  return infotype_messages(protocol, infotype::calid, calids.size(), bytes);
}

result<std::vector<byte_vector>> cvn_response(obd_protocol protocol,
                                              std::span<const std::string> cvns) {
  byte_vector bytes;
  for (const auto& c : cvns) {
    const auto raw = parse_hex(c);
    if (!raw || raw->size() != 4) return make_error_code(j1979_error::invalid_argument);
    bytes.insert(bytes.end(), raw->begin(), raw->end());
  }
  return infotype_messages(protocol, infotype::cvn, cvns.size(), bytes);
}

result<std::vector<byte_vector>> ecu_name_response(obd_protocol protocol, const ecu_name& name) {
  if (name.acronym.size() > 4 || name.name.size() > 15 || !printable(name.acronym) ||
      !printable(name.name))
    return make_error_code(j1979_error::invalid_argument);
  byte_vector bytes;
  append_padded(bytes, name.acronym, 4);
  bytes.push_back('-');
  append_padded(bytes, name.name, 15);
  return infotype_messages(protocol, infotype::ecu_name, 1, bytes);
}

result<std::vector<byte_vector>> in_use_performance_response(
    obd_protocol protocol, std::uint8_t type, std::span<const std::uint16_t> counters) {
  const auto names = ipt_counter_names(type);
  if (names.empty() || counters.size() > names.size())
    return make_error_code(j1979_error::invalid_argument);
  byte_vector bytes;
  for (const auto c : counters) {
    bytes.push_back(static_cast<std::uint8_t>(c >> 8));
    bytes.push_back(static_cast<std::uint8_t>(c & 0xFF));
  }
  return infotype_messages(protocol, type, counters.size(), bytes);
}

byte_vector message_count_response(std::uint8_t type, std::uint8_t count) {
  return {sid09, type, count};
}

}  // namespace bayscan::protocols
