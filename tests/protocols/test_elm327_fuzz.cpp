// Random and mutated adapter byte streams: the reader must never crash, never read out of
// bounds (run under -DBAYSCAN_SANITIZE=ON), and always hand back a self-consistent reply.
#include <gtest/gtest.h>

#include <bayscan/protocols/elm327_reader.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace std::literals;
using namespace bayscan::protocols;
using namespace bayscan::protocols::elm327;

namespace {

settings random_settings(std::mt19937& rng) {
  settings s;
  s.echo = rng() & 1;
  s.spaces = rng() & 1;
  s.headers = rng() & 1;
  s.show_dlc = (rng() & 7) == 0;
  s.can_auto_formatting = rng() & 1;
  s.selected_protocol = static_cast<obd_protocol>(rng() % 13);
  return s;
}

void check_consistent(const reply& r) {
  for (std::size_t i : r.damaged) EXPECT_LT(i, r.messages.size());
  for (const auto& m : r.messages) EXPECT_LE(m.data.size(), 4095u);  // ISO-TP FF_DL maximum
}

// Feeds `stream` in random chunk sizes; returns the number of complete replies.
std::size_t feed_randomly(reader& r, std::string_view stream, std::mt19937& rng) {
  std::size_t replies = 0;
  while (!stream.empty()) {
    const std::size_t chunk = std::min<std::size_t>(stream.size(), 1 + rng() % 64);
    const auto res = r.feed(stream.substr(0, chunk));
    EXPECT_LE(res.consumed, chunk);
    EXPECT_TRUE(res.complete || res.consumed == chunk);
    stream.remove_prefix(res.consumed);
    if (res.complete) {
      ++replies;
      check_consistent(r.last_reply());
      if ((rng() & 3) == 0) r.begin((rng() & 1) ? "0100\r" : "ATH1\r");
    }
  }
  return replies;
}

TEST(Elm327ReaderFuzz, RandomBytesNeverCrash) {
  std::mt19937 rng(20240527);
  // Biased alphabet: the characters that steer the decoder, plus anything.
  static constexpr auto alphabet = "0123456789ABCDEF :\r\n>< ?.ERRSNODATA\0\x7F\xFF"sv;
  for (int round = 0; round < 3000; ++round) {
    reader r{random_settings(rng)};
    std::string stream(rng() % 400, '\0');
    for (char& c : stream)
      c = (rng() & 3) ? alphabet[rng() % alphabet.size()] : static_cast<char>(rng() & 0xFF);
    stream.push_back('>');
    EXPECT_GE(feed_randomly(r, stream, rng), 1u);
  }
}

TEST(Elm327ReaderFuzz, MutatedRealRepliesNeverCrash) {
  const std::string_view seeds[] = {
      "0902\r7E8 10 14 49 02 01 31 44 34\r7E8 21 47 50 30 30 52 35 35\r7E8 22 42 31 32 33 34 35 "
      "36\r\r>",
      "0902\r014\r0: 49 02 01 31 44 34\r1: 47 50 30 30 52 35 35\r2: 42 31 32 33 34 35 36\r\r>",
      "0100\r48 6B 10 41 00 BE 3E B8 11 C9\r\r>",
      "0100\r18 DA F1 10 06 41 00 BE 3F A8 13 00\r\r>",
      "0100\rSEARCHING...\rBUS INIT: ...OK\r84 F1 10 41 0C 1A F8 E4\r\r>",
      "ATZ\r\r\rELM327 v1.5\r\r>",
      "0100\r7E8101F4902013144\r7E8214750303052FF\r\r>",
  };
  std::mt19937 rng(77);
  for (int round = 0; round < 20000; ++round) {
    std::string stream{seeds[rng() % std::size(seeds)]};
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !stream.empty(); ++e) {
      const std::size_t at = rng() % stream.size();
      switch (rng() % 3) {
        case 0:
          stream[at] = "0123456789ABCDEF :\r>"[rng() % 20];
          break;
        case 1:
          stream.erase(at, 1 + rng() % 4);
          break;
        default:
          stream.insert(at, 1, static_cast<char>(rng() & 0xFF));
          break;
      }
    }
    stream.push_back('>');
    reader r{random_settings(rng)};
    feed_randomly(r, stream, rng);
  }
}

}  // namespace
