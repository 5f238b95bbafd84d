// Issue 2 figure: ELM327 replies read and decoded per second on one core (target: well above
// 1 M/s, so the codec is never what an advisor waits for). Each iteration feeds one complete
// reply as the adapter sends it (headers on, CR line ends, prompt) through elm327::reader and
// decodes its messages with the J1979 parsers. Google Benchmark prints items_per_second.
#include <bayscan/protocols/elm327_reader.hpp>
#include <bayscan/protocols/j1979_response.hpp>
#include <bayscan/protocols/j1979_vehicle_info.hpp>

#include <benchmark/benchmark.h>

#include <string>

namespace p = bayscan::protocols;

namespace {

p::elm327::settings headers_on() {
  p::elm327::settings s;
  s.echo = false;
  s.headers = true;
  s.active_protocol = p::obd_protocol::can11_500;
  return s;
}

void run(benchmark::State& state, const std::string& command, const std::string& text, auto&& decode) {
  p::elm327::reader reader(headers_on());
  reader.set_auto_apply(false);
  for (auto _ : state) {
    reader.begin(command);
    auto r = reader.feed(std::span<const char>(text.data(), text.size()));
    benchmark::DoNotOptimize(r);
    decode(reader.last_reply().messages);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}

void single_pid(benchmark::State& state) {
  const std::uint8_t pids[] = {0x0C};
  run(state, "010C", "7E8 04 41 0C 1A F8 \r\r>", [&](const auto& msgs) {
    benchmark::DoNotOptimize(p::parse_current_data(p::obd_protocol::can11_500, pids, msgs));
  });
}

void multi_pid_two_ecus(benchmark::State& state) {
  const std::uint8_t pids[] = {0x0C, 0x0D, 0x05};
  run(state, "010C0D05",
      "7E8 10 08 41 0C 1A F8 0D 00 \r7E8 21 05 7B 00 00 00 00 00 \r7E9 06 41 0C 1A F8 0D 00 \r\r>",
      [&](const auto& msgs) {
        benchmark::DoNotOptimize(p::parse_current_data(p::obd_protocol::can11_500, pids, msgs));
      });
}

void vin_multi_frame(benchmark::State& state) {
  run(state, "0902",
      "7E8 10 14 49 02 01 31 47 31 \r7E8 21 4A 43 35 34 34 34 52 \r7E8 22 37 32 35 32 33 36 37 \r\r>",
      [&](const auto& msgs) { benchmark::DoNotOptimize(p::parse_vin(p::obd_protocol::can11_500, msgs)); });
}

void stored_codes(benchmark::State& state) {
  run(state, "03", "7E8 06 43 02 03 01 03 00 \r7E9 02 43 00 \r\r>", [&](const auto& msgs) {
    benchmark::DoNotOptimize(p::parse_dtcs(p::obd_protocol::can11_500, p::dtc_status::stored, msgs));
  });
}

}  // namespace

BENCHMARK(single_pid);
BENCHMARK(multi_pid_two_ecus);
BENCHMARK(vin_multi_frame);
BENCHMARK(stored_codes);
BENCHMARK_MAIN();
