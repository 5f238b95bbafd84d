#include <algorithm>
#include <bayscan/protocols/isotp_addressing.hpp>
#include <bayscan/protocols/isotp_pci.hpp>
#include <bayscan/protocols/obd_protocol.hpp>
#include <bayscan/sim/can_bus_ecus.hpp>
#include <variant>

namespace bayscan::sim {

namespace {

using protocols::can_frame;
using protocols::isotp_time_point;

class can_bus_category_impl final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "bayscan.sim.can_bus"; }
  std::string message(int ev) const override {
    switch (static_cast<can_bus_error>(ev)) {
      case can_bus_error::not_a_can_protocol:
        return "the scenario's protocol is not CAN (J1850, ISO 9141-2 and KWP2000 vehicles "
               "cannot be served on a CAN bus)";
    }
    return "unknown CAN bus error";
  }
};

// ELM327 protocol numbers 6/7 run at 500 kbit/s, 8/9 and A (J1939) at 250 kbit/s
// (ELM327 datasheet, protocol table); USER1/USER2 default to 500 kbit/s.
std::uint32_t protocol_bitrate(protocols::obd_protocol p) {
  switch (p) {
    case protocols::obd_protocol::can11_250:
    case protocols::obd_protocol::can29_250:
    case protocols::obd_protocol::j1939_can29_250:
      return 250'000;
    default:
      return 500'000;
  }
}

std::string describe(const boost::system::error_code& ec) {
  return ec.message();
}

can_bus_event make_event(can_bus_event::kind type, isotp_time_point at,
                         protocols::ecu_address ecu = {}) {
  can_bus_event e;
  e.type = type;
  e.at = at;
  e.ecu = ecu;
  return e;
}

}  // namespace

const boost::system::error_category& can_bus_category() noexcept {
  static const can_bus_category_impl instance;
  return instance;
}

std::chrono::nanoseconds can_frame_duration(const can_frame& frame,
                                            std::uint32_t bitrate) noexcept {
  // ISO 11898-1 data frame: the bits from SOF to the end of the CRC sequence are bit-stuffed
  // (after five equal bits the complement is inserted, and counts towards the next run); CRC-15
  // polynomial 0x4599 over SOF..data. Then CRC delimiter, ACK slot, ACK delimiter, 7 EOF bits and
  // the 3-bit intermission before the next frame may start: 13 bits without stuffing.
  std::vector<bool> bits;
  bits.reserve(160);
  auto put = [&bits](std::uint32_t value, int width) {
    for (int i = width - 1; i >= 0; --i) bits.push_back(((value >> i) & 1u) != 0);
  };
  const std::uint8_t dlc = std::min<std::uint8_t>(frame.dlc, 8);
  put(0, 1);  // SOF
  if (frame.extended) {
    put((frame.id >> 18) & 0x7FFu, 11);  // base identifier
    put(1, 1);                           // SRR (recessive)
    put(1, 1);                           // IDE (recessive: extended format)
    put(frame.id & 0x3FFFFu, 18);        // identifier extension
    put(0, 1);                           // RTR (dominant: data frame)
    put(0, 2);                           // r1, r0
  } else {
    put(frame.id & 0x7FFu, 11);
    put(0, 1);  // RTR
    put(0, 1);  // IDE (dominant: base format)
    put(0, 1);  // r0
  }
  put(dlc, 4);
  for (std::uint8_t i = 0; i < dlc; ++i) put(frame.data[i], 8);
  std::uint16_t crc = 0;
  for (bool b : bits) {
    const bool next = b != (((crc >> 14) & 1u) != 0);
    crc = static_cast<std::uint16_t>((crc << 1) & 0x7FFFu);
    if (next) crc ^= 0x4599u;
  }
  put(crc, 15);
  std::size_t stuffed = 0;
  int run = 0;
  bool last = false;
  for (std::size_t i = 0; i < bits.size(); ++i) {
    if (i > 0 && bits[i] == last) {
      ++run;
    } else {
      run = 1;
      last = bits[i];
    }
    if (run == 5) {
      ++stuffed;
      last = !last;  // the stuff bit starts a new run of its own value
      run = 1;
    }
  }
  const std::size_t total = bits.size() + stuffed + 13;
  return std::chrono::nanoseconds(static_cast<std::int64_t>(total) * 1'000'000'000 /
                                  std::max<std::uint32_t>(bitrate, 1));
}

result<can_bus_ecus> can_bus_ecus::create(obd_responder& responder, can_bus_ecus_options options) {
  const auto p = responder.protocol();
  if (!protocols::is_can(p)) return make_error_code(can_bus_error::not_a_can_protocol);
  const std::uint32_t rate = options.bitrate != 0 ? options.bitrate : protocol_bitrate(p);
  return can_bus_ecus(responder, std::move(options), protocols::is_29bit_can(p), rate);
}

can_bus_ecus::can_bus_ecus(obd_responder& responder, can_bus_ecus_options options, bool extended,
                           std::uint32_t bitrate)
    : responder_(&responder), options_(std::move(options)), extended_(extended), bitrate_(bitrate) {
  for (const auto& a : options_.ecus) {
    if (a.extended == extended_) node_for(a.id).present = true;
  }
}

can_bus_ecus::ecu_node& can_bus_ecus::node_for(std::uint32_t response_id) {
  auto it = nodes_.find(response_id);
  if (it != nodes_.end()) return it->second;
  const protocols::isotp_frame_format own{response_id, extended_, true, options_.padding};
  protocols::isotp_receiver_config rx;
  rx.fc_frame = own;
  rx.flow.block_size = options_.block_size;
  rx.flow.st_min = options_.st_min;
  rx.n_cr = options_.n_cr;
  protocols::isotp_sender_config tx;
  tx.frame = own;
  tx.timeouts.n_bs = options_.n_bs;
  // Frames are handed to the bus model, which confirms each at the end of its transmission:
  // STmin then counts from the end of the previous CF, as ISO 15765-2:2016 9.6.5.4 defines it.
  tx.confirm_transmission = true;
  ecu_node node{protocols::isotp_receiver(rx), protocols::isotp_sender(tx)};
  node.address = {response_id, extended_, true};
  node.request_id = protocols::obd_physical_request_id(response_id, extended_).value_or(0);
  return nodes_.emplace(response_id, std::move(node)).first->second;
}

void can_bus_ecus::on_frame(const can_frame& frame, isotp_time_point now) {
  advance(now);
  // The tester's frame held the bus until it ended, now: no ECU frame starts under it.
  bus_free_ = std::max(bus_free_, now);
  // ISO 15765-4: a vehicle uses one identifier length for legislated OBD; the other kind is
  // somebody else's traffic.
  if (frame.extended != extended_) return;
  auto pdu = protocols::decode_isotp_pdu(frame.payload());

  if (frame.id == protocols::obd_functional_request_id(extended_)) {
    if (!pdu) return;  // malformed N_PDU: ignored (ISO 15765-2 9.8)
    if (const auto* sf = std::get_if<protocols::isotp_single_frame>(&*pdu)) {
      handle_request(byte_vector(sf->data.begin(), sf->data.end()), std::nullopt, now);
    } else if (!std::holds_alternative<protocols::isotp_flow_control>(*pdu)) {
      auto e = make_event(can_bus_event::kind::rejected, now);
      e.bytes.assign(frame.payload().begin(), frame.payload().end());
      e.detail = "segmented functional request ignored: ISO 15765-4 allows SingleFrames only";
      events_.push_back(std::move(e));
    }
    return;
  }

  const auto response_id = protocols::obd_response_id_for_request(frame.id, extended_);
  if (!response_id) return;  // not a diagnostic request identifier
  auto& node = node_for(*response_id);
  if (!pdu) return;
  if (std::holds_alternative<protocols::isotp_flow_control>(*pdu)) {
    if (!node.current) return;  // 9.8: an FC nobody waits for is ignored
    const auto& fc = std::get<protocols::isotp_flow_control>(*pdu);
    const bool was_waiting = node.awaiting_fc;
    auto r = node.sender.on_frame(frame, now);
    if (node.sender.state() == protocols::isotp_transfer_state::failed) {
      abandon(node, now, r ? std::string("sender failed") : describe(r.error()));
      return;
    }
    if (was_waiting && fc.fs == protocols::isotp_flow_status::continue_to_send) {
      node.awaiting_fc = false;
      node.cfs_in_block = 0;
    }
    return;
  }
  if (std::holds_alternative<protocols::isotp_single_frame>(*pdu) && !node.present) {
    // Nobody known lives there yet: the responder decides whether an ECU answers.
    const auto& sf = std::get<protocols::isotp_single_frame>(*pdu);
    handle_request(byte_vector(sf.data.begin(), sf.data.end()), frame.id, now);
    return;
  }
  if (!node.present) return;  // a FirstFrame / CF to an absent ECU gets no FlowControl
  auto progress = node.receiver.on_frame(frame, now);
  for (auto& fc : node.receiver.poll(now)) {
    node.control.push_back(fc);
    node.control_ready = now;
  }
  if (!progress) {
    auto e = make_event(can_bus_event::kind::rejected, now, node.address);
    e.physical_target = frame.id;
    e.bytes.assign(frame.payload().begin(), frame.payload().end());
    e.detail = describe(progress.error());
    events_.push_back(std::move(e));
    return;
  }
  if (*progress == protocols::isotp_rx_progress::complete) {
    handle_request(node.receiver.take_message(), frame.id, now);
  }
}

void can_bus_ecus::handle_request(byte_vector request, std::optional<std::uint32_t> target,
                                  isotp_time_point now) {
  auto e = make_event(can_bus_event::kind::request, now);
  e.physical_target = target;
  e.bytes = request;
  events_.push_back(std::move(e));
  auto replies = responder_->answer(request, target);
  for (auto& reply : replies) {
    if (reply.source.extended != extended_ ||
        !protocols::is_obd_response_id(reply.source.id, extended_))
      continue;  // cannot be put on this bus
    auto& node = node_for(reply.source.id);
    node.present = true;
    node.queue.push_back({std::move(reply.payload), now + reply.delay, now, reply.inter_frame_gap});
    if (!node.current) start_next(node, now);
  }
}

void can_bus_ecus::start_next(ecu_node& node, isotp_time_point earliest) {
  while (!node.current && !node.queue.empty()) {
    pending_reply next = std::move(node.queue.front());
    node.queue.pop_front();
    const auto at = std::max(next.not_before, earliest);
    if (auto r = node.sender.start(next.payload, at); !r) {
      auto e = make_event(can_bus_event::kind::reply_abandoned, at, node.address);
      e.bytes = next.payload;
      e.detail = describe(r.error());
      events_.push_back(std::move(e));
      continue;
    }
    node.current = std::move(next);
    node.awaiting_fc = false;
    node.cfs_in_block = 0;
    node.frames_sent = 0;
  }
}

void can_bus_ecus::abandon(ecu_node& node, isotp_time_point at, std::string why) {
  auto e = make_event(can_bus_event::kind::reply_abandoned, at, node.address);
  if (node.current) e.bytes = node.current->payload;
  e.detail = std::move(why);
  events_.push_back(std::move(e));
  node.current.reset();
  node.awaiting_fc = false;
  start_next(node, at);
}

std::optional<isotp_time_point> can_bus_ecus::ready_time(const ecu_node& node) const {
  if (!node.control.empty()) return node.control_ready;
  if (!node.current || node.awaiting_fc) return std::nullopt;
  auto due = node.sender.next_deadline();
  if (!due) return std::nullopt;
  // The scenario's inter-frame gap is a floor under the tester's STmin, as a slow ECU has.
  if (node.frames_sent > 0) due = std::max(*due, node.last_frame_end + node.current->gap);
  // STmin separates consecutive CFs even across a block boundary, where the sender restarts
  // at the FC (ISO 15765-2:2016 9.6.5.4: the gap between the end of one CF and the next).
  if (node.frames_sent > 1)
    due = std::max(*due, node.last_frame_end + node.sender.separation_time());
  return due;
}

std::optional<isotp_time_point> can_bus_ecus::timeout_time(const ecu_node& node) const {
  std::optional<isotp_time_point> t;
  if (node.current && node.awaiting_fc) t = node.sender.next_deadline();  // N_Bs
  if (node.receiver.state() == protocols::isotp_transfer_state::in_progress) {
    if (auto cr = node.receiver.next_deadline(); cr && (!t || *cr < *t)) t = cr;  // N_Cr
  }
  return t;
}

std::optional<can_bus_ecus::next_tx> can_bus_ecus::next_transmission() const {
  std::optional<isotp_time_point> earliest;
  for (const auto& [id, node] : nodes_) {
    if (auto t = ready_time(node); t && (!earliest || *t < *earliest)) earliest = t;
  }
  if (!earliest) return std::nullopt;
  const auto start = std::max(*earliest, bus_free_);
  // Everyone ready when the bus comes free contends; the lowest identifier wins arbitration
  // (ISO 11898-1), and nodes_ iterates in identifier order.
  for (const auto& [id, node] : nodes_) {
    if (auto t = ready_time(node); t && *t <= start) return next_tx{id, start};
  }
  return std::nullopt;
}

std::optional<std::pair<std::uint32_t, isotp_time_point>> can_bus_ecus::next_timeout() const {
  std::optional<std::pair<std::uint32_t, isotp_time_point>> best;
  for (const auto& [id, node] : nodes_) {
    if (auto t = timeout_time(node); t && (!best || *t < best->second)) best = std::pair{id, *t};
  }
  return best;
}

void can_bus_ecus::transmit(ecu_node& node, isotp_time_point start) {
  if (!node.control.empty()) {
    const can_frame fc = node.control.front();
    node.control.pop_front();
    bus_free_ = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            can_frame_duration(fc, bitrate_));
    out_.push_back({fc, bus_free_});
    return;
  }
  auto frames = node.sender.poll(start);
  if (frames.empty()) return;  // not due after all (cannot happen: ready_time said so)
  const can_frame frame = frames.front();
  const auto end = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                               can_frame_duration(frame, bitrate_));
  bus_free_ = end;
  node.sender.on_transmitted(end);
  node.last_frame_end = end;
  ++node.frames_sent;
  out_.push_back({frame, end});
  const auto type = static_cast<protocols::isotp_pci_type>(frame.data[0] >> 4);
  if (type == protocols::isotp_pci_type::first_frame) {
    node.awaiting_fc = true;  // 9.6.5: the FF is followed by the receiver's FC
  } else if (type == protocols::isotp_pci_type::consecutive_frame) {
    const auto bs = node.sender.block_size();
    if (bs != 0 && ++node.cfs_in_block == bs &&
        node.sender.state() == protocols::isotp_transfer_state::in_progress) {
      node.awaiting_fc = true;  // end of a block: wait for the next FC
    }
  }
  if (node.sender.state() == protocols::isotp_transfer_state::complete) {
    auto e = make_event(can_bus_event::kind::reply, end, node.address);
    e.bytes = node.current->payload;
    e.bus_time =
        std::chrono::duration_cast<std::chrono::microseconds>(end - node.current->request_end);
    events_.push_back(std::move(e));
    node.current.reset();
    start_next(node, end);
  }
}

void can_bus_ecus::advance(isotp_time_point now) {
  for (;;) {
    const auto tx = next_transmission();
    const auto to = next_timeout();
    const bool tx_due = tx && tx->start <= now;
    const bool to_due = to && to->second <= now;
    if (!tx_due && !to_due) return;
    if (to_due && (!tx_due || to->second <= tx->start)) {
      auto& node = nodes_.at(to->first);
      const auto at = to->second;
      if (node.current && node.awaiting_fc) {
        if (auto r = node.sender.on_timeout(at); !r) abandon(node, at, describe(r.error()));
      }
      if (node.receiver.state() == protocols::isotp_transfer_state::in_progress) {
        if (auto r = node.receiver.on_timeout(at); !r) {
          auto e = make_event(can_bus_event::kind::rejected, at, node.address);
          e.physical_target = node.request_id;
          e.detail = describe(r.error());
          events_.push_back(std::move(e));
        }
      }
      // A deadline the state machines did not act on would come round again forever.
      if (auto again = timeout_time(node); again && *again == at) return;
      continue;
    }
    transmit(nodes_.at(tx->node_id), tx->start);
  }
}

std::vector<timed_can_frame> can_bus_ecus::poll(isotp_time_point now) {
  advance(now);
  std::vector<timed_can_frame> due;
  while (!out_.empty() && out_.front().at <= now) {
    due.push_back(out_.front());
    out_.pop_front();
  }
  return due;
}

std::optional<isotp_time_point> can_bus_ecus::next_deadline() const {
  std::optional<isotp_time_point> t;
  auto consider = [&t](isotp_time_point c) {
    if (!t || c < *t) t = c;
  };
  if (!out_.empty()) consider(out_.front().at);
  if (auto tx = next_transmission()) consider(tx->start);
  if (auto to = next_timeout()) consider(to->second);
  return t;
}

std::vector<can_bus_event> can_bus_ecus::take_events() {
  return std::exchange(events_, {});
}

}  // namespace bayscan::sim
