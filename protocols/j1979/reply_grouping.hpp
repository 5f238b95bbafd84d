// Internal: sorts an answer's messages by ECU into positive replies and errors, the step every
// service parser shares.
#ifndef BAYSCAN_PROTOCOLS_J1979_REPLY_GROUPING_HPP
#define BAYSCAN_PROTOCOLS_J1979_REPLY_GROUPING_HPP

#include <bayscan/common/result.hpp>
#include <bayscan/protocols/ecu_message.hpp>

#include <cstdint>
#include <map>
#include <span>
#include <vector>

namespace bayscan::protocols::detail {

struct ecu_replies {
  std::vector<std::span<const std::uint8_t>> positive;  // whole messages, service byte first
  error_code error;    // sticky: a wrong or negative message makes the ECU's answer an error
  bool pending = false;  // saw 7F sid 78
};

std::map<ecu_address, ecu_replies> group_replies(std::uint8_t request_sid,
                                                 std::span<const ecu_message> messages);

// Applies `parse` (span<const span<const uint8_t>> -> result<T>) to each ECU's positives.
template <class T, class Parse>
std::map<ecu_address, result<T>> parse_each(std::uint8_t request_sid,
                                            std::span<const ecu_message> messages,
                                            Parse&& parse);

}  // namespace bayscan::protocols::detail

#include "j1979/reply_grouping_impl.hpp"

#endif
