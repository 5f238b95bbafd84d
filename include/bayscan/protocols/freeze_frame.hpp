// Freeze frame (SAE J1979 service $02): the PID values an ECU stored when a DTC set, per frame
// number, plus the DTC that caused it (PID $02 of the frame; 00 00 = no freeze frame stored).
// Plain values and pure functions; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_FREEZE_FRAME_HPP
#define BAYSCAN_PROTOCOLS_FREEZE_FRAME_HPP

#include <bayscan/protocols/dtc.hpp>
#include <bayscan/protocols/j1979_pid.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace bayscan::protocols {

// One PID of one frame as a service $02 reply carries it: 42 PID FRAME data...
struct freeze_frame_value {
  std::uint8_t frame = 0;
  decoded_pid data;
};

struct freeze_frame {
  std::optional<protocols::dtc> dtc;  // from PID 02; nullopt when not read or 00 00 (nothing stored)
  std::uint8_t frame = 0;
  std::vector<decoded_pid> values;  // every other PID of the frame, in reply order

  const decoded_pid* find(std::uint8_t pid) const noexcept;
};

// Groups service $02 values by frame number (ascending), lifting PID 02 into `dtc`.
std::vector<freeze_frame> group_freeze_frames(std::span<const freeze_frame_value> values);

}  // namespace bayscan::protocols

#endif
