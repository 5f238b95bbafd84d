#include <bayscan/protocols/isotp_sender.hpp>

#include <variant>

namespace bayscan::protocols {

isotp_sender::isotp_sender(isotp_sender_config config) : config_(config) {}

result<void> isotp_sender::start(byte_span payload, isotp_time_point now) {
  if (phase_ == phase::send_first || phase_ == phase::await_confirm || phase_ == phase::await_fc ||
      phase_ == phase::send_cf)
    return isotp_error::busy;
  if (payload.empty()) return isotp_error::empty_message;
  if (payload.size() > isotp_max_message) return isotp_error::message_too_long;
  message_.assign(payload.begin(), payload.end());
  offset_ = 0;
  next_sn_ = 1;  // 9.6.4: the first CF after the FF carries SN 1
  block_size_ = 0;
  cfs_left_in_block_ = 0;
  have_first_fc_ = false;
  st_min_ = {};
  waits_in_row_ = 0;
  error_ = {};
  phase_ = phase::send_first;
  due_ = now;
  return {};
}

std::vector<can_frame> isotp_sender::poll(isotp_time_point now) {
  std::vector<can_frame> out;
  if (phase_ == phase::send_first && now >= due_) {
    const byte_span all{message_};
    if (message_.size() <= isotp_sf_max_dl) {
      out.push_back(encode_isotp_single_frame(config_.frame, all));
      offset_ = message_.size();
      last_sent_ = sent_kind::single;
    } else {
      out.push_back(encode_isotp_first_frame(config_.frame, static_cast<std::uint16_t>(message_.size()),
                                             all.first(isotp_ff_data_bytes)));
      offset_ = isotp_ff_data_bytes;
      last_sent_ = sent_kind::first;
    }
    if (config_.confirm_transmission) {
      phase_ = phase::await_confirm;
      deadline_ = now + config_.timeouts.n_as;
    } else {
      after_sent(last_sent_, now);
    }
  }
  // With STmin 0 a whole block goes out in one poll; otherwise one CF per elapsed STmin.
  while (phase_ == phase::send_cf && now >= due_) {
    const byte_span rest = byte_span{message_}.subspan(offset_);
    const std::size_t n = std::min(rest.size(), isotp_cf_data_bytes);
    out.push_back(encode_isotp_consecutive_frame(config_.frame, next_sn_, rest.first(n)));
    offset_ += n;
    next_sn_ = static_cast<std::uint8_t>((next_sn_ + 1) & 0x0F);  // 9.6.4: wraps F -> 0
    last_sent_ = sent_kind::consecutive;
    if (config_.confirm_transmission) {
      phase_ = phase::await_confirm;
      deadline_ = now + config_.timeouts.n_as;
    } else {
      after_sent(last_sent_, now);
    }
  }
  return out;
}

void isotp_sender::on_transmitted(isotp_time_point now) {
  if (phase_ == phase::await_confirm) after_sent(last_sent_, now);
}

void isotp_sender::after_sent(sent_kind kind, isotp_time_point now) {
  switch (kind) {
    case sent_kind::single: phase_ = phase::complete; return;
    case sent_kind::first:
      phase_ = phase::await_fc;
      deadline_ = now + config_.timeouts.n_bs;  // 9.8: N_Bs runs from the FF until the FC
      return;
    case sent_kind::consecutive:
      if (offset_ >= message_.size()) {
        phase_ = phase::complete;
      } else if (block_size_ != 0 && --cfs_left_in_block_ == 0) {
        phase_ = phase::await_fc;  // 9.6.5: after BS CFs wait for the next FC
        deadline_ = now + config_.timeouts.n_bs;
      } else {
        phase_ = phase::send_cf;
        due_ = now + st_min_;
      }
      return;
  }
}

result<void> isotp_sender::on_frame(const can_frame& frame, isotp_time_point now) {
  auto pdu = decode_isotp_pdu(frame.payload());
  if (!pdu) {
    // 9.6.5: an FC with a reserved FlowStatus aborts the transmission (N_INVALID_FS); any other
    // malformed frame is ignored and the N_Bs timer keeps running.
    if (pdu.error() == isotp_error::reserved_fs && phase_ == phase::await_fc) fail(isotp_error::reserved_fs);
    return pdu.error();
  }
  const auto* fc = std::get_if<isotp_flow_control>(&*pdu);
  if (fc == nullptr || phase_ != phase::await_fc) return {};  // 9.8: unexpected, ignore
  switch (fc->fs) {
    case isotp_flow_status::continue_to_send:
      // BS and STmin are taken from the first FC.CTS and kept for the rest of the message, as
      // the Linux can-isotp reference implementation does; a reserved STmin means 127 ms
      // (9.6.5.4).
      if (!have_first_fc_) {
        have_first_fc_ = true;
        block_size_ = fc->bs;
        st_min_ = isotp_st_min_duration(fc->st_min);
      }
      cfs_left_in_block_ = block_size_;
      waits_in_row_ = 0;
      phase_ = phase::send_cf;
      due_ = now;
      return {};
    case isotp_flow_status::wait:
      // 9.7 / 9.8: each FC.WAIT restarts N_Bs; more than N_WFTmax in a row and we give up.
      if (++waits_in_row_ > config_.timeouts.n_wft_max) {
        fail(isotp_error::wait_limit_exceeded);
        return error_;
      }
      deadline_ = now + config_.timeouts.n_bs;
      return {};
    case isotp_flow_status::overflow:
      fail(isotp_error::overflow_reported);
      return error_;
  }
  return {};
}

result<void> isotp_sender::on_timeout(isotp_time_point now) {
  if (phase_ == phase::await_confirm && now >= deadline_) {
    fail(isotp_error::timeout_n_as);
    return error_;
  }
  if (phase_ == phase::await_fc && now >= deadline_) {
    fail(isotp_error::timeout_n_bs);
    return error_;
  }
  return {};
}

std::optional<isotp_time_point> isotp_sender::next_deadline() const noexcept {
  switch (phase_) {
    case phase::send_first:
    case phase::send_cf: return due_;
    case phase::await_confirm:
    case phase::await_fc: return deadline_;
    case phase::idle:
    case phase::complete:
    case phase::failed: return std::nullopt;
  }
  return std::nullopt;
}

isotp_transfer_state isotp_sender::state() const noexcept {
  switch (phase_) {
    case phase::idle: return isotp_transfer_state::idle;
    case phase::complete: return isotp_transfer_state::complete;
    case phase::failed: return isotp_transfer_state::failed;
    default: return isotp_transfer_state::in_progress;
  }
}

void isotp_sender::fail(isotp_error e) {
  phase_ = phase::failed;
  error_ = e;
}

}  // namespace bayscan::protocols
