#include <bayscan/protocols/ecu_message.hpp>

#include <cstdio>

namespace bayscan::protocols {

std::string to_string(ecu_address a) {
  if (!a.known) return "?";
  char buf[16];
  if (a.extended) std::snprintf(buf, sizeof buf, "%08X", static_cast<unsigned>(a.id));
  else if (a.id > 0xFF) std::snprintf(buf, sizeof buf, "%03X", static_cast<unsigned>(a.id));
  else std::snprintf(buf, sizeof buf, "%02X", static_cast<unsigned>(a.id));
  return buf;
}

}  // namespace bayscan::protocols
