// Test helper: ECU messages written the way an adapter with headers on shows them
// ("7E8", "41 0C 1A F8"), after link framing is removed.
#ifndef BAYSCAN_TESTS_PROTOCOLS_J1979_TRAFFIC_HPP
#define BAYSCAN_TESTS_PROTOCOLS_J1979_TRAFFIC_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/protocols/ecu_message.hpp>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

namespace bayscan::protocols::test {

inline ecu_address ecu(std::string_view id) {
  ecu_address a;
  a.id = static_cast<std::uint32_t>(std::stoul(std::string(id), nullptr, 16));
  a.extended = id.size() == 8;
  a.known = true;
  return a;
}

inline byte_vector bytes(std::string_view hex) {
  auto b = parse_hex(hex);
  if (!b) throw std::invalid_argument("bad hex in test: " + std::string(hex));
  return *b;
}

inline ecu_message msg(std::string_view id, std::string_view hex) {
  return ecu_message{ecu(id), bytes(hex)};
}

}  // namespace bayscan::protocols::test

#endif
