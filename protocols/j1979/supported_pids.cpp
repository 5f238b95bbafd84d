#include <bayscan/protocols/j1979_error.hpp>
#include <bayscan/protocols/supported_pids.hpp>

namespace bayscan::protocols {
namespace {

constexpr std::uint32_t bit_for(std::uint8_t base, std::uint8_t id) noexcept {
  // id base+1 is bit 31 (A7), base+0x20 is bit 0 (D0).
  return 1u << (31 - (id - base - 1));
}

constexpr std::uint8_t base_of(std::uint8_t id) noexcept {
  // The range an ID belongs to: 01..20 -> 00, 21..40 -> 20 ...
  return static_cast<std::uint8_t>(((id - 1) / 0x20) * 0x20);
}

}  // namespace

void supported_pids::set_range(std::uint8_t base, std::uint32_t bitmap) noexcept {
  if (!is_range_base(base)) return;
  bitmaps_[base / 0x20] = bitmap;
  received_ = static_cast<std::uint8_t>(received_ | (1u << (base / 0x20)));
}

result<void> supported_pids::add_reply(std::uint8_t base, byte_span data) {
  if (!is_range_base(base)) return make_error_code(j1979_error::invalid_argument);
  if (data.size() < 4) return make_error_code(j1979_error::truncated);
  if (data.size() > 4) return make_error_code(j1979_error::trailing_bytes);
  set_range(base, (std::uint32_t{data[0]} << 24) | (std::uint32_t{data[1]} << 16) |
                      (std::uint32_t{data[2]} << 8) | std::uint32_t{data[3]});
  return {};
}

bool supported_pids::has_range(std::uint8_t base) const noexcept {
  return is_range_base(base) && ((received_ >> (base / 0x20)) & 1) != 0;
}

std::uint32_t supported_pids::range(std::uint8_t base) const noexcept {
  return has_range(base) ? bitmaps_[base / 0x20] : 0;
}

bool supported_pids::supports(std::uint8_t id) const noexcept {
  if (id == 0) return false;  // range 00 itself is always assumed, never a bit
  const std::uint8_t base = base_of(id);
  return has_range(base) && (bitmaps_[base / 0x20] & bit_for(base, id)) != 0;
}

bool supported_pids::next_range_supported(std::uint8_t base) const noexcept {
  return has_range(base) && (bitmaps_[base / 0x20] & 1u) != 0;
}

std::optional<std::uint8_t> supported_pids::next_range_to_request() const noexcept {
  if (!has_range(0)) return std::uint8_t{0};
  for (unsigned n = 0; n < 7; ++n) {
    const auto base = static_cast<std::uint8_t>(n * 0x20);
    if (!next_range_supported(base)) return std::nullopt;
    const auto next = static_cast<std::uint8_t>(base + 0x20);
    if (!has_range(next)) return next;
  }
  return std::nullopt;
}

std::vector<std::uint8_t> supported_pids::data_ids() const {
  std::vector<std::uint8_t> out;
  for (unsigned id = 1; id <= 0xFF; ++id) {
    const auto p = static_cast<std::uint8_t>(id);
    if (!is_range_base(p) && supports(p)) out.push_back(p);
  }
  return out;
}

std::array<std::uint8_t, 4> encode_supported_range(std::uint8_t base,
                                                   std::span<const std::uint8_t> ids) noexcept {
  std::uint32_t bitmap = 0;
  for (const std::uint8_t id : ids) {
    if (id == 0) continue;
    if (base_of(id) == base) bitmap |= bit_for(base, id);
    // Any ID beyond this range means the tester must continue to the next bitmap.
    if (base < 0xE0 && id > base + 0x20) bitmap |= 1u;
  }
  return {static_cast<std::uint8_t>(bitmap >> 24), static_cast<std::uint8_t>(bitmap >> 16),
          static_cast<std::uint8_t>(bitmap >> 8), static_cast<std::uint8_t>(bitmap)};
}

}  // namespace bayscan::protocols
