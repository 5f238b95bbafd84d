// byte_stream: the narrow interface an ELM327 driver talks through (serial port, pty, TCP WiFi
// dongle, in-memory test stream). Bytes in, bytes out, every blocking call bounded by a deadline.
//
// Ownership: an implementation owns its OS handle and releases it in close() or its destructor.
// Thread-safety: one thread at a time. A byte_stream is not internally synchronised; the driver
// that owns it calls it from a single thread (close() included).
#ifndef BAYSCAN_HARDWARE_BYTE_STREAM_HPP
#define BAYSCAN_HARDWARE_BYTE_STREAM_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/result.hpp>
#include <bayscan/hardware/deadline.hpp>
#include <bayscan/hardware/transport_error.hpp>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace bayscan::hardware {

class byte_stream {
 public:
  virtual ~byte_stream() = default;

  // Writes all of `bytes` or fails. transport_error::timeout if the deadline passed first
  // (some bytes may have gone out), adapter_lost if the link went away.
  virtual result<void> write(byte_span bytes, deadline until) = 0;

  // Waits until at least one byte is available, then returns what is there (up to
  // buffer.size(), which must not be 0). Bytes already buffered are returned even when the
  // deadline has passed. transport_error::timeout if nothing arrived by the deadline (the
  // stream stays usable), adapter_lost on EOF / reset / EIO / ENXIO (the stream is dead).
  virtual result<std::size_t> read_some(std::span<std::uint8_t> buffer, deadline until) = 0;

  // Releases the link. Idempotent; later calls fail with transport_error::not_open.
  virtual void close() = 0;

  // For logs and reports: "serial:/dev/ttyUSB0 @38400 (FTDI FT232R)", "tcp:192.168.0.10:35000".
  virtual std::string description() const = 0;

  // The sentence behind the last error this stream returned ("read /dev/pts/3: Input/output
  // error"); empty if none yet.
  virtual std::string last_error_detail() const = 0;

 protected:
  byte_stream() = default;
  byte_stream(const byte_stream&) = default;
  byte_stream& operator=(const byte_stream&) = default;
};

}  // namespace bayscan::hardware

#endif
