#include <bayscan/protocols/isotp_pci.hpp>

#include <algorithm>

namespace bayscan::protocols {
namespace {

// One frame: N_PCI bytes, then data, then padding (or nothing when padding is off).
can_frame build_frame(const isotp_frame_format& f, std::initializer_list<std::uint8_t> pci,
                      byte_span data) noexcept {
  can_frame frame;
  frame.id = f.id;
  frame.extended = f.extended;
  std::size_t n = 0;
  for (std::uint8_t b : pci) frame.data[n++] = b;
  const std::size_t room = frame.data.size() - n;
  const std::size_t take = std::min(room, data.size());
  std::copy_n(data.begin(), take, frame.data.begin() + static_cast<std::ptrdiff_t>(n));
  n += take;
  if (f.pad) {
    std::fill(frame.data.begin() + static_cast<std::ptrdiff_t>(n), frame.data.end(), f.padding);
    frame.dlc = static_cast<std::uint8_t>(isotp_can_dl);
  } else {
    frame.dlc = static_cast<std::uint8_t>(n);
  }
  return frame;
}

}  // namespace

result<isotp_pdu> decode_isotp_pdu(byte_span payload) noexcept {
  if (payload.empty()) return isotp_error::frame_too_short;
  const std::uint8_t pci0 = payload[0];
  const std::uint8_t low = pci0 & 0x0F;
  switch (static_cast<isotp_pci_type>(pci0 >> 4)) {
    case isotp_pci_type::single_frame: {
      // 9.6.2: SF_DL 1..7 with TX_DL 8; 0 introduces the CAN FD escape form, not valid here.
      if (low == 0 || low > isotp_sf_max_dl) return isotp_error::invalid_sf_dl;
      if (payload.size() < 1u + low) return isotp_error::frame_too_short;
      return isotp_pdu{isotp_single_frame{payload.subspan(1, low)}};
    }
    case isotp_pci_type::first_frame: {
      // 9.6.3: FF_DL is 12 bits over bytes 0-1; an FF always fills the whole CAN frame.
      if (payload.size() < isotp_can_dl) return isotp_error::frame_too_short;
      const auto ff_dl = static_cast<std::uint16_t>((low << 8) | payload[1]);
      // FF_DL = 0 is the escape to a 32-bit length (> 4095), never needed on classic-CAN OBD;
      // below 8 bytes the message would have fitted in a SingleFrame.
      if (ff_dl < isotp_ff_min_dl) return isotp_error::invalid_ff_dl;
      return isotp_pdu{isotp_first_frame{ff_dl, payload.subspan(2)}};
    }
    case isotp_pci_type::consecutive_frame: {
      if (payload.size() < 2) return isotp_error::frame_too_short;
      return isotp_pdu{isotp_consecutive_frame{low, payload.subspan(1)}};
    }
    case isotp_pci_type::flow_control: {
      // 9.6.5: FS in the low nibble, then BS, then STmin.
      if (payload.size() < 3) return isotp_error::frame_too_short;
      if (low > static_cast<std::uint8_t>(isotp_flow_status::overflow)) return isotp_error::reserved_fs;
      return isotp_pdu{isotp_flow_control{static_cast<isotp_flow_status>(low), payload[1], payload[2]}};
    }
  }
  return isotp_error::invalid_pci;
}

can_frame encode_isotp_single_frame(const isotp_frame_format& f, byte_span data) noexcept {
  const auto n = static_cast<std::uint8_t>(std::min(data.size(), isotp_sf_max_dl));
  return build_frame(f, {n}, data.first(n));
}

can_frame encode_isotp_first_frame(const isotp_frame_format& f, std::uint16_t ff_dl,
                                   byte_span first_bytes) noexcept {
  const auto hi = static_cast<std::uint8_t>(0x10 | ((ff_dl >> 8) & 0x0F));
  const auto lo = static_cast<std::uint8_t>(ff_dl & 0xFF);
  // An FF is never padded: it carries FF_DL >= 8 bytes, so 6 data bytes always exist.
  isotp_frame_format full = f;
  full.pad = true;
  return build_frame(full, {hi, lo}, first_bytes.first(std::min(first_bytes.size(), isotp_ff_data_bytes)));
}

can_frame encode_isotp_consecutive_frame(const isotp_frame_format& f, std::uint8_t sn,
                                         byte_span data) noexcept {
  const auto pci = static_cast<std::uint8_t>(0x20 | (sn & 0x0F));
  return build_frame(f, {pci}, data.first(std::min(data.size(), isotp_cf_data_bytes)));
}

can_frame encode_isotp_flow_control(const isotp_frame_format& f, isotp_flow_status fs,
                                    std::uint8_t bs, std::uint8_t st_min) noexcept {
  const auto pci = static_cast<std::uint8_t>(0x30 | (static_cast<std::uint8_t>(fs) & 0x0F));
  return build_frame(f, {pci, bs, st_min}, {});
}

}  // namespace bayscan::protocols
