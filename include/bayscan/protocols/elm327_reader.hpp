// Incremental reader of ELM327 replies, sans-I/O: bytes in (any split), one typed reply out per
// '>' prompt. Interprets data lines for every formatting combination (headers on/off, spaces
// on/off, CAN auto formatting on/off, 11/29-bit CAN, J1850/ISO 9141-2/KWP2000) into complete
// per-ECU messages, reassembling ISO 15765-2 multi-frame answers.
// Owns its buffers; one reader per adapter connection; thread-compatible (not thread-safe).
#ifndef BAYSCAN_PROTOCOLS_ELM327_READER_HPP
#define BAYSCAN_PROTOCOLS_ELM327_READER_HPP

#include <bayscan/protocols/elm327_reply.hpp>
#include <bayscan/protocols/elm327_settings.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace bayscan::protocols::elm327 {

namespace detail {
class reply_decoder;
}

struct feed_result {
  std::size_t consumed = 0;  // bytes taken from the input; bytes after the prompt are left
  bool complete = false;     // the prompt arrived: reply() holds the outcome
};

class reader {
 public:
  // Longest reply kept (an ISO-TP maximum 4095-byte answer with headers on is ~17 KB of text per
  // ECU); bytes beyond are dropped and flagged in diagnostics.overflow.
  static constexpr std::size_t max_reply_bytes = 256 * 1024;

  explicit reader(elm327::settings initial = {});
  ~reader();
  reader(reader&&) noexcept;
  reader& operator=(reader&&) noexcept;

  // Announces the command line just written (optional). It decides whether the reply is adapter
  // text (AT/ST commands) or vehicle data, and it is recognised when echoed. Without it the echo
  // line (echo on) names the command, as in a captured terminal log. Starts a new reply.
  void begin(std::string_view command_line);

  // Takes bytes until the prompt '>' that ends the reply; feed again with the rest. After a
  // complete reply the next feed() starts a new one (forgetting any begin() for the old one).
  feed_result feed(std::span<const char> bytes);
  feed_result feed(std::span<const std::uint8_t> bytes);

  // The last completed reply (valid until the next begin()/feed() that starts a new one).
  const reply& last_reply() const noexcept { return reply_; }
  // Moves the last completed reply out.
  reply take_reply() noexcept { return std::move(reply_); }

  // The formatting state; when auto_apply is on (default) it follows each completed reply's
  // command (settings::apply).
  const elm327::settings& settings() const noexcept { return settings_; }
  elm327::settings& settings() noexcept { return settings_; }
  void set_auto_apply(bool on) noexcept { auto_apply_ = on; }

  // True between the first byte of a reply and its prompt.
  bool in_progress() const noexcept { return !complete_ && (!buffer_.empty() || overflow_); }

  // Drops a partial reply (e.g. after the transport reconnected).
  void reset() noexcept;

 private:
  void finish();

  elm327::settings settings_;
  bool auto_apply_ = true;
  bool complete_ = false;
  bool overflow_ = false;
  std::string command_;                             // from begin(), trimmed, without CR
  std::string buffer_;                              // raw reply text up to (excluding) the prompt
  std::unique_ptr<detail::reply_decoder> decoder_;  // scratch buffers reused across replies
  reply reply_;
};

}  // namespace bayscan::protocols::elm327

#endif
