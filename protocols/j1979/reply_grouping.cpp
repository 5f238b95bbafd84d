#include "j1979/reply_grouping.hpp"

#include <bayscan/protocols/j1979_error.hpp>
#include <bayscan/protocols/j1979_request.hpp>

namespace bayscan::protocols::detail {

std::map<ecu_address, ecu_replies> group_replies(std::uint8_t request_sid,
                                                 std::span<const ecu_message> messages) {
  const auto positive_sid = static_cast<std::uint8_t>(request_sid + positive_response_offset);
  std::map<ecu_address, ecu_replies> out;
  for (const auto& m : messages) {
    ecu_replies& r = out[m.source];
    if (r.error) continue;
    const auto& d = m.data;
    if (d.empty()) {
      r.error = make_error_code(j1979_error::empty_message);
    } else if (d[0] == negative_response_sid) {
      // ISO 14229-1 / ISO 15031-5 negative response: 7F <request sid> <NRC>.
      if (d.size() < 3) r.error = make_error_code(j1979_error::truncated);
      else if (d.size() > 3) r.error = make_error_code(j1979_error::trailing_bytes);
      else if (d[1] != request_sid) r.error = make_error_code(j1979_error::wrong_service);
      else if (d[2] == static_cast<std::uint8_t>(negative_response_code::response_pending))
        r.pending = true;  // the real answer follows; P2* applies
      else r.error = error_code(d[2], negative_response_category());
    } else if (d[0] != positive_sid) {
      r.error = make_error_code(j1979_error::wrong_service);
    } else {
      r.positive.emplace_back(d.data(), d.size());
    }
  }
  return out;
}

}  // namespace bayscan::protocols::detail
