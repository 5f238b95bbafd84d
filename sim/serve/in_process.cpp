#include <bayscan/sim/in_process.hpp>

#include <algorithm>
#include <thread>
#include <utility>

namespace bayscan::sim {
namespace {

using hardware::transport_clock;
using hardware::transport_error;
using std::chrono::microseconds;

// 8N1 serial: ten bit times per byte.
microseconds byte_time(std::uint32_t baud) { return microseconds(10'000'000 / std::max(1u, baud)); }

}  // namespace

in_process_stream::in_process_stream(scenario definition, in_process_options options)
    : name_(definition.name), options_(options) {
  const auto personality = definition.adapter;
  const auto timing = definition.timing;
  const auto faults = definition.faults;
  car_ = std::make_unique<sim::vehicle>(std::move(definition));
  responder_ = std::make_unique<j1979_responder>(*car_);
  emulator_ = std::make_unique<elm327_emulator>(*responder_, personality, timing, faults);
}

in_process_stream::~in_process_stream() = default;

result<std::unique_ptr<in_process_stream>, scenario_error> in_process_stream::open(
    std::string_view name_or_path, in_process_options options) {
  auto loaded = load_scenario(find_scenario(name_or_path));
  if (!loaded) return loaded.error();
  return std::make_unique<in_process_stream>(std::move(*loaded), options);
}

bool in_process_stream::busy(transport_clock::time_point now) const {
  // The chip is busy until its prompt is out: any pending output, or (real time) output that
  // is due later.
  if (options_.pacing == pacing::simulated) return false;
  return std::any_of(pending_.begin(), pending_.end(),
                     [&](const pending_output& p) { return p.due > now; });
}

void in_process_stream::on_line(std::string line) {
  const auto now = transport_clock::now();
  auto response = emulator_->on_line(line);
  const auto per_byte = options_.serial_pacing ? byte_time(emulator_->baud()) : microseconds(0);
  // The command's own bytes took this long to reach the chip at the emulated rate.
  const microseconds arrival = per_byte * static_cast<std::int64_t>(line.size() + 1);
  microseconds wire_free = arrival;
  for (auto& chunk : response.chunks) {
    const microseconds start = std::max(arrival + chunk.at, wire_free);
    wire_free = start + per_byte * static_cast<std::int64_t>(chunk.bytes.size());
    if (chunk.bytes.empty()) continue;
    if (options_.pacing == pacing::simulated) {
      readable_ += chunk.bytes;
    } else {
      pending_.push_back({now + wire_free, std::move(chunk.bytes)});
    }
  }
  virtual_now_ += wire_free;
  if (response.close_link) close_after_output_ = true;
}

result<void> in_process_stream::write(byte_span bytes, hardware::deadline /*until*/) {
  if (!open_) return make_error_code(transport_error::not_open);
  if (lost_ || (close_after_output_ && pending_.empty()))
    return make_error_code(transport_error::adapter_lost);
  for (std::uint8_t b : bytes) {
    const auto now = transport_clock::now();
    release_due(now);
    if (busy(now)) {
      // A byte while the chip works aborts the request (ELM327 datasheet, "STOPPED"); the
      // byte itself is consumed. What was already on the wire stays readable.
      pending_.clear();
      line_.clear();
      readable_ += emulator_->on_interrupt();
      continue;
    }
    const char c = static_cast<char>(b);
    if (c == '\r') {
      on_line(std::exchange(line_, {}));
    } else if (c != '\n' && c != '\0') {
      line_.push_back(c);
    }
  }
  return {};
}

void in_process_stream::release_due(transport_clock::time_point now) {
  while (!pending_.empty() && pending_.front().due <= now) {
    readable_ += pending_.front().bytes;
    pending_.pop_front();
  }
}

result<std::size_t> in_process_stream::read_some(std::span<std::uint8_t> buffer,
                                                 hardware::deadline until) {
  if (!open_) return make_error_code(transport_error::not_open);
  for (;;) {
    const auto now = transport_clock::now();
    release_due(now);
    if (!readable_.empty() && !buffer.empty()) {
      const std::size_t n = std::min(buffer.size(), readable_.size());
      std::copy_n(readable_.begin(), n, buffer.begin());
      readable_.erase(0, n);
      return n;
    }
    if (pending_.empty() && (close_after_output_ || lost_)) {
      lost_ = true;
      last_error_ = "in-process adapter " + name_ + ": link dropped (scenario fault or quirk)";
      return make_error_code(transport_error::adapter_lost);
    }
    if (now >= until) return make_error_code(transport_error::timeout);
    const auto wake = pending_.empty() ? until : std::min(until, pending_.front().due);
    std::this_thread::sleep_until(wake);
  }
}

void in_process_stream::close() {
  open_ = false;
  pending_.clear();
  readable_.clear();
}

std::string in_process_stream::description() const {
  return "sim:" + name_ + " (in-process ELM327 emulator)";
}

std::string in_process_stream::last_error_detail() const { return last_error_; }

}  // namespace bayscan::sim
