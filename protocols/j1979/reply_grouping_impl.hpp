// Internal: template definitions for reply_grouping.hpp.
#ifndef BAYSCAN_PROTOCOLS_J1979_REPLY_GROUPING_IMPL_HPP
#define BAYSCAN_PROTOCOLS_J1979_REPLY_GROUPING_IMPL_HPP

#include <bayscan/protocols/j1979_error.hpp>

namespace bayscan::protocols::detail {

template <class T, class Parse>
std::map<ecu_address, result<T>> parse_each(std::uint8_t request_sid,
                                            std::span<const ecu_message> messages,
                                            Parse&& parse) {
  std::map<ecu_address, result<T>> out;
  for (const auto& [ecu, replies] : group_replies(request_sid, messages)) {
    if (replies.error) {
      out.emplace(ecu, replies.error);
    } else if (!replies.positive.empty()) {
      out.emplace(ecu, parse(std::span<const std::span<const std::uint8_t>>(replies.positive)));
    } else {
      out.emplace(ecu, make_error_code(negative_response_code::response_pending));
    }
  }
  return out;
}

}  // namespace bayscan::protocols::detail

#endif
