#include <bayscan/core/json_format.hpp>

#include <boost/json.hpp>

#include <charconv>
#include <cmath>

namespace bayscan::core {

namespace {

void format(const boost::json::value& v, int indent, int depth, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent * (depth + 1)), ' ');
  const std::string close_pad(static_cast<std::size_t>(indent * depth), ' ');
  if (const auto* o = v.if_object()) {
    if (o->empty()) {
      out += "{}";
      return;
    }
    out += "{\n";
    bool first = true;
    for (const auto& kv : *o) {
      if (!first) out += ",\n";
      first = false;
      out += pad + boost::json::serialize(boost::json::value(kv.key())) + ": ";
      format(kv.value(), indent, depth + 1, out);
    }
    out += "\n" + close_pad + "}";
  } else if (const auto* a = v.if_array()) {
    if (a->empty()) {
      out += "[]";
      return;
    }
    out += "[\n";
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (i) out += ",\n";
      out += pad;
      format((*a)[i], indent, depth + 1, out);
    }
    out += "\n" + close_pad + "]";
  } else if (const auto* d = v.if_double(); d && std::isfinite(*d)) {
    // Shortest round-trip decimal ("45678.9", "1726"), not Boost.JSON's "4.56789E4".
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, *d);
    out.append(buf, r.ptr);
  } else {
    out += boost::json::serialize(v);
  }
}

}  // namespace

std::string format_json(const boost::json::value& v, int indent) {
  std::string out;
  format(v, indent, 0, out);
  out += "\n";
  return out;
}

}  // namespace bayscan::core
