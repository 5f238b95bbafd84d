// Issue 4 figure: how long a full intake takes against a car with realistic timing, and how close
// that is to the floor the car itself sets.
//
// Runs `bayscan-sim --scenario realistic_timing` (38400 baud, 30 ms ECU latency +/- 8 ms, two
// ECUs, MIL on) as a child process, scans it through the real transports and drivers
// (ELM327 over a pty; CAN over socketcand on loopback TCP), and prints per run: wall time,
// requests, the floor and the ratio. The floor comes from the simulator's own request log:
//   ELM327: for every vehicle request, the car's time (request on the bus to its last reply
//           frame, `bus_us`) plus the request's and the reply's bytes at the serial rate;
//   CAN:    for every request, the slowest ECU's `bus_us` (ECUs answer in parallel).
// Adapter set-up (ATZ/ATE0/..., the protocol probe) is not in the floor: it is overhead we own.
//
// Usage: bench_scan_speed [runs=5] [scenario=realistic_timing]
#include <bayscan/core/intake_scan.hpp>
#include <bayscan/core/link_factory.hpp>
#include <bayscan/sim/sim_process.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

// The floor from the simulator's JSON-lines log.
double floor_ms(const std::string& log_path, bool elm) {
  std::ifstream in(log_path);
  std::string line;
  double total_us = 0;
  double request_max_us = 0;
  bool open = false;
  while (std::getline(in, line)) {
    boost::system::error_code ec;
    auto v = boost::json::parse(line, ec);
    if (ec || !v.is_object()) continue;
    const auto& o = v.as_object();
    auto event = o.if_contains("event");
    if (!event || !event->is_string()) continue;
    if (elm) {
      if (event->as_string() != "reply") continue;
      double baud = o.at("baud").to_number<double>();
      double bytes = o.at("bytes_in").to_number<double>() + o.at("bytes_out").to_number<double>();
      total_us += o.at("bus_us").to_number<double>() + bytes * 10.0 * 1e6 / baud;
    } else if (event->as_string() == "request") {
      if (open) total_us += request_max_us;
      request_max_us = 0;
      open = true;
    } else if (event->as_string() == "reply") {
      request_max_us = std::max(request_max_us, o.at("bus_us").to_number<double>());
    }
  }
  if (!elm && open) total_us += request_max_us;
  return total_us / 1000.0;
}

struct run_result {
  double wall_ms = 0;
  double floor = 0;
  int requests = 0;
  bool ok = false;
  std::string error;
};

run_result run_once(const std::string& scenario, bool elm) {
  run_result r;
  std::string log = "/tmp/bayscan-bench-" + std::to_string(::getpid()) + (elm ? "-elm.jsonl" : "-can.jsonl");
  std::remove(log.c_str());
  bayscan::sim::sim_process sim(BAYSCAN_BINARY_DIR "/sim/bayscan-sim", scenario, elm ? "pty" : "socketcand:0", log);
  if (!sim.ok()) {
    r.error = "bayscan-sim did not start";
    return r;
  }
  const std::string uri = sim.adapter_uri();
  const auto start = std::chrono::steady_clock::now();
  auto opened = bayscan::core::open_diagnostic_link(uri);
  if (!opened.link) {
    r.error = opened.error;
    return r;
  }
  auto outcome = bayscan::core::run_intake_scan(*opened.link);
  r.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  opened.link->close();
  sim.stop();
  r.requests = outcome.report.request_count;
  r.ok = !outcome.failure;
  if (outcome.failure) r.error = outcome.failure->message();
  r.floor = floor_ms(log, elm);
  std::remove(log.c_str());
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  std::string scenario = argc > 2 ? argv[2] : "realistic_timing";
  std::printf("scan speed, scenario %s, %d runs each (median)\n", scenario.c_str(), runs);
  std::printf("%-26s %10s %9s %10s %7s\n", "link", "wall ms", "requests", "floor ms", "ratio");
  int status = 0;
  for (bool elm : {true, false}) {
    std::vector<run_result> results;
    for (int i = 0; i < runs; ++i) results.push_back(run_once(scenario, elm));
    auto bad = std::find_if(results.begin(), results.end(), [](const auto& r) { return !r.ok; });
    const char* name = elm ? "ELM327 pty 38400 baud" : "CAN via socketcand (TCP)";
    if (bad != results.end()) {
      std::printf("%-26s failed: %s\n", name, bad->error.c_str());
      status = 1;
      continue;
    }
    std::sort(results.begin(), results.end(), [](const auto& a, const auto& b) { return a.wall_ms < b.wall_ms; });
    const auto& m = results[results.size() / 2];
    std::printf("%-26s %10.1f %9d %10.1f %7.2f\n", name, m.wall_ms, m.requests, m.floor, m.wall_ms / m.floor);
  }
  std::printf("targets: ELM327 < 1000 ms and ratio <= 1.25; CAN ratio <= 1.10\n");
  return status;
}
