// The socketcand text protocol (linux-can/socketcand doc/protocol.md), sans I/O: an incremental
// parser over the bytes a server sends and formatters for the commands a client sends.
// Elements are "< word args... >"; the server greets "< hi >", answers "< ok >" to
// "< open BUS >" and "< rawmode >", reports received frames in raw mode as
// "< frame 7E8 1700000000.123456 0641000BE3FA813 >" (id: 3 hex digits, or 8 for a 29-bit id;
// seconds.microseconds; data hex, socketcand prints it without spaces, the protocol document
// shows it spaced: both accepted) and problems as "< error ... >".
//
// Pure value code: no sockets, no clock. Thread-safety: a parser is used by one thread at a time.
#ifndef BAYSCAN_HARDWARE_SOCKETCAND_PROTOCOL_HPP
#define BAYSCAN_HARDWARE_SOCKETCAND_PROTOCOL_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/hardware/transport_error.hpp>
#include <bayscan/protocols/can_frame.hpp>
#include <boost/system/result.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bayscan::hardware {

struct socketcand_message {
  enum class kind {
    hi,     // "< hi >" greeting
    ok,     // "< ok >"
    frame,  // "< frame ID SECS.USECS DATA >": `frame` and `timestamp_us` are set
    error,  // "< error ... >": `text` holds what follows the word
    echo,   // "< echo >"
    other,  // a well-formed element this client does not use ("< fdframe ... >", "< stat ... >")
  };
  kind type = kind::other;
  protocols::can_frame frame{};
  std::uint64_t timestamp_us = 0;  // server time of reception, microseconds
  std::string text;                // the element's text without "< " and " >"
};

class socketcand_parser {
 public:
  // Longest element accepted; a real one is under 60 characters (an 8-byte fdframe line is
  // longer but still far below this), so more means the peer is not socketcand.
  static constexpr std::size_t max_element_length = 512;

  // Appends received bytes. Cheap; parsing happens in next().
  void feed(byte_span bytes);
  void feed(std::string_view text);

  // The next complete element, nullopt if more bytes are needed, or protocol_error naming the
  // offending text (bytes outside "< >", a malformed frame, an over-long element). After an
  // error the parser has skipped the bad text and can continue.
  std::optional<boost::system::result<socketcand_message, transport_failure>> next();

  // Bytes received but not yet consumed.
  std::size_t buffered() const noexcept { return buffer_.size() - start_; }

 private:
  std::string buffer_;
  std::size_t start_ = 0;
};

// Parses one element's inner text ("frame 7E8 23.424242 0641"); exposed for tests.
boost::system::result<socketcand_message, transport_failure> parse_socketcand_element(
    std::string_view inner);

// "< open can0 >"
std::string format_socketcand_open(std::string_view bus);
// "< rawmode >"
std::string format_socketcand_rawmode();
// "< send 7DF 8 02 01 00 00 00 00 00 00 >"; 29-bit ids as 8 hex digits, which is how the server
// tells them apart.
std::string format_socketcand_send(const protocols::can_frame& frame);
// Server side: the frame of a client's "send ID DLC [data]*" element (its inner text, as
// socketcand_message::text holds it). Like socketcand, the identifier's width tells 29-bit ids
// (8 hex digits) from 11-bit ones (1..3); DLC 0..8 and exactly DLC data bytes of 1 or 2 hex digits
// each (python-can sends "< send 7DF 8 2 1 0 0 0 0 0 0 >"). protocol_error names what is wrong.
boost::system::result<protocols::can_frame, transport_failure> parse_socketcand_send(
    std::string_view inner);

// "< frame 7E8 1700000000.123456 0641000BE3FA813 >" as a server sends it (for servers and tests).
std::string format_socketcand_frame(const protocols::can_frame& frame, std::uint64_t timestamp_us);

}  // namespace bayscan::hardware

#endif
