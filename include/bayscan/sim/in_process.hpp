// A simulated car with an ELM327 plugged in, inside the process: the scenario's vehicle, its
// J1979 responder and an ELM327 emulator behind a hardware::byte_stream, so the real ELM327
// driver runs its whole code path (commands, reader, prompt handling) with no pty or socket.
// This is what the CLI's `sim:NAME` adapter URI opens.
//
// The emulator's output schedule is honoured in one of two ways:
// - pacing::real_time (default): bytes become readable when a real adapter would deliver them:
//   the emulator's timing (ECU latency, ST timeout, protocol search) plus serial pacing at the
//   emulated baud. A byte written while a reply is still coming aborts it ("STOPPED"), as on
//   the chip.
// - pacing::simulated: every reply is readable at once and a virtual clock advances by the time
//   it would have taken (simulated_elapsed()), so unit tests run instantly yet can check timing.
//
// Ownership: the stream owns the vehicle, the responder and the emulator. Thread-safety: like
// every byte_stream, one thread at a time.
#ifndef BAYSCAN_SIM_IN_PROCESS_HPP
#define BAYSCAN_SIM_IN_PROCESS_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/result.hpp>
#include <bayscan/hardware/byte_stream.hpp>
#include <bayscan/hardware/deadline.hpp>
#include <bayscan/sim/elm327_emulator.hpp>
#include <bayscan/sim/j1979_responder.hpp>
#include <bayscan/sim/scenario.hpp>
#include <bayscan/sim/scenario_loader.hpp>
#include <bayscan/sim/vehicle.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace bayscan::sim {

enum class pacing : std::uint8_t { real_time, simulated };

struct in_process_options {
  sim::pacing pacing = pacing::real_time;
  // Pace output bytes at the emulated serial rate (10 bits per byte, 8N1) on top of the
  // emulator's schedule, as a USB-serial adapter does.
  bool serial_pacing = true;
};

class in_process_stream final : public hardware::byte_stream {
 public:
  explicit in_process_stream(scenario definition, in_process_options options = {});
  ~in_process_stream() override;
  in_process_stream(const in_process_stream&) = delete;
  in_process_stream& operator=(const in_process_stream&) = delete;

  // A catalogue name ("mil_misfire") or a path, resolved with find_scenario.
  static result<std::unique_ptr<in_process_stream>, scenario_error> open(
      std::string_view name_or_path, in_process_options options = {});

  result<void> write(byte_span bytes, hardware::deadline until) override;
  result<std::size_t> read_some(std::span<std::uint8_t> buffer, hardware::deadline until) override;
  void close() override;
  std::string description() const override;
  std::string last_error_detail() const override;

  // The car behind the adapter, for tests that check state changes (service 04).
  sim::vehicle& car() noexcept { return *car_; }
  j1979_responder& responder() noexcept { return *responder_; }
  const elm327_emulator& emulator() const noexcept { return *emulator_; }
  // pacing::simulated: how long the adapter would have taken so far.
  std::chrono::microseconds simulated_elapsed() const noexcept { return virtual_now_; }

 private:
  struct pending_output {
    hardware::transport_clock::time_point due;  // real time (real_time pacing)
    std::string bytes;
  };
  void on_line(std::string line);
  void release_due(hardware::transport_clock::time_point now);
  bool busy(hardware::transport_clock::time_point now) const;

  std::string name_;
  in_process_options options_;
  std::unique_ptr<sim::vehicle> car_;
  std::unique_ptr<j1979_responder> responder_;
  std::unique_ptr<elm327_emulator> emulator_;
  std::string line_;
  std::deque<pending_output> pending_;
  std::string readable_;
  bool close_after_output_ = false;
  bool open_ = true;
  bool lost_ = false;
  std::chrono::microseconds virtual_now_{0};
  std::string last_error_;
};

}  // namespace bayscan::sim

#endif
