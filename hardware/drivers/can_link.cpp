#include <algorithm>
#include <bayscan/hardware/can_link.hpp>
#include <bayscan/protocols/isotp_addressing.hpp>
#include <bayscan/protocols/isotp_session.hpp>
#include <cstdio>
#include <map>
#include <utility>

namespace bayscan::hardware {

using protocols::can_frame;
using protocols::ecu_address;
using protocols::obd_protocol;
using std::chrono::milliseconds;

namespace {

// ISO 14229-1 negative response: 7F, the request's service id, NRC. NRC 0x78
// requestCorrectlyReceived-ResponsePending: the final answer follows within P2*CAN.
constexpr std::uint8_t negative_response_sid = 0x7F;
constexpr std::uint8_t nrc_response_pending = 0x78;

bool is_response_pending(const byte_vector& msg, std::uint8_t request_sid) {
  return msg.size() >= 3 && msg[0] == negative_response_sid && msg[1] == request_sid &&
         msg[2] == nrc_response_pending;
}

// The bus name candump prints: "socketcan:can0" -> "can0", "socketcand:h:p/can0" -> "can0".
std::string bus_name(const std::string& description) {
  if (auto slash = description.rfind('/'); slash != std::string::npos)
    return description.substr(slash + 1);
  if (auto colon = description.rfind(':'); colon != std::string::npos)
    return description.substr(colon + 1);
  return description.empty() ? "can" : description;
}

std::string frame_text(const can_frame& f) {
  char id[16];
  std::snprintf(id, sizeof id, f.extended ? "%08X" : "%03X", static_cast<unsigned>(f.id));
  return std::string(id) + "#" + to_hex(f.payload(), "");
}

std::string functional_id_text(bool extended) {
  return extended ? "0x18DB33F1" : "0x7DF";
}

}  // namespace

can_link::can_link(std::unique_ptr<can_channel> channel, can_link_options options,
                   std::string device)
    : channel_(std::move(channel)), options_(std::move(options)), device_(std::move(device)) {
  if (!options_.clock) options_.clock = [] { return transport_clock::now(); };
  created_ = options_.clock();
  if (channel_) {
    interface_name_ = bus_name(channel_->description());
    if (device_.empty()) device_ = channel_->description();
  }
}

can_link::~can_link() = default;

deadline can_link::now() const {
  return options_.clock();
}

error_code can_link::fail(link_error e, std::string detail) {
  detail_ = std::move(detail);
  return make_error_code(e);
}

error_code can_link::channel_failed(const error_code& ec, std::string_view during) {
  std::string what = std::string(during) + ": " + ec.message();
  if (channel_) {
    if (auto d = channel_->last_error_detail(); !d.empty()) what += " (" + d + ")";
  }
  if (ec == transport_error::timeout) return fail(link_error::timeout, std::move(what));
  if (ec == transport_error::bus_error) return fail(link_error::bus_error, std::move(what));
  if (ec == transport_error::adapter_lost || ec == transport_error::not_open) {
    connected_ = false;
    lost_ = true;
    return fail(link_error::adapter_lost, std::move(what));
  }
  return fail(link_error::adapter_error, std::move(what));
}

void can_link::log_frame(const can_frame& frame, deadline at) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(at - created_).count();
  const auto whole = us < 0 ? 0 : us;
  char stamp[48];
  std::snprintf(stamp, sizeof stamp, "(%lld.%06lld) ", static_cast<long long>(whole / 1000000),
                static_cast<long long>(whole % 1000000));
  log_ += stamp;
  log_ += interface_name_;
  log_ += ' ';
  log_ += frame_text(frame);
  log_ += '\n';
}

result<void> can_link::send_frame(const can_frame& frame) {
  const deadline t = now();
  if (auto s = channel_->send(frame, t + options_.send_timeout); !s)
    return channel_failed(s.error(), "sending " + frame_text(frame));
  log_frame(frame, t);
  return {};
}

// Frames that arrived after the previous request was settled (a late ECU) would otherwise be
// taken as the start of this request's replies; they are logged and dropped.
result<void> can_link::drain_stale() {
  // Bounded: a bus that keeps delivering cannot hold the request back for ever.
  for (int i = 0; i < 256; ++i) {
    auto r = channel_->receive(now());
    if (r) {
      log_frame(*r, now());
      continue;
    }
    if (r.error() == transport_error::timeout || r.error() == transport_error::bus_error) return {};
    return channel_failed(r.error(), "before the request");
  }
  return {};
}

result<can_link::exchange_result> can_link::exchange(byte_span data, const request_target& target,
                                                     bool extended, std::optional<int> expected) {
  protocols::isotp_session_config config;
  config.extended = extended;
  config.timeouts.n_bs = options_.n_bs;
  config.timeouts.n_cr = options_.n_cr;
  // The response window is timed here (P2CAN after the last frame, P2*CAN per pending ECU), so
  // the session's own window closes as soon as the request is out: finished() then means
  // "request sent and no reply midway".
  config.response_window = milliseconds(0);

  std::optional<protocols::isotp_session> session;
  if (target.ecu) {
    if (target.ecu->extended != extended)
      return fail(link_error::adapter_error, "ECU " + protocols::to_string(*target.ecu) +
                                                 " uses the other identifier length than this bus");
    session = protocols::isotp_session::physical(target.ecu->id, config);
    if (!session)
      return fail(
          link_error::adapter_error,
          protocols::to_string(*target.ecu) + " is not an OBD response identifier (ISO 15765-4)");
  } else {
    session = protocols::isotp_session::functional(config);
  }
  if (auto d = drain_stale(); !d) return d.error();

  const deadline start = now();
  if (auto s = session->start(data, start); !s) {
    detail_ = "request " + to_hex(data) + ": " + s.error().message();
    return s.error();
  }
  ++request_count_;

  const std::uint8_t sid = data.empty() ? 0 : data[0];
  const deadline hard_end = start + options_.max_request_time;
  deadline quiet_until = start + options_.p2_can;  // P2CAN after the last frame on the bus
  std::map<ecu_address, deadline> pending;         // ECUs that answered "response pending"
  std::vector<ecu_address> completed;
  std::vector<std::pair<ecu_address, error_code>> losses;
  exchange_result out;
  int bus_errors = 0;

  auto absorb = [&](deadline t) {
    for (auto& r : session->take_responses()) {
      if (!r.message) {
        pending.erase(r.source);
        losses.emplace_back(r.source, r.message.error());
        continue;
      }
      if (is_response_pending(*r.message, sid)) {
        pending[r.source] = t + options_.p2_star_can;
        continue;
      }
      pending.erase(r.source);
      if (std::find(completed.begin(), completed.end(), r.source) == completed.end())
        completed.push_back(r.source);
      out.messages.push_back({r.source, std::move(*r.message)});
    }
  };
  auto window_end = [&] {
    deadline e = quiet_until;
    for (const auto& entry : pending) e = std::max(e, entry.second);
    return std::min(e, hard_end);
  };

  for (;;) {
    deadline t = now();
    for (const auto& f : session->poll(t)) {
      if (auto s = send_frame(f); !s) return s.error();
      quiet_until = std::max(quiet_until, now() + options_.p2_can);
    }
    if (auto due = session->next_deadline(); due && *due <= t) session->on_timeout(t);
    absorb(t);
    if (auto e = session->request_error()) {
      detail_ = "request " + to_hex(data) + " to " +
                (target.ecu ? protocols::to_string(*target.ecu) : functional_id_text(extended)) +
                ": " + e.message();
      return e;
    }

    const bool settled = session->finished();
    if (settled && pending.empty() && expected && *expected > 0 &&
        std::ssize(completed) >= *expected)
      break;
    const deadline end = window_end();
    if (settled && t >= end) break;
    if (t >= hard_end) {
      out.warnings.push_back("gave up waiting for ECU replies after " +
                             std::to_string(options_.max_request_time.count()) + " ms");
      break;
    }

    std::optional<deadline> until;
    if (end > t) until = end;
    if (auto due = session->next_deadline(); due && (!until || *due < *until)) until = due;
    const deadline wait_until = std::min(until.value_or(t + options_.p2_can), hard_end);

    auto r = channel_->receive(wait_until);
    t = now();
    if (r) {
      log_frame(*r, t);
      if (session->on_frame(*r, t)) {
        quiet_until = std::max(quiet_until, t + options_.p2_can);
        absorb(t);
      }
      continue;
    }
    if (r.error() == transport_error::timeout) continue;
    if (r.error() == transport_error::bus_error) {
      if (++bus_errors > options_.bus_error_limit)
        return channel_failed(r.error(), "waiting for ECU replies");
      std::string warning = "CAN bus error report while waiting for replies";
      if (auto d = channel_->last_error_detail(); !d.empty()) warning += " (" + d + ")";
      out.warnings.push_back(std::move(warning));
      continue;
    }
    return channel_failed(r.error(), "waiting for ECU replies");
  }

  for (const auto& entry : pending) {
    out.warnings.push_back(
        "ECU " + protocols::to_string(entry.first) +
        " answered response pending (NRC 0x78) but sent no final answer within P2*CAN");
  }
  for (const auto& [source, ec] : losses) {
    if (std::find(completed.begin(), completed.end(), source) != completed.end()) continue;
    out.warnings.push_back("ECU " + protocols::to_string(source) + ": reply lost: " + ec.message());
  }
  if (out.messages.empty()) {
    if (!losses.empty()) {
      detail_ = "ECU " + protocols::to_string(losses.front().first) + ": " +
                losses.front().second.message();
      return losses.front().second;
    }
    if (!pending.empty())
      return fail(link_error::timeout, "ECU " + protocols::to_string(pending.begin()->first) +
                                           " announced a response (NRC 0x78) and never sent it");
    return fail(link_error::no_data, "no ECU answered " + to_hex(data) + " within P2CAN");
  }
  return out;
}

result<void> can_link::connect(const progress_callback& progress) {
  auto report = [&](std::string_view step, int percent) {
    if (progress) progress(step, percent);
  };
  if (!channel_) return fail(link_error::adapter_lost, "no CAN channel");
  connected_ = false;
  responders_.clear();
  probe_answer_.reset();
  report("opening CAN channel", 0);
  const auto filters = obd_response_filters();
  if (auto f = channel_->set_filters(filters); !f)
    return channel_failed(f.error(), "setting receive filters");

  // ISO 15765-4 initialisation: the bit rate is the interface's; 250 kbit/s only when the
  // URI says so (the interface cannot be switched from here).
  const bool slow = options_.bitrate && *options_.bitrate == 250000;
  std::vector<obd_protocol> candidates;
  if (options_.protocol) {
    if (!protocols::is_can(*options_.protocol) || *options_.protocol > obd_protocol::can29_250)
      return fail(link_error::unable_to_connect,
                  "protocol " + std::string(protocols::protocol_name(*options_.protocol)) +
                      " is not an ISO 15765-4 CAN protocol");
    candidates.push_back(*options_.protocol);
  } else if (slow) {
    candidates = {obd_protocol::can11_250, obd_protocol::can29_250};
  } else {
    candidates = {obd_protocol::can11_500, obd_protocol::can29_500};
  }

  int percent = 10;
  for (const auto candidate : candidates) {
    const bool extended = protocols::is_29bit_can(candidate);
    report(extended ? "probing 29-bit CAN (0x18DB33F1)" : "probing 11-bit CAN (0x7DF)", percent);
    percent += 40;
    auto r = exchange(options_.probe, request_target::functional(), extended, std::nullopt);
    if (r) {
      for (const auto& m : r->messages) {
        if (std::find(responders_.begin(), responders_.end(), m.source) == responders_.end())
          responders_.push_back(m.source);
      }
      probe_answer_.emplace();
      probe_answer_->messages = std::move(r->messages);
      probe_answer_->warnings = std::move(r->warnings);
      protocol_ = candidate;
      connected_ = true;
      report("connected", 100);
      return {};
    }
    // Nobody (or nobody intelligibly) answered on this identifier length: try the next one.
    // Channel failures end the search.
    if (r.error().category() == link_category() && r.error() != link_error::no_data)
      return r.error();
  }
  return fail(
      link_error::unable_to_connect,
      "no ECU answered " + to_hex(options_.probe) + " on " +
          (candidates.size() == 1 ? functional_id_text(protocols::is_29bit_can(candidates[0]))
                                  : std::string("0x7DF or 0x18DB33F1")) +
          " within P2CAN");
}

adapter_description can_link::adapter() const {
  return {"can", channel_ ? channel_->description() : std::string("closed CAN channel"), device_};
}

result<diagnostic_response> can_link::request(const diagnostic_request& req) {
  if (lost_) return fail(link_error::adapter_lost, "the CAN channel was lost earlier: " + detail_);
  if (!connected_ || !channel_) return fail(link_error::not_connected, "request before connect()");
  if (probe_answer_ && !req.target.ecu && req.data == options_.probe) {
    diagnostic_response kept = std::move(*probe_answer_);
    probe_answer_.reset();
    return kept;
  }
  probe_answer_.reset();  // only the scan's first request may take it: later, it would be stale
  auto r =
      exchange(req.data, req.target, protocols::is_29bit_can(protocol_), req.expected_responses);
  if (!r) return r.error();
  diagnostic_response response;
  response.messages = std::move(r->messages);
  response.warnings = std::move(r->warnings);
  return response;
}

void can_link::close() {
  if (channel_) channel_->close();
  connected_ = false;
}

boost::system::result<std::unique_ptr<can_link>, transport_failure> open_can_link(
    const adapter_uri& uri, can_link_options options, milliseconds open_timeout) {
  std::optional<unsigned> bitrate;
  if (const auto* can = std::get_if<socketcan_uri>(&uri)) {
    bitrate = can->bitrate;
  } else if (!std::holds_alternative<socketcand_uri>(uri)) {
    return transport_failure(transport_error::bad_uri,
                             to_string(uri) + " is not a CAN (socketcan: or socketcand:) adapter");
  }
  auto channel = open_can_channel(uri, deadline_after(open_timeout));
  if (!channel) return channel.error();
  if (!options.bitrate) options.bitrate = bitrate;
  return std::make_unique<can_link>(std::move(*channel), std::move(options), to_string(uri));
}

}  // namespace bayscan::hardware
