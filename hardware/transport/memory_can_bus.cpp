#include <algorithm>
#include <bayscan/hardware/memory_can_bus.hpp>
#include <condition_variable>
#include <deque>

namespace bayscan::hardware {
using protocols::can_frame;

struct memory_can_bus::node_queue {
  std::mutex mutex;
  std::condition_variable arrived;
  std::deque<can_frame> frames;
  bool closed = false;
  bool bus_down = false;
};

memory_can_bus::memory_can_bus(std::string name) : name_(std::move(name)) {}

std::shared_ptr<memory_can_bus> memory_can_bus::create(std::string name) {
  return std::make_shared<memory_can_bus>(std::move(name));
}

std::unique_ptr<memory_can_node> memory_can_bus::attach(std::string node_name) {
  auto queue = std::make_shared<node_queue>();
  {
    std::lock_guard lock(mutex_);
    nodes_.push_back(queue);
  }
  return std::make_unique<memory_can_node>(shared_from_this(), std::move(queue),
                                           name_ + "/" + node_name);
}

void memory_can_bus::add_listener(listener l) {
  std::lock_guard lock(mutex_);
  listeners_.push_back(std::move(l));
}

void memory_can_bus::deliver_locked(const node_queue* sender, const can_frame& frame) {
  ++carried_;
  std::erase_if(nodes_, [](const std::weak_ptr<node_queue>& w) { return w.expired(); });
  for (const auto& weak : nodes_) {
    const auto node = weak.lock();
    if (!node || node.get() == sender) continue;
    std::lock_guard node_lock(node->mutex);
    if (node->closed) continue;
    node->frames.push_back(frame);
    node->arrived.notify_all();
  }
}

void memory_can_bus::inject(const can_frame& frame) {
  std::lock_guard lock(mutex_);
  deliver_locked(nullptr, frame);
}

void memory_can_bus::deliver_from(const node_queue* sender, const can_frame& frame) {
  std::vector<listener> listeners;
  {
    std::lock_guard lock(mutex_);
    deliver_locked(sender, frame);
    listeners = listeners_;
  }
  // Outside the lock, so a listener may inject() its answer.
  for (const auto& l : listeners) l(frame);
}

void memory_can_bus::shut_down() {
  std::lock_guard lock(mutex_);
  for (const auto& weak : nodes_) {
    if (const auto node = weak.lock()) {
      std::lock_guard node_lock(node->mutex);
      node->bus_down = true;
      node->arrived.notify_all();
    }
  }
}

std::size_t memory_can_bus::frames_carried() const {
  std::lock_guard lock(mutex_);
  return carried_;
}

memory_can_node::memory_can_node(std::shared_ptr<memory_can_bus> bus,
                                 std::shared_ptr<memory_can_bus::node_queue> queue,
                                 std::string name)
    : bus_(std::move(bus)), queue_(std::move(queue)), name_(std::move(name)) {}

memory_can_node::~memory_can_node() {
  close();
}

result<void> memory_can_node::fail(transport_error e, std::string detail) {
  last_error_ = name_ + ": " + std::move(detail);
  if (e == transport_error::adapter_lost) {
    lost_ = true;
    std::lock_guard lock(queue_->mutex);
    queue_->closed = true;
  }
  return make_error_code(e);
}

result<void> memory_can_node::send(const can_frame& frame, deadline) {
  if (!open_) return fail(transport_error::not_open, "send after close");
  if (lost_) return fail(transport_error::adapter_lost, "send on a lost link");
  ++sends_;
  if (faults_.fail_send_at == sends_)
    return fail(transport_error::adapter_lost,
                "injected fault: send #" + std::to_string(sends_) + " lost the link");
  if (frame.dlc > 8)
    return fail(transport_error::protocol_error, "DLC " + std::to_string(frame.dlc) + " exceeds 8");
  bool down = false;
  {
    std::lock_guard lock(queue_->mutex);
    down = queue_->bus_down;
  }
  if (down) return fail(transport_error::adapter_lost, "bus " + bus_->name() + " is down");
  bus_->deliver_from(queue_.get(), frame);
  return {};
}

result<can_frame> memory_can_node::receive(deadline until) {
  if (!open_) return fail(transport_error::not_open, "receive after close").error();
  if (lost_) return fail(transport_error::adapter_lost, "receive on a lost link").error();
  ++receives_;
  if (faults_.fail_receive_at == receives_)
    return fail(transport_error::adapter_lost,
                "injected fault: receive #" + std::to_string(receives_) + " lost the link")
        .error();
  std::unique_lock lock(queue_->mutex);
  for (;;) {
    queue_->arrived.wait_until(lock, until,
                               [&] { return !queue_->frames.empty() || queue_->bus_down; });
    if (queue_->frames.empty()) {
      if (!queue_->bus_down) break;
      lock.unlock();
      return fail(transport_error::adapter_lost, "bus " + bus_->name() + " is down").error();
    }
    const can_frame frame = queue_->frames.front();
    queue_->frames.pop_front();
    if (passes_filters(filters_, frame)) return frame;
  }
  last_error_ = name_ + ": no frame before the deadline";
  return make_error_code(transport_error::timeout);
}

result<void> memory_can_node::set_filters(std::span<const can_filter> filters) {
  if (!open_) return fail(transport_error::not_open, "set_filters after close");
  filters_.assign(filters.begin(), filters.end());
  return {};
}

void memory_can_node::close() {
  if (!open_) return;
  open_ = false;
  std::lock_guard lock(queue_->mutex);
  queue_->closed = true;
  queue_->frames.clear();
}

std::string memory_can_node::description() const {
  return "memory:" + name_;
}
std::string memory_can_node::last_error_detail() const {
  return last_error_;
}

}  // namespace bayscan::hardware
