#include <bayscan/protocols/j1979_error.hpp>
#include <bayscan/protocols/j1979_vehicle_info.hpp>

#include <array>
#include <map>

#include "j1979/reply_grouping.hpp"

namespace bayscan::protocols {
namespace {

using message_list = std::span<const std::span<const std::uint8_t>>;

constexpr std::uint8_t service09 = static_cast<std::uint8_t>(j1979_service::vehicle_information);
constexpr std::size_t legacy_bytes_per_message = 4;  // SAE J1979 8.9.1
constexpr std::size_t vin_length = 17;
constexpr std::size_t vin_legacy_padding = 3;  // 5 messages x 4 bytes = 20 = 3 x 00 + 17
constexpr std::size_t calid_length = 16;
constexpr std::size_t cvn_length = 4;
constexpr std::size_t ecu_name_length = 20;

// The items of one infotype from one ECU, with the framing bytes removed.
struct item_data {
  std::size_t item_count = 0;  // NODI on CAN; number of messages on legacy
  byte_vector bytes;
};

result<item_data> collect(bool can, std::uint8_t type, message_list replies) {
  item_data out;
  if (can) {
    if (replies.size() != 1) return make_error_code(j1979_error::trailing_bytes);
    const auto msg = replies[0];
    if (msg.size() < 3) return make_error_code(j1979_error::truncated);
    if (msg[1] != type) return make_error_code(j1979_error::pid_mismatch);
    out.item_count = msg[2];
    out.bytes.assign(msg.begin() + 3, msg.end());
    return out;
  }
  std::map<std::uint8_t, std::span<const std::uint8_t>> by_number;
  for (const auto msg : replies) {
    if (msg.size() < 3 + legacy_bytes_per_message) return make_error_code(j1979_error::truncated);
    if (msg.size() > 3 + legacy_bytes_per_message)
      return make_error_code(j1979_error::trailing_bytes);
    if (msg[1] != type) return make_error_code(j1979_error::pid_mismatch);
    if (!by_number.emplace(msg[2], msg.subspan(3)).second)
      return make_error_code(j1979_error::duplicate_pid);
  }
  // Message numbers run 1..n without gaps.
  std::uint8_t expected = 1;
  for (const auto& [number, data] : by_number) {
    if (number != expected++) return make_error_code(j1979_error::missing_message);
    out.bytes.insert(out.bytes.end(), data.begin(), data.end());
  }
  out.item_count = by_number.size();
  return out;
}

bool printable(std::span<const std::uint8_t> text) {
  for (const auto c : text)
    if (c < 0x20 || c > 0x7E) return false;
  return true;
}

// Strips 00 padding at both ends (J1979: CALID / ECU name fields are 00-filled).
std::span<const std::uint8_t> strip_nul(std::span<const std::uint8_t> s) {
  while (!s.empty() && s.back() == 0) s = s.first(s.size() - 1);
  while (!s.empty() && s.front() == 0) s = s.subspan(1);
  return s;
}

result<std::string> text_of(std::span<const std::uint8_t> s) {
  if (!printable(s)) return make_error_code(j1979_error::invalid_text);
  return std::string(s.begin(), s.end());
}

// Splits `bytes` into fixed-size items; on CAN the NODI must agree with the length.
result<std::vector<std::span<const std::uint8_t>>> split_items(bool can, const item_data& d,
                                                               std::size_t item_size) {
  if (d.bytes.size() % item_size != 0) return make_error_code(j1979_error::bad_count);
  if (can && d.bytes.size() != d.item_count * item_size)
    return make_error_code(j1979_error::bad_count);
  std::vector<std::span<const std::uint8_t>> out;
  for (std::size_t i = 0; i < d.bytes.size(); i += item_size)
    out.emplace_back(d.bytes.data() + i, item_size);
  return out;
}

constexpr std::array<std::string_view, 20> ipt_spark = {
    "obdcond",  "igncntr",  "catcomp1",  "catcond1",  "catcomp2",  "catcond2",  "o2scomp1",
    "o2scond1", "o2scomp2", "o2scond2",  "egrcomp",   "egrcond",   "aircomp",   "aircond",
    "evapcomp", "evapcond", "so2scomp1", "so2scond1", "so2scomp2", "so2scond2"};
constexpr std::array<std::string_view, 18> ipt_compression = {
    "obdcond", "igncntr", "hccatcomp", "hccatcond", "ncatcomp", "ncatcond",
    "nadscomp", "nadscond", "pmcomp",   "pmcond",    "egscomp",  "egscond",
    "egrcomp",  "egrcond",  "bpcomp",   "bpcond",    "fuelcomp", "fuelcond"};

}  // namespace

const ipt_counter* in_use_performance::find(std::string_view name) const noexcept {
  for (const auto& c : counters)
    if (c.name == name) return &c;
  return nullptr;
}

std::span<const std::string_view> ipt_counter_names(std::uint8_t type) noexcept {
  if (type == infotype::ipt_spark) return ipt_spark;
  if (type == infotype::ipt_compression) return ipt_compression;
  return {};
}

per_ecu<std::string> parse_vin(obd_protocol protocol, std::span<const ecu_message> messages) {
  const bool can = is_can(protocol);
  return detail::parse_each<std::string>(
      service09, messages, [&](message_list replies) -> result<std::string> {
        auto d = collect(can, infotype::vin, replies);
        if (!d) return d.error();
        std::span<const std::uint8_t> bytes = d->bytes;
        if (can && d->item_count != 1) return make_error_code(j1979_error::bad_count);
        // Legacy always pads to 20; some CAN ECUs copy that layout, so accept 3 x 00 + 17 too.
        if (bytes.size() == vin_length + vin_legacy_padding) {
          for (std::size_t i = 0; i < vin_legacy_padding; ++i)
            if (bytes[i] != 0) return make_error_code(j1979_error::trailing_bytes);
          bytes = bytes.subspan(vin_legacy_padding);
        }
        if (bytes.size() < vin_length) return make_error_code(j1979_error::truncated);
        if (bytes.size() > vin_length) return make_error_code(j1979_error::trailing_bytes);
        return text_of(bytes);
      });
}

per_ecu<std::vector<std::string>> parse_calibration_ids(obd_protocol protocol,
                                                        std::span<const ecu_message> messages) {
  const bool can = is_can(protocol);
  return detail::parse_each<std::vector<std::string>>(
      service09, messages, [&](message_list replies) -> result<std::vector<std::string>> {
        auto d = collect(can, infotype::calid, replies);
        if (!d) return d.error();
        auto items = split_items(can, *d, calid_length);
        if (!items) return items.error();
        std::vector<std::string> out;
        for (const auto item : *items) {
          auto text = text_of(strip_nul(item));
          if (!text) return text.error();
          out.push_back(std::move(*text));
        }
        return out;
      });
}

per_ecu<std::vector<std::string>> parse_cvns(obd_protocol protocol,
                                             std::span<const ecu_message> messages) {
  const bool can = is_can(protocol);
  return detail::parse_each<std::vector<std::string>>(
      service09, messages, [&](message_list replies) -> result<std::vector<std::string>> {
        auto d = collect(can, infotype::cvn, replies);
        if (!d) return d.error();
        auto items = split_items(can, *d, cvn_length);
        if (!items) return items.error();
        std::vector<std::string> out;
        for (const auto item : *items) out.push_back(to_hex(item, ""));
        return out;
      });
}

per_ecu<ecu_name> parse_ecu_name(obd_protocol protocol, std::span<const ecu_message> messages) {
  const bool can = is_can(protocol);
  return detail::parse_each<ecu_name>(
      service09, messages, [&](message_list replies) -> result<ecu_name> {
        auto d = collect(can, infotype::ecu_name, replies);
        if (!d) return d.error();
        if (can && d->item_count != 1) return make_error_code(j1979_error::bad_count);
        if (d->bytes.size() < ecu_name_length) return make_error_code(j1979_error::truncated);
        if (d->bytes.size() > ecu_name_length)
          return make_error_code(j1979_error::trailing_bytes);
        const std::span<const std::uint8_t> all = d->bytes;
        // Bytes 1-4 acronym, byte 5 '-', bytes 6-20 name (SAE J1979 infotype $0A).
        if (all[4] != '-') return make_error_code(j1979_error::invalid_text);
        auto acronym = text_of(strip_nul(all.first(4)));
        if (!acronym) return acronym.error();
        auto name = text_of(strip_nul(all.subspan(5)));
        if (!name) return name.error();
        return ecu_name{std::move(*acronym), std::move(*name)};
      });
}

per_ecu<in_use_performance> parse_in_use_performance(obd_protocol protocol, std::uint8_t type,
                                                     std::span<const ecu_message> messages) {
  const bool can = is_can(protocol);
  const auto names = ipt_counter_names(type);
  return detail::parse_each<in_use_performance>(
      service09, messages, [&](message_list replies) -> result<in_use_performance> {
        if (names.empty()) return make_error_code(j1979_error::invalid_argument);
        auto d = collect(can, type, replies);
        if (!d) return d.error();
        auto items = split_items(can, *d, 2);
        if (!items) return items.error();
        if (items->size() > names.size()) return make_error_code(j1979_error::trailing_bytes);
        in_use_performance out;
        out.compression_ignition = type == infotype::ipt_compression;
        for (std::size_t i = 0; i < items->size(); ++i) {
          const auto item = (*items)[i];
          out.counters.push_back(
              {names[i], static_cast<std::uint16_t>((item[0] << 8) | item[1])});
        }
        return out;
      });
}

per_ecu<std::uint8_t> parse_message_count(std::uint8_t type,
                                          std::span<const ecu_message> messages) {
  return detail::parse_each<std::uint8_t>(
      service09, messages, [&](message_list replies) -> result<std::uint8_t> {
        if (replies.size() != 1) return make_error_code(j1979_error::trailing_bytes);
        const auto msg = replies[0];
        if (msg.size() < 3) return make_error_code(j1979_error::truncated);
        if (msg.size() > 3) return make_error_code(j1979_error::trailing_bytes);
        if (msg[1] != type) return make_error_code(j1979_error::pid_mismatch);
        return msg[2];
      });
}

}  // namespace bayscan::protocols
