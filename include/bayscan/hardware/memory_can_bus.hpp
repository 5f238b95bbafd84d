// memory_can_bus: an in-process CAN bus for tests and the in-process simulator. Nodes attached
// to it are can_channels; a frame one node sends is received by every other node (not by the
// sender, like a CAN_RAW socket without CAN_RAW_RECV_OWN_MSGS). Listeners are synchronous
// callbacks that see every frame the nodes send and may answer with inject(), so a simulated
// ECU needs no thread of its own.
//
// Ownership: the bus is shared (shared_ptr); each node keeps the bus alive.
// Thread-safety: the bus is locked, so nodes may live on different threads; each node is used
// by one thread at a time. Listeners run in the sending node's thread, without the lock held.
#ifndef BAYSCAN_HARDWARE_MEMORY_CAN_BUS_HPP
#define BAYSCAN_HARDWARE_MEMORY_CAN_BUS_HPP

#include <bayscan/hardware/can_channel.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace bayscan::hardware {

class memory_can_node;

struct memory_can_fault_plan {
  std::size_t fail_send_at = 0;     // 1-based index of the send() that fails; 0 = never
  std::size_t fail_receive_at = 0;  // 1-based index of the receive() that fails; 0 = never
};

class memory_can_bus : public std::enable_shared_from_this<memory_can_bus> {
 public:
  struct node_queue;
  using listener = std::function<void(const protocols::can_frame&)>;

  static std::shared_ptr<memory_can_bus> create(std::string name = "memory");

  std::unique_ptr<memory_can_node> attach(std::string node_name);

  // `l` sees every frame a node sends, after the other nodes have it.
  void add_listener(listener l);

  // Puts a frame on the bus from outside the nodes (a simulated ECU's reply): every node
  // receives it; listeners do not (so an answering listener cannot hear itself).
  void inject(const protocols::can_frame& frame);

  // Takes the bus down as an unplugged adapter would: every node's send() and receive() (once
  // its frames already received are drained) fail with adapter_lost.
  void shut_down();

  std::size_t frames_carried() const;
  const std::string& name() const noexcept { return name_; }

  // Used by memory_can_node.
  void deliver_from(const node_queue* sender, const protocols::can_frame& frame);

  explicit memory_can_bus(std::string name);

 private:
  void deliver_locked(const node_queue* sender, const protocols::can_frame& frame);

  std::string name_;
  mutable std::mutex mutex_;
  std::vector<std::weak_ptr<node_queue>> nodes_;
  std::vector<listener> listeners_;
  std::size_t carried_ = 0;
};

class memory_can_node final : public can_channel {
 public:
  memory_can_node(std::shared_ptr<memory_can_bus> bus,
                  std::shared_ptr<memory_can_bus::node_queue> queue, std::string name);
  ~memory_can_node() override;
  memory_can_node(const memory_can_node&) = delete;
  memory_can_node& operator=(const memory_can_node&) = delete;

  void set_faults(const memory_can_fault_plan& plan) { faults_ = plan; }

  result<void> send(const protocols::can_frame& frame, deadline until) override;
  result<protocols::can_frame> receive(deadline until) override;
  result<void> set_filters(std::span<const can_filter> filters) override;
  void close() override;
  std::string description() const override;
  std::string last_error_detail() const override;

 private:
  result<void> fail(transport_error e, std::string detail);

  std::shared_ptr<memory_can_bus> bus_;
  std::shared_ptr<memory_can_bus::node_queue> queue_;
  std::string name_;
  std::vector<can_filter> filters_;
  memory_can_fault_plan faults_;
  std::size_t sends_ = 0;
  std::size_t receives_ = 0;
  bool open_ = true;
  bool lost_ = false;
  std::string last_error_;
};

}  // namespace bayscan::hardware

#endif
