// Indented JSON text for people reading CLI output (Boost.JSON 1.81 serialises compactly only).
// Pure function; thread-safe.
#ifndef BAYSCAN_CORE_JSON_FORMAT_HPP
#define BAYSCAN_CORE_JSON_FORMAT_HPP

#include <boost/json/value.hpp>

#include <string>

namespace bayscan::core {

std::string format_json(const boost::json::value& v, int indent = 2);

}  // namespace bayscan::core

#endif
