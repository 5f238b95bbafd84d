#include <algorithm>
#include <bayscan/protocols/elm327_reader.hpp>
#include <cstring>

#include "reply_decoder.hpp"

namespace bayscan::protocols::elm327 {

reader::reader(elm327::settings initial)
    : settings_(initial), decoder_(std::make_unique<detail::reply_decoder>()) {
  buffer_.reserve(512);  // the chip's own transmit buffer size: most replies fit
}

reader::~reader() = default;
reader::reader(reader&&) noexcept = default;
reader& reader::operator=(reader&&) noexcept = default;

void reader::begin(std::string_view command_line) {
  reset();
  while (!command_line.empty() &&
         (command_line.back() == '\r' || command_line.back() == '\n' || command_line.back() == ' '))
    command_line.remove_suffix(1);
  command_.assign(command_line);
}

void reader::reset() noexcept {
  buffer_.clear();
  command_.clear();
  overflow_ = false;
  complete_ = false;
}

feed_result reader::feed(std::span<const std::uint8_t> bytes) {
  return feed(std::span<const char>(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

feed_result reader::feed(std::span<const char> bytes) {
  if (complete_) reset();
  // The prompt '>' ends every reply (datasheet, "Communicating with the ELM327"); nothing the
  // chip prints inside a reply contains it.
  const void* hit = bytes.empty() ? nullptr : std::memchr(bytes.data(), '>', bytes.size());
  const std::size_t body =
      hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - bytes.data()) : bytes.size();
  const std::size_t room = max_reply_bytes - buffer_.size();
  if (body > room) overflow_ = true;
  buffer_.append(bytes.data(), std::min(body, room));
  if (!hit) return {bytes.size(), false};
  finish();
  return {body + 1, true};
}

void reader::finish() {
  // Some clones send NUL bytes around the prompt; they carry nothing.
  if (std::memchr(buffer_.data(), '\0', buffer_.size()) != nullptr) std::erase(buffer_, '\0');
  decoder_->decode(buffer_, command_, settings_, reply_);
  reply_.diagnostics.overflow = overflow_;
  if (auto_apply_) settings_.apply(command_, reply_);
  complete_ = true;
}

}  // namespace bayscan::protocols::elm327
