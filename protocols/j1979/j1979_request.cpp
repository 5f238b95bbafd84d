#include <bayscan/protocols/j1979_error.hpp>
#include <bayscan/protocols/j1979_request.hpp>

namespace bayscan::protocols {
namespace {

error_code check_pid_count(obd_protocol protocol, std::size_t count) {
  if (count == 0) return make_error_code(j1979_error::invalid_argument);
  const std::size_t limit = is_can(protocol) ? max_pids_per_request_can : 1;
  if (count > limit) return make_error_code(j1979_error::too_many_pids);
  return {};
}

}  // namespace

result<byte_vector> request_current_data(obd_protocol protocol,
                                         std::span<const std::uint8_t> pids) {
  if (auto ec = check_pid_count(protocol, pids.size())) return ec;
  byte_vector out;
  out.reserve(1 + pids.size());
  out.push_back(static_cast<std::uint8_t>(j1979_service::current_data));
  out.insert(out.end(), pids.begin(), pids.end());
  return out;
}

result<byte_vector> request_freeze_frame(obd_protocol protocol,
                                         std::span<const freeze_frame_pid> pids) {
  if (auto ec = check_pid_count(protocol, pids.size())) return ec;
  byte_vector out;
  out.reserve(1 + 2 * pids.size());
  out.push_back(static_cast<std::uint8_t>(j1979_service::freeze_frame_data));
  for (const auto& p : pids) {
    out.push_back(p.pid);
    out.push_back(p.frame);
  }
  return out;
}

byte_vector request_stored_dtcs() { return {static_cast<std::uint8_t>(j1979_service::stored_dtcs)}; }
byte_vector request_pending_dtcs() {
  return {static_cast<std::uint8_t>(j1979_service::pending_dtcs)};
}
byte_vector request_permanent_dtcs() {
  return {static_cast<std::uint8_t>(j1979_service::permanent_dtcs)};
}
byte_vector request_clear_dtcs() { return {static_cast<std::uint8_t>(j1979_service::clear_dtcs)}; }

result<byte_vector> request_vehicle_information(obd_protocol protocol, std::uint8_t type) {
  const bool message_count = type == infotype::vin_message_count ||
                             type == infotype::calid_message_count ||
                             type == infotype::cvn_message_count ||
                             type == infotype::ipt_message_count ||
                             type == infotype::ecu_name_message_count;
  // SAE J1979 8.9: on ISO 15765-4 the odd "message count" infotypes are not used; the
  // response's NODI byte carries the item count instead.
  if (message_count && is_can(protocol)) return make_error_code(j1979_error::not_on_this_protocol);
  return byte_vector{static_cast<std::uint8_t>(j1979_service::vehicle_information), type};
}

}  // namespace bayscan::protocols
