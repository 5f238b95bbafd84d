// libFuzzer target for the ELM327 reply reader: the first input byte picks the formatting
// settings, the rest is fed as adapter output in chunks whose sizes come from the input too, so
// split handling is fuzzed along with line decoding. Build with clang -fsanitize=fuzzer,address.
#include <bayscan/protocols/elm327_reader.hpp>
#include <cstddef>
#include <cstdint>
#include <span>

using namespace bayscan::protocols;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  elm327::settings s;
  const std::uint8_t mode = data[0];
  s.echo = mode & 0x01;
  s.spaces = mode & 0x02;
  s.headers = mode & 0x04;
  s.can_auto_formatting = mode & 0x08;
  s.show_dlc = (mode & 0x30) == 0x30;
  s.selected_protocol = static_cast<obd_protocol>((data[1] & 0x0F) % 13);
  const std::size_t chunk = 1 + (data[1] >> 4) * 7;
  elm327::reader r{s};
  if (mode & 0x40) r.begin((mode & 0x80) ? "ATDPN\r" : "0902\r");

  std::span<const std::uint8_t> rest{data + 2, size - 2};
  while (!rest.empty()) {
    const auto res = r.feed(rest.first(std::min(chunk, rest.size())));
    rest = rest.subspan(res.consumed);
    if (res.complete) {
      const auto& reply = r.last_reply();
      for (std::size_t i : reply.damaged)
        if (i >= reply.messages.size()) __builtin_trap();
    } else if (res.consumed == 0) {
      __builtin_trap();  // an incomplete feed must take every byte it was given
    }
  }
  return 0;
}
