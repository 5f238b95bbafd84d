#include <bayscan/protocols/j1979_error.hpp>
#include <bayscan/protocols/j1979_pid.hpp>

#include "j1979/field_codec.hpp"

namespace bayscan::protocols {

namespace detail {

namespace {
unsigned width_of(const pid_field& f) noexcept {
  return f.bit_width != 0 ? f.bit_width : static_cast<unsigned>(f.size) * 8u;
}
}  // namespace

std::int64_t read_field(const pid_field& f, std::span<const std::uint8_t> data) noexcept {
  std::uint64_t word = 0;
  for (std::size_t i = 0; i < f.size; ++i) word = (word << 8) | data[f.offset + i];
  const unsigned width = width_of(f);
  const std::uint64_t mask = width >= 64 ? ~0ull : ((1ull << width) - 1);
  const std::uint64_t bits = (word >> f.bit_shift) & mask;
  if (f.is_signed && width < 64 && (bits >> (width - 1)) != 0)
    return static_cast<std::int64_t>(bits) - static_cast<std::int64_t>(1ull << width);
  return static_cast<std::int64_t>(bits);
}

void write_field(const pid_field& f, std::int64_t raw, std::span<std::uint8_t> data) noexcept {
  std::uint64_t word = 0;
  for (std::size_t i = 0; i < f.size; ++i) word = (word << 8) | data[f.offset + i];
  const unsigned width = width_of(f);
  const std::uint64_t mask = (width >= 64 ? ~0ull : ((1ull << width) - 1)) << f.bit_shift;
  word = (word & ~mask) | ((static_cast<std::uint64_t>(raw) << f.bit_shift) & mask);
  for (std::size_t i = f.size; i-- > 0;) {
    data[f.offset + i] = static_cast<std::uint8_t>(word & 0xFF);
    word >>= 8;
  }
}

}  // namespace detail

std::int64_t pid_field::raw_min() const noexcept {
  const unsigned width = bit_width != 0 ? bit_width : static_cast<unsigned>(size) * 8u;
  return is_signed ? -(std::int64_t{1} << (width - 1)) : 0;
}

std::int64_t pid_field::raw_max() const noexcept {
  const unsigned width = bit_width != 0 ? bit_width : static_cast<unsigned>(size) * 8u;
  return is_signed ? (std::int64_t{1} << (width - 1)) - 1 : (std::int64_t{1} << width) - 1;
}

const pid_value* decoded_pid::find(std::string_view key) const noexcept {
  for (const auto& v : values)
    if (v.key == key) return &v;
  return nullptr;
}

result<decoded_pid> decode_pid(std::uint8_t pid, byte_span data) {
  decoded_pid out;
  out.pid = pid;
  out.raw.assign(data.begin(), data.end());
  const pid_info* info = find_pid(pid);
  if (info == nullptr) return out;  // unknown PID: raw bytes only
  if (data.size() < info->length) return make_error_code(j1979_error::truncated);
  if (data.size() > info->length) return make_error_code(j1979_error::trailing_bytes);
  out.values.reserve(info->fields.size());
  for (const auto& f : info->fields) {
    const std::int64_t raw = detail::read_field(f, data);
    pid_value v;
    v.key = f.key;
    v.label = f.label;
    v.unit = f.unit;
    v.value = static_cast<double>(raw) * f.factor + f.add;
    if (f.enumeration != pid_enumeration::none)
      v.text = enumeration_text(f.enumeration, static_cast<unsigned>(raw));
    out.values.push_back(v);
  }
  return out;
}

}  // namespace bayscan::protocols
