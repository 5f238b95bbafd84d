#include <algorithm>
#include <bayscan/hardware/memory_stream.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace bayscan::hardware {

// inbox[s]: bytes end s can read; closed[s]: end s is gone (closed, lost, or a peer function
// that hung up, which counts as end 1).
struct memory_stream::shared_state {
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::uint8_t> inbox[2];
  bool closed[2] = {false, false};
};

memory_stream::memory_stream(std::shared_ptr<shared_state> state, int side, peer_function peer,
                             std::string name)
    : state_(std::move(state)), side_(side), peer_(std::move(peer)), name_(std::move(name)) {}

memory_stream::~memory_stream() {
  close();
}

std::pair<std::unique_ptr<memory_stream>, std::unique_ptr<memory_stream>> memory_stream::make_pair(
    std::string name) {
  auto state = std::make_shared<shared_state>();
  return {std::unique_ptr<memory_stream>(new memory_stream(state, 0, nullptr, name + ":a")),
          std::unique_ptr<memory_stream>(new memory_stream(state, 1, nullptr, name + ":b"))};
}

std::unique_ptr<memory_stream> memory_stream::with_peer(peer_function peer, std::string name) {
  return std::unique_ptr<memory_stream>(
      new memory_stream(std::make_shared<shared_state>(), 0, std::move(peer), std::move(name)));
}

void memory_stream::set_faults(const memory_fault_plan& plan) {
  faults_ = plan;
}

result<void> memory_stream::fail(transport_error e, std::string detail) {
  last_error_ = name_ + ": " + std::move(detail);
  if (e == transport_error::adapter_lost && !lost_) {
    lost_ = true;  // a lost link stays lost, and the other end sees the hang-up
    std::lock_guard lock(state_->mutex);
    state_->closed[side_] = true;
    state_->changed.notify_all();
  }
  return make_error_code(e);
}

result<void> memory_stream::write(byte_span bytes, deadline) {
  if (!open_) return fail(transport_error::not_open, "write after close");
  if (lost_) return fail(transport_error::adapter_lost, "write on a lost link");
  ++writes_;
  if (faults_.fail_write_at == writes_)
    return fail(transport_error::adapter_lost,
                "injected fault: write #" + std::to_string(writes_) + " lost the link");
  const int other = 1 - side_;
  if (peer_) {
    {
      std::lock_guard lock(state_->mutex);
      if (state_->closed[other]) return fail(transport_error::adapter_lost, "peer hung up");
    }
    peer_reply reply = peer_(bytes);
    std::lock_guard lock(state_->mutex);
    state_->inbox[side_].insert(state_->inbox[side_].end(), reply.bytes.begin(), reply.bytes.end());
    if (reply.hang_up) state_->closed[other] = true;
    state_->changed.notify_all();
    return {};
  }
  std::lock_guard lock(state_->mutex);
  if (state_->closed[other]) {
    last_error_ = name_ + ": peer closed the stream";
    lost_ = true;
    state_->closed[side_] = true;
    state_->changed.notify_all();
    return make_error_code(transport_error::adapter_lost);
  }
  state_->inbox[other].insert(state_->inbox[other].end(), bytes.begin(), bytes.end());
  state_->changed.notify_all();
  return {};
}

result<std::size_t> memory_stream::read_some(std::span<std::uint8_t> buffer, deadline until) {
  if (!open_) {
    auto r = fail(transport_error::not_open, "read after close");
    return r.error();
  }
  if (lost_) return fail(transport_error::adapter_lost, "read on a lost link").error();
  ++reads_;
  if (faults_.fail_read_at == reads_)
    return fail(transport_error::adapter_lost,
                "injected fault: read #" + std::to_string(reads_) + " lost the link")
        .error();
  if (buffer.empty()) return std::size_t{0};
  const int other = 1 - side_;
  std::unique_lock lock(state_->mutex);
  auto& inbox = state_->inbox[side_];
  state_->changed.wait_until(lock, until, [&] { return !inbox.empty() || state_->closed[other]; });
  if (!inbox.empty()) {
    std::size_t n = std::min(buffer.size(), inbox.size());
    if (faults_.max_read_chunk > 0) n = std::min(n, faults_.max_read_chunk);
    std::copy_n(inbox.begin(), n, buffer.begin());
    inbox.erase(inbox.begin(), inbox.begin() + static_cast<std::ptrdiff_t>(n));
    return n;
  }
  if (state_->closed[other]) {
    lock.unlock();
    return fail(transport_error::adapter_lost, "peer closed the stream").error();
  }
  last_error_ = name_ + ": no bytes before the deadline";
  return make_error_code(transport_error::timeout);
}

void memory_stream::close() {
  if (!open_) return;
  open_ = false;
  std::lock_guard lock(state_->mutex);
  state_->closed[side_] = true;
  state_->changed.notify_all();
}

std::string memory_stream::description() const {
  return name_;
}
std::string memory_stream::last_error_detail() const {
  return last_error_;
}

}  // namespace bayscan::hardware
