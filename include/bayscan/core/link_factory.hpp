// Adapter URI -> a connected-ready DiagnosticLink (ARCHITECTURE.md, "Adapter URIs"):
// serial:/tcp: ELM327 over a byte stream, socketcan:/socketcand: ISO-TP over a CAN channel,
// sim:NAME an in-process simulated car behind an emulated ELM327.
// Not thread-safe; the link belongs to the caller.
#ifndef BAYSCAN_CORE_LINK_FACTORY_HPP
#define BAYSCAN_CORE_LINK_FACTORY_HPP

#include <bayscan/hardware/diagnostic_link.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace bayscan::core {

struct link_open_result {
  std::unique_ptr<hardware::diagnostic_link> link;  // null on failure
  std::string error;   // what was wrong, naming the URI part or the device
  bool usage_error = false;  // malformed URI (exit 2) rather than an adapter problem (exit 1)
};

link_open_result open_diagnostic_link(std::string_view uri,
                                      std::chrono::milliseconds connect_timeout = std::chrono::seconds(5));

}  // namespace bayscan::core

#endif
