// Internal: turns the text of one ELM327 reply (prompt excluded, NULs removed) into a reply.
#ifndef BAYSCAN_PROTOCOLS_ELM327_REPLY_DECODER_HPP
#define BAYSCAN_PROTOCOLS_ELM327_REPLY_DECODER_HPP

#include <bayscan/protocols/elm327_reply.hpp>
#include <bayscan/protocols/elm327_settings.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bayscan::protocols::elm327::detail {

class reply_decoder {
 public:
  // `command` is the line sent (may be empty when unknown); on return `command` holds the echoed
  // line when it was empty and the chip echoed one.
  void decode(std::string_view text, std::string& command, const settings& s, reply& out);

 private:
  struct assembly {  // one ECU's ISO 15765-2 message in progress
    ecu_address source;
    std::size_t expected = 0;  // FF_DL or the CAF byte-count line
    std::uint8_t next_sn = 0;  // next CF sequence number / "n:" index
    bool broken = false;       // out-of-sequence frame seen
    bool active = false;
    byte_vector data;
  };

  void decode_data_line(std::string_view line, bool flagged, const settings& s, reply& out);
  bool on_can_frame(ecu_address src, const std::uint8_t* b, std::size_t n, bool flagged,
                    reply& out);
  bool on_legacy_line(std::uint8_t* b, std::size_t n, bool flagged, obd_protocol p, reply& out);
  void on_caf_line(std::string_view line, bool flagged, reply& out);
  assembly& assembly_for(ecu_address src);
  void append_segment(assembly& a, std::uint8_t index, const std::uint8_t* b, std::size_t n,
                      bool flagged, reply& out);
  void emit(ecu_address src, const std::uint8_t* data, std::size_t size, bool damaged, reply& out);
  void flush_incomplete(reply& out);
  void unknown(std::string_view line, reply& out);

  std::vector<std::string_view> content_;
  std::vector<bool> content_flagged_;
  std::string digits_;
  byte_vector bytes_;
  std::vector<assembly> assemblies_;
  std::size_t used_ = 0;  // message slots of `out` filled so far
};

}  // namespace bayscan::protocols::elm327::detail

#endif
