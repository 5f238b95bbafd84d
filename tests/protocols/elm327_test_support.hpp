// Test support for the ELM327 reader: feeds one captured reply whole, byte by byte and split at
// every position, and checks the outcome never depends on how the bytes arrived.
#ifndef BAYSCAN_TESTS_PROTOCOLS_ELM327_TEST_SUPPORT_HPP
#define BAYSCAN_TESTS_PROTOCOLS_ELM327_TEST_SUPPORT_HPP

#include <gtest/gtest.h>

#include <bayscan/protocols/elm327_reader.hpp>
#include <span>
#include <string>
#include <string_view>

namespace bayscan::protocols::elm327::testing {

struct read_outcome {
  reply result;
  settings after;  // the reader's settings once the reply was applied
  bool operator==(const read_outcome&) const = default;
};

// Feeds `chunks` (split points into `stream`) and expects exactly one complete reply that ends
// at the stream's last byte.
inline read_outcome read_split(const settings& s, std::string_view command, std::string_view stream,
                               std::span<const std::size_t> cuts) {
  reader r{s};
  if (!command.empty()) r.begin(command);
  std::size_t pos = 0;
  bool done = false;
  auto feed_until = [&](std::size_t end) {
    while (pos < end) {
      EXPECT_FALSE(done) << "reply completed before the prompt at " << pos;
      const auto res = r.feed(std::span<const char>(stream.data() + pos, end - pos));
      pos += res.consumed;
      if (res.complete) done = true;
      if (res.consumed == 0) break;
    }
  };
  for (std::size_t cut : cuts) feed_until(cut);
  feed_until(stream.size());
  EXPECT_TRUE(done) << "no prompt seen";
  EXPECT_EQ(pos, stream.size());
  return {r.last_reply(), r.settings()};
}

// The reply for `stream`, after checking that byte-by-byte and every two-way split give the
// same result as feeding it whole.
inline reply read_reply(const settings& s, std::string_view command, std::string_view stream,
                        settings* after = nullptr) {
  const read_outcome whole = read_split(s, command, stream, {});
  std::vector<std::size_t> every;
  for (std::size_t i = 1; i < stream.size(); ++i) every.push_back(i);
  EXPECT_EQ(read_split(s, command, stream, every), whole) << "byte by byte differs";
  for (std::size_t i = 1; i < stream.size(); ++i) {
    const std::size_t cut[] = {i};
    const auto split = read_split(s, command, stream, cut);
    EXPECT_EQ(split, whole) << "split at " << i << " differs";
    if (split != whole) break;
  }
  if (after) *after = whole.after;
  return whole.result;
}

inline byte_vector hex(std::string_view text) {
  return parse_hex(text).value();
}

}  // namespace bayscan::protocols::elm327::testing

#endif
