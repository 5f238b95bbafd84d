#include <bayscan/protocols/j1979_error.hpp>
#include <bayscan/protocols/j1979_response.hpp>

#include <algorithm>

#include "j1979/reply_grouping.hpp"

namespace bayscan::protocols {
namespace {

using message_list = std::span<const std::span<const std::uint8_t>>;

constexpr std::uint8_t sid(j1979_service s) noexcept { return static_cast<std::uint8_t>(s); }

bool contains(std::span<const std::uint8_t> ids, std::uint8_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Length of one PID's data inside a reply. A PID the table does not know can only be taken
// when it is the only one asked for (the rest of the message is then its data).
result<std::size_t> data_length(std::uint8_t pid, std::size_t requested_count,
                                std::size_t remaining) {
  if (const auto n = pid_data_length(pid)) {
    if (remaining < *n) return make_error_code(j1979_error::truncated);
    return *n;
  }
  if (requested_count == 1) return remaining;
  return make_error_code(j1979_error::unknown_pid_length);
}

}  // namespace

per_ecu<std::vector<decoded_pid>> parse_current_data(obd_protocol protocol,
                                                     std::span<const std::uint8_t> requested,
                                                     std::span<const ecu_message> messages) {
  (void)protocol;  // one message per ECU on CAN; one per PID on legacy: both walk the same way
  return detail::parse_each<std::vector<decoded_pid>>(
      sid(j1979_service::current_data), messages,
      [&](message_list replies) -> result<std::vector<decoded_pid>> {
        std::vector<decoded_pid> out;
        for (const auto msg : replies) {
          if (msg.size() < 2) return make_error_code(j1979_error::truncated);
          std::size_t i = 1;
          while (i < msg.size()) {
            const std::uint8_t pid = msg[i++];
            if (!contains(requested, pid)) return make_error_code(j1979_error::pid_mismatch);
            for (const auto& seen : out)
              if (seen.pid == pid) return make_error_code(j1979_error::duplicate_pid);
            auto len = data_length(pid, requested.size(), msg.size() - i);
            if (!len) return len.error();
            auto value = decode_pid(pid, msg.subspan(i, *len));
            if (!value) return value.error();
            out.push_back(std::move(*value));
            i += *len;
          }
        }
        return out;
      });
}

per_ecu<std::uint32_t> parse_supported_range(obd_protocol protocol, j1979_service service,
                                             std::uint8_t base,
                                             std::span<const ecu_message> messages) {
  // Bytes between the echo and the bitmap: service 02 repeats the frame number (00); service
  // 09 on legacy protocols carries a message number (01) (SAE J1979 8.9.2). On CAN, infotype
  // 00 has no data-item count; an ECU that adds NODI = 01 anyway is accepted by its length.
  return detail::parse_each<std::uint32_t>(
      sid(service), messages, [&](message_list replies) -> result<std::uint32_t> {
        if (replies.size() != 1) return make_error_code(j1979_error::trailing_bytes);
        const auto msg = replies[0];
        std::size_t skip = 0;
        if (service == j1979_service::freeze_frame_data) skip = 1;
        if (service == j1979_service::vehicle_information &&
            (is_legacy(protocol) || msg.size() == 7))
          skip = 1;
        const std::size_t want = 2 + skip + 4;
        if (msg.size() < want) return make_error_code(j1979_error::truncated);
        if (msg.size() > want) return make_error_code(j1979_error::trailing_bytes);
        if (msg[1] != base) return make_error_code(j1979_error::pid_mismatch);
        if (service == j1979_service::freeze_frame_data && msg[2] != 0)
          return make_error_code(j1979_error::pid_mismatch);
        if (skip == 1 && service == j1979_service::vehicle_information && msg[2] != 1)
          return make_error_code(j1979_error::missing_message);
        const auto d = msg.subspan(2 + skip);
        return (std::uint32_t{d[0]} << 24) | (std::uint32_t{d[1]} << 16) |
               (std::uint32_t{d[2]} << 8) | std::uint32_t{d[3]};
      });
}

per_ecu<std::vector<freeze_frame_value>> parse_freeze_frame_data(
    obd_protocol protocol, std::span<const freeze_frame_pid> requested,
    std::span<const ecu_message> messages) {
  (void)protocol;
  return detail::parse_each<std::vector<freeze_frame_value>>(
      sid(j1979_service::freeze_frame_data), messages,
      [&](message_list replies) -> result<std::vector<freeze_frame_value>> {
        std::vector<freeze_frame_value> out;
        for (const auto msg : replies) {
          if (msg.size() < 3) return make_error_code(j1979_error::truncated);
          std::size_t i = 1;
          while (i < msg.size()) {
            if (msg.size() - i < 2) return make_error_code(j1979_error::truncated);
            const freeze_frame_pid key{msg[i], msg[i + 1]};
            i += 2;
            if (std::find(requested.begin(), requested.end(), key) == requested.end())
              return make_error_code(j1979_error::pid_mismatch);
            for (const auto& seen : out)
              if (seen.frame == key.frame && seen.data.pid == key.pid)
                return make_error_code(j1979_error::duplicate_pid);
            auto len = data_length(key.pid, requested.size(), msg.size() - i);
            if (!len) return len.error();
            auto value = decode_pid(key.pid, msg.subspan(i, *len));
            if (!value) return value.error();
            out.push_back({key.frame, std::move(*value)});
            i += *len;
          }
        }
        return out;
      });
}

per_ecu<std::vector<dtc>> parse_dtcs(obd_protocol protocol, dtc_status status,
                                     std::span<const ecu_message> messages) {
  const bool can = is_can(protocol);
  return detail::parse_each<std::vector<dtc>>(
      reading_service(status), messages, [&](message_list replies) -> result<std::vector<dtc>> {
        std::vector<dtc> out;
        for (const auto msg : replies) {
          std::size_t first = 1;
          if (can) {
            // ISO 15765-4: 43 NN, then NN codes of two bytes (SAE J1979 8.3.2).
            if (msg.size() < 2) return make_error_code(j1979_error::truncated);
            const std::size_t count = msg[1];
            if (msg.size() != 2 + 2 * count) return make_error_code(j1979_error::bad_count);
            first = 2;
          } else if (msg.size() != 7) {
            // Legacy: three code slots per message, always present (SAE J1979 8.3.1).
            return make_error_code(msg.size() < 7 ? j1979_error::truncated
                                                  : j1979_error::trailing_bytes);
          }
          for (std::size_t i = first; i + 1 < msg.size(); i += 2) {
            const auto code = dtc::from_bytes(msg[i], msg[i + 1]);
            // 00 00 pads unused legacy slots; on CAN it is not a code either.
            if (!code.is_no_code()) out.push_back(code);
          }
        }
        return out;
      });
}

per_ecu<void> parse_clear_dtcs(std::span<const ecu_message> messages) {
  return detail::parse_each<void>(sid(j1979_service::clear_dtcs), messages,
                                  [](message_list replies) -> result<void> {
                                    for (const auto msg : replies)
                                      if (msg.size() != 1)
                                        return make_error_code(j1979_error::trailing_bytes);
                                    return {};
                                  });
}

}  // namespace bayscan::protocols
