#include <bayscan/protocols/freeze_frame.hpp>

#include <algorithm>

namespace bayscan::protocols {

namespace {
// PID $02 in service $02: "DTC that caused the required freeze frame data storage".
constexpr std::uint8_t freeze_frame_dtc_pid = 0x02;
}  // namespace

const decoded_pid* freeze_frame::find(std::uint8_t pid) const noexcept {
  for (const auto& v : values)
    if (v.pid == pid) return &v;
  return nullptr;
}

std::vector<freeze_frame> group_freeze_frames(std::span<const freeze_frame_value> values) {
  std::vector<freeze_frame> frames;
  auto frame_for = [&frames](std::uint8_t number) -> freeze_frame& {
    for (auto& f : frames)
      if (f.frame == number) return f;
    frames.push_back(freeze_frame{std::nullopt, number, {}});
    return frames.back();
  };
  for (const auto& v : values) {
    freeze_frame& f = frame_for(v.frame);
    if (v.data.pid == freeze_frame_dtc_pid && v.data.raw.size() == 2) {
      const auto code = protocols::dtc::from_bytes(v.data.raw[0], v.data.raw[1]);
      if (!code.is_no_code()) f.dtc = code;
      continue;
    }
    f.values.push_back(v.data);
  }
  std::sort(frames.begin(), frames.end(),
            [](const freeze_frame& a, const freeze_frame& b) { return a.frame < b.frame; });
  return frames;
}

}  // namespace bayscan::protocols
