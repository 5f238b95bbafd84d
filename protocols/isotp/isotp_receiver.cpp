#include <bayscan/protocols/isotp_receiver.hpp>

#include <algorithm>
#include <variant>

namespace bayscan::protocols {

isotp_receiver::isotp_receiver(isotp_receiver_config config) : config_(config) {}

result<isotp_rx_progress> isotp_receiver::on_frame(const can_frame& frame, isotp_time_point now) {
  auto pdu = decode_isotp_pdu(frame.payload());
  if (!pdu) return pdu.error();  // 9.8: a malformed N_PDU is ignored, reception goes on

  if (const auto* sf = std::get_if<isotp_single_frame>(&*pdu)) {
    message_.assign(sf->data.begin(), sf->data.end());
    fc_pending_ = false;
    cr_deadline_.reset();
    error_ = {};
    phase_ = phase::complete;
    return isotp_rx_progress::complete;
  }

  if (const auto* ff = std::get_if<isotp_first_frame>(&*pdu)) {
    fc_pending_ = false;
    cr_deadline_.reset();
    if (ff->ff_dl > config_.flow.max_message) {
      // 9.6.5: FS = OVFLW tells the sender the message does not fit; reception ends here.
      overflow_pending_ = true;
      fc_due_ = now;
      fail(isotp_error::buffer_overflow);
      return error_;
    }
    message_.clear();
    message_.reserve(ff->ff_dl);
    expected_ = ff->ff_dl;
    message_.insert(message_.end(), ff->data.begin(), ff->data.end());
    expected_sn_ = 1;
    cfs_in_block_ = 0;
    error_ = {};
    phase_ = phase::receiving;
    queue_flow_control(now);
    return isotp_rx_progress::in_progress;
  }

  if (const auto* cf = std::get_if<isotp_consecutive_frame>(&*pdu)) {
    if (phase_ != phase::receiving) return isotp_error::unexpected_cf;  // 9.8: ignore it
    if (fc_pending_) {
      // The sender did not wait for our FC.CTS: we cannot know it read our BS / STmin.
      fail(isotp_error::unexpected_cf);
      return error_;
    }
    if (cf->sn != expected_sn_) {  // 9.6.4 / 9.8: N_WRONG_SN aborts the reception
      fail(isotp_error::wrong_sn);
      return error_;
    }
    const std::size_t need = std::min(expected_ - message_.size(), isotp_cf_data_bytes);
    if (cf->data.size() < need) {
      fail(isotp_error::frame_too_short);
      return error_;
    }
    message_.insert(message_.end(), cf->data.begin(), cf->data.begin() + static_cast<std::ptrdiff_t>(need));
    expected_sn_ = static_cast<std::uint8_t>((expected_sn_ + 1) & 0x0F);
    if (message_.size() == expected_) {
      cr_deadline_.reset();
      phase_ = phase::complete;
      return isotp_rx_progress::complete;
    }
    if (config_.flow.block_size != 0 && ++cfs_in_block_ == config_.flow.block_size) {
      cfs_in_block_ = 0;
      queue_flow_control(now);  // 9.6.5: a new FC after every BS CFs
    } else {
      cr_deadline_ = now + config_.n_cr;  // 9.8: N_Cr runs until the next CF
    }
    return isotp_rx_progress::in_progress;
  }

  return isotp_rx_progress::ignored;  // FC: addressed to our sender, not to reassembly
}

void isotp_receiver::queue_flow_control(isotp_time_point now) {
  fc_pending_ = true;
  waits_left_ = config_.wait_frames;
  fc_due_ = now;
  cr_deadline_.reset();  // N_Cr starts once our FC.CTS is out
}

std::vector<can_frame> isotp_receiver::poll(isotp_time_point now) {
  std::vector<can_frame> out;
  if (overflow_pending_) {
    out.push_back(encode_isotp_flow_control(config_.fc_frame, isotp_flow_status::overflow, 0, 0));
    overflow_pending_ = false;
  }
  while (fc_pending_ && phase_ == phase::receiving && now >= fc_due_) {
    if (waits_left_ > 0) {
      out.push_back(encode_isotp_flow_control(config_.fc_frame, isotp_flow_status::wait, 0, 0));
      --waits_left_;
      fc_due_ = now + config_.wait_interval;
      if (config_.wait_interval.count() > 0) break;
      continue;
    }
    out.push_back(encode_isotp_flow_control(config_.fc_frame, isotp_flow_status::continue_to_send,
                                            config_.flow.block_size, config_.flow.st_min));
    fc_pending_ = false;
    cr_deadline_ = now + config_.n_cr;
  }
  return out;
}

result<void> isotp_receiver::on_timeout(isotp_time_point now) {
  if (phase_ == phase::receiving && cr_deadline_ && now >= *cr_deadline_) {
    fail(isotp_error::timeout_n_cr);
    return error_;
  }
  return {};
}

std::optional<isotp_time_point> isotp_receiver::next_deadline() const noexcept {
  if (overflow_pending_) return fc_due_;
  if (phase_ != phase::receiving) return std::nullopt;
  if (fc_pending_) return fc_due_;
  return cr_deadline_;
}

isotp_transfer_state isotp_receiver::state() const noexcept {
  switch (phase_) {
    case phase::idle: return isotp_transfer_state::idle;
    case phase::receiving: return isotp_transfer_state::in_progress;
    case phase::complete: return isotp_transfer_state::complete;
    case phase::failed: return isotp_transfer_state::failed;
  }
  return isotp_transfer_state::idle;
}

byte_vector isotp_receiver::take_message() {
  if (phase_ != phase::complete) return {};
  phase_ = phase::idle;
  return std::move(message_);
}

void isotp_receiver::fail(isotp_error e) {
  phase_ = phase::failed;
  fc_pending_ = false;
  cr_deadline_.reset();
  message_.clear();
  error_ = e;
}

}  // namespace bayscan::protocols
