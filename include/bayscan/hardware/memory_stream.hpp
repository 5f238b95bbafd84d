// memory_stream: an in-memory byte_stream for unit tests of drivers and for wiring the ELM327
// emulator in-process. Either two connected ends (make_pair), or one end whose peer is a
// function called with every write (with_peer). Faults: fail the Nth write or read with
// adapter_lost (the link then stays lost, as a real unplugged adapter does), deliver incoming
// bytes in fragments of at most N bytes per read_some, a peer that hangs up mid-reply.
//
// Ownership: each end is owned by its user; the shared buffer lives as long as either end.
// Thread-safety: each end is used by one thread at a time; the two ends of a pair may be used
// from two different threads (the shared buffer is locked).
#ifndef BAYSCAN_HARDWARE_MEMORY_STREAM_HPP
#define BAYSCAN_HARDWARE_MEMORY_STREAM_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/hardware/byte_stream.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>

namespace bayscan::hardware {

struct memory_fault_plan {
  std::size_t fail_write_at = 0;   // 1-based index of the write() that fails; 0 = never
  std::size_t fail_read_at = 0;    // 1-based index of the read_some() that fails; 0 = never
  std::size_t max_read_chunk = 0;  // at most this many bytes per read_some; 0 = no limit
};

class memory_stream final : public byte_stream {
 public:
  struct shared_state;

  // Two connected ends: what one writes the other reads. When one end closes (or is lost to an
  // injected fault), the other reads the bytes already sent, then gets adapter_lost.
  static std::pair<std::unique_ptr<memory_stream>, std::unique_ptr<memory_stream>> make_pair(
      std::string name = "memory");

  struct peer_reply {
    byte_vector bytes;     // becomes readable on this end
    bool hang_up = false;  // then the peer closes: reads drain `bytes`, then adapter_lost
  };
  // Called in the writer's thread with the bytes of each write().
  using peer_function = std::function<peer_reply(byte_span written)>;
  static std::unique_ptr<memory_stream> with_peer(peer_function peer, std::string name = "memory");

  ~memory_stream() override;
  memory_stream(const memory_stream&) = delete;
  memory_stream& operator=(const memory_stream&) = delete;

  void set_faults(const memory_fault_plan& plan);
  std::size_t write_count() const noexcept { return writes_; }
  std::size_t read_count() const noexcept { return reads_; }

  result<void> write(byte_span bytes, deadline until) override;
  result<std::size_t> read_some(std::span<std::uint8_t> buffer, deadline until) override;
  void close() override;
  std::string description() const override;
  std::string last_error_detail() const override;

 private:
  memory_stream(std::shared_ptr<shared_state> state, int side, peer_function peer,
                std::string name);
  result<void> fail(transport_error e, std::string detail);

  std::shared_ptr<shared_state> state_;
  int side_;
  peer_function peer_;
  std::string name_;
  memory_fault_plan faults_;
  std::size_t writes_ = 0;
  std::size_t reads_ = 0;
  bool open_ = true;
  bool lost_ = false;
  std::string last_error_;
};

}  // namespace bayscan::hardware

#endif
