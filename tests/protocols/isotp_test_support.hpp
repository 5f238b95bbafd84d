// Test support for the ISO-TP suites: candump-format frames ("7E8#1014490201314731", as
// `candump -L` / cansend write them), a fake clock, and a zero-latency simulated bus that drives
// sans-I/O endpoints by their deadlines without sleeping.
#ifndef BAYSCAN_TESTS_PROTOCOLS_ISOTP_TEST_SUPPORT_HPP
#define BAYSCAN_TESTS_PROTOCOLS_ISOTP_TEST_SUPPORT_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/protocols/can_frame.hpp>
#include <bayscan/protocols/isotp_transfer.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bayscan::protocols::test {

using namespace std::chrono_literals;

// The fake clock: t0 plus an offset. Nothing here reads a real clock.
inline const isotp_time_point t0{};
inline isotp_time_point at(std::chrono::microseconds offset) { return t0 + offset; }

// "7E8#1014490201314731" (11-bit: 3 hex digits) or "18DAF110#0641..." (29-bit: 8 digits).
inline can_frame frame(std::string_view candump) {
  const auto hash = candump.find('#');
  if (hash == std::string_view::npos) throw std::invalid_argument("no '#' in candump frame");
  can_frame f;
  f.extended = hash == 8;
  f.id = static_cast<std::uint32_t>(std::stoul(std::string(candump.substr(0, hash)), nullptr, 16));
  auto bytes = parse_hex(candump.substr(hash + 1));
  if (!bytes || bytes->size() > 8) throw std::invalid_argument("bad candump data");
  f.dlc = static_cast<std::uint8_t>(bytes->size());
  for (std::size_t i = 0; i < bytes->size(); ++i) f.data[i] = (*bytes)[i];
  return f;
}

inline std::string candump(const can_frame& f) {
  char id[16];
  std::snprintf(id, sizeof id, f.extended ? "%08X" : "%03X", static_cast<unsigned>(f.id));
  return std::string(id) + "#" + to_hex(f.payload(), "");
}

inline std::vector<std::string> candump(const std::vector<can_frame>& frames) {
  std::vector<std::string> out;
  for (const auto& f : frames) out.push_back(candump(f));
  return out;
}

// A deterministic message body: byte i = i * 7 + 3 (mod 256), so a shifted or repeated chunk
// shows up as a mismatch.
inline byte_vector pattern(std::size_t n) {
  byte_vector v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(i * 7 + 3);
  return v;
}

// One participant on the simulated bus, wrapping a sans-I/O state machine.
struct bus_endpoint {
  std::string name;
  std::function<std::vector<can_frame>(isotp_time_point)> poll;
  std::function<void(const can_frame&, isotp_time_point)> deliver;
  std::function<std::optional<isotp_time_point>()> deadline;
  std::function<void(isotp_time_point)> timeout;
};

struct bus_record {
  isotp_time_point at;
  std::string from;
  can_frame frame;
};

// Decides the fate of the n-th frame put on the bus (0-based): keep, change, or drop (nullopt).
using bus_filter = std::function<std::optional<can_frame>(std::size_t n, const can_frame&)>;

// Runs every endpoint until none has a deadline left (or `limit` is reached). Frames are seen
// by all other endpoints at the instant they are sent. Returns the bus log.
inline std::vector<bus_record> run_bus(std::vector<bus_endpoint*> eps, isotp_time_point start,
                                       isotp_time_point limit, const bus_filter& filter = {}) {
  std::vector<bus_record> log;
  isotp_time_point now = start;
  std::size_t sent = 0;
  for (int step = 0; step < 200000; ++step) {
    for (auto* e : eps) e->timeout(now);
    bool any = true;
    while (any) {
      any = false;
      for (auto* e : eps) {
        for (const auto& f : e->poll(now)) {
          any = true;
          std::optional<can_frame> on_bus = filter ? filter(sent, f) : std::optional<can_frame>(f);
          ++sent;
          if (!on_bus) continue;
          log.push_back({now, e->name, *on_bus});
          for (auto* other : eps)
            if (other != e) other->deliver(*on_bus, now);
        }
      }
    }
    std::optional<isotp_time_point> next;
    for (auto* e : eps) {
      auto d = e->deadline();
      if (d && (!next || *d < *next)) next = d;
    }
    if (!next || *next > limit) return log;
    if (*next <= now) {
      // A deadline at `now` after timeouts and polls ran would spin forever.
      ADD_FAILURE() << "endpoint deadline did not advance past now";
      return log;
    }
    now = *next;
  }
  ADD_FAILURE() << "bus did not settle";
  return log;
}

}  // namespace bayscan::protocols::test

#endif
