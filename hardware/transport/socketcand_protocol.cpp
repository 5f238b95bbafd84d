#include <bayscan/hardware/socketcand_protocol.hpp>
#include <cstdio>
#include <vector>

namespace bayscan::hardware {
namespace {

using parsed = boost::system::result<socketcand_message, transport_failure>;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    const std::size_t begin = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > begin) words.push_back(text.substr(begin, i - begin));
  }
  return words;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Quotes at most 60 characters of peer text, so a flood cannot make a huge message.
std::string quote(std::string_view s) {
  std::string q = "'";
  for (char c : s.substr(0, 60)) q += (c >= 0x20 && c < 0x7F) ? c : '.';
  if (s.size() > 60) q += "...";
  return q + "'";
}

transport_failure garbage(std::string what, std::string_view text) {
  return {transport_error::protocol_error, "socketcand: " + std::move(what) + " " + quote(text)};
}

std::optional<std::uint32_t> parse_hex_u32(std::string_view s) {
  if (s.empty() || s.size() > 8) return std::nullopt;
  std::uint32_t v = 0;
  for (char c : s) {
    const int d = hex_digit_value(c);
    if (d < 0) return std::nullopt;
    v = (v << 4) | static_cast<std::uint32_t>(d);
  }
  return v;
}

std::optional<std::uint64_t> parse_decimal(std::string_view s, std::size_t max_digits) {
  if (s.empty() || s.size() > max_digits) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

parsed parse_frame(std::string_view inner, const std::vector<std::string_view>& words) {
  if (words.size() < 3) return garbage("frame without id and timestamp:", inner);
  socketcand_message m;
  m.type = socketcand_message::kind::frame;
  m.text = std::string(inner);
  // socketcand prints standard ids with %03X and extended ids with %08X: the width tells them
  // apart.
  const std::string_view id_text = words[1];
  const auto id = parse_hex_u32(id_text);
  if (!id || (id_text.size() != 8 && id_text.size() > 3))
    return garbage("frame id is neither 3 nor 8 hex digits:", inner);
  m.frame.extended = id_text.size() == 8;
  if (m.frame.extended ? *id > 0x1FFFFFFF : *id > 0x7FF)
    return garbage("frame id out of range:", inner);
  m.frame.id = *id;
  // Timestamp "seconds.microseconds" (%ld.%06ld).
  const std::string_view ts = words[2];
  const auto dot = ts.find('.');
  if (dot == std::string_view::npos)
    return garbage("frame timestamp is not seconds.microseconds:", inner);
  const auto secs = parse_decimal(ts.substr(0, dot), 12);
  const std::string_view frac = ts.substr(dot + 1);
  auto usecs = parse_decimal(frac, 6);
  if (!secs || !usecs) return garbage("frame timestamp is not seconds.microseconds:", inner);
  for (std::size_t i = frac.size(); i < 6; ++i) *usecs *= 10;
  m.timestamp_us = *secs * 1'000'000 + *usecs;
  // Data: hex without spaces as socketcand sends it, or spaced as the protocol document shows.
  std::string hex;
  for (std::size_t i = 3; i < words.size(); ++i) hex += words[i];
  const auto data = parse_hex(hex);
  if (!data) return garbage("frame data is not hex bytes:", inner);
  if (data->size() > 8) return garbage("frame carries more than 8 data bytes:", inner);
  m.frame.dlc = static_cast<std::uint8_t>(data->size());
  std::copy(data->begin(), data->end(), m.frame.data.begin());
  return m;
}

}  // namespace

boost::system::result<protocols::can_frame, transport_failure> parse_socketcand_send(
    std::string_view inner) {
  const auto words = split_words(trim(inner));
  if (words.size() < 3 || words[0] != "send") return garbage("not a send command:", inner);
  const std::string_view id_text = words[1];
  const auto id = parse_hex_u32(id_text);
  if (!id || (id_text.size() != 8 && id_text.size() > 3))
    return garbage("send id is neither 1..3 nor 8 hex digits:", inner);
  protocols::can_frame f;
  f.extended = id_text.size() == 8;
  if (f.extended ? *id > 0x1FFFFFFF : *id > 0x7FF) return garbage("send id out of range:", inner);
  f.id = *id;
  const auto dlc = parse_hex_u32(words[2]);
  if (!dlc || words[2].size() != 1 || *dlc > 8) return garbage("send dlc is not 0..8:", inner);
  if (words.size() - 3 != *dlc) return garbage("send data byte count differs from its dlc:", inner);
  for (std::size_t i = 0; i < *dlc; ++i) {
    const auto b = parse_hex_u32(words[3 + i]);
    if (!b || words[3 + i].size() > 2) return garbage("send data is not hex bytes:", inner);
    f.data[i] = static_cast<std::uint8_t>(*b);
  }
  f.dlc = static_cast<std::uint8_t>(*dlc);
  return f;
}

parsed parse_socketcand_element(std::string_view inner) {
  inner = trim(inner);
  const auto words = split_words(inner);
  if (words.empty()) return garbage("empty element", "< >");
  const std::string_view word = words[0];
  socketcand_message m;
  m.text = std::string(inner);
  if (word == "hi" && words.size() == 1) {
    m.type = socketcand_message::kind::hi;
  } else if (word == "ok" && words.size() == 1) {
    m.type = socketcand_message::kind::ok;
  } else if (word == "echo" && words.size() == 1) {
    m.type = socketcand_message::kind::echo;
  } else if (word == "error") {
    m.type = socketcand_message::kind::error;
    m.text = std::string(trim(inner.substr(word.size())));
  } else if (word == "frame") {
    return parse_frame(inner, words);
  } else {
    for (char c : word) {
      if (c < 'a' || c > 'z') return garbage("unknown element", inner);
    }
    m.type = socketcand_message::kind::other;
  }
  return m;
}

void socketcand_parser::feed(byte_span bytes) {
  buffer_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

void socketcand_parser::feed(std::string_view text) {
  buffer_.append(text);
}

std::optional<parsed> socketcand_parser::next() {
  while (start_ < buffer_.size() && is_space(buffer_[start_])) ++start_;
  if (start_ == buffer_.size()) {
    buffer_.clear();
    start_ = 0;
    return std::nullopt;
  }
  if (start_ > 4096) {  // keep the buffer from growing with consumed text
    buffer_.erase(0, start_);
    start_ = 0;
  }
  const std::string_view rest = std::string_view(buffer_).substr(start_);
  if (rest.front() != '<') {
    // Text outside an element: skip to the next '<' (or everything we have) and report it.
    const std::size_t lt = rest.find('<');
    const std::size_t n = lt == std::string_view::npos ? rest.size() : lt;
    parsed err = garbage("text outside < >:", rest.substr(0, n));
    start_ += n;
    return err;
  }
  const std::size_t end = rest.find_first_of("<>", 1);
  if (end == std::string_view::npos) {
    if (rest.size() > max_element_length) {
      parsed err = garbage("element without closing '>':", rest);
      start_ = buffer_.size();
      return err;
    }
    return std::nullopt;  // the rest of the element is still on the way
  }
  if (rest[end] == '<') {
    parsed err = garbage("element interrupted by '<':", rest.substr(0, end));
    start_ += end;
    return err;
  }
  if (end > max_element_length) {
    parsed err = garbage("over-long element:", rest.substr(0, end + 1));
    start_ += end + 1;
    return err;
  }
  parsed result = parse_socketcand_element(rest.substr(1, end - 1));
  start_ += end + 1;
  return result;
}

std::string format_socketcand_open(std::string_view bus) {
  return "< open " + std::string(bus) + " >";
}

std::string format_socketcand_rawmode() {
  return "< rawmode >";
}

namespace {
std::string id_text(const protocols::can_frame& frame) {
  char id[16];
  if (frame.extended) {
    std::snprintf(id, sizeof id, "%08X", static_cast<unsigned>(frame.id & 0x1FFFFFFFu));
  } else {
    std::snprintf(id, sizeof id, "%03X", static_cast<unsigned>(frame.id & 0x7FFu));
  }
  return id;
}
}  // namespace

std::string format_socketcand_send(const protocols::can_frame& frame) {
  const std::uint8_t dlc = frame.dlc > 8 ? 8 : frame.dlc;
  std::string s = "< send " + id_text(frame) + " " + std::to_string(dlc);
  if (dlc > 0) s += " " + to_hex(std::span<const std::uint8_t>(frame.data.data(), dlc), " ");
  return s + " >";
}

std::string format_socketcand_frame(const protocols::can_frame& frame, std::uint64_t timestamp_us) {
  const std::uint8_t dlc = frame.dlc > 8 ? 8 : frame.dlc;
  char ts[48];
  std::snprintf(ts, sizeof ts, "%llu.%06llu",
                static_cast<unsigned long long>(timestamp_us / 1'000'000),
                static_cast<unsigned long long>(timestamp_us % 1'000'000));
  return "< frame " + id_text(frame) + " " + ts + " " +
         to_hex(std::span<const std::uint8_t>(frame.data.data(), dlc), "") + " >";
}

}  // namespace bayscan::hardware
