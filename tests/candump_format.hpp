// candump's compact frame notation ("7DF#0201000000000000", "18DAF110#064100BE3FA81300") for
// tests, so vectors read like a bus capture: an 8-digit identifier is a 29-bit one, as candump
// prints it. Test helper; header-only.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <bayscan/common/bytes.hpp>
#include <bayscan/protocols/can_frame.hpp>
#include <cstdio>
#include <string>
#include <vector>

namespace bayscan::testing {

inline protocols::can_frame candump_frame(const std::string& text) {
  const auto hash = text.find('#');
  protocols::can_frame f;
  f.id = static_cast<std::uint32_t>(std::stoul(text.substr(0, hash), nullptr, 16));
  f.extended = hash == 8;
  const auto data = parse_hex(text.substr(hash + 1));
  EXPECT_TRUE(data.has_value() && data->size() <= 8) << text;
  if (!data || data->size() > 8) return f;
  f.dlc = static_cast<std::uint8_t>(data->size());
  std::copy(data->begin(), data->end(), f.data.begin());
  return f;
}

inline std::string candump_text(const protocols::can_frame& f) {
  char id[16];
  std::snprintf(id, sizeof id, f.extended ? "%08X" : "%03X", static_cast<unsigned>(f.id));
  return std::string(id) + "#" + to_hex(f.payload(), "");
}

}  // namespace bayscan::testing
