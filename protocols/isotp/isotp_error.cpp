#include <bayscan/protocols/isotp_error.hpp>

#include <string>

namespace bayscan::protocols {
namespace {

class isotp_category_impl final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "bayscan.isotp"; }

  std::string message(int ev) const override {
    switch (static_cast<isotp_error>(ev)) {
      case isotp_error::frame_too_short:
        return "ISO-TP frame shorter than its N_PCI and announced data";
      case isotp_error::invalid_pci: return "ISO-TP N_PCItype is reserved (not SF, FF, CF or FC)";
      case isotp_error::invalid_sf_dl: return "ISO-TP SingleFrame SF_DL is 0 or above 7";
      case isotp_error::invalid_ff_dl: return "ISO-TP FirstFrame FF_DL is below 8 or uses the escape";
      case isotp_error::reserved_fs: return "ISO-TP FlowControl FlowStatus is reserved (N_INVALID_FS)";
      case isotp_error::unexpected_cf:
        return "ISO-TP ConsecutiveFrame without a reception in progress (N_UNEXP_PDU)";
      case isotp_error::wrong_sn: return "ISO-TP ConsecutiveFrame has the wrong SequenceNumber (N_WRONG_SN)";
      case isotp_error::buffer_overflow:
        return "ISO-TP FirstFrame FF_DL exceeds the receive buffer (N_BUFFER_OVFLW)";
      case isotp_error::timeout_n_cr: return "ISO-TP ConsecutiveFrame not received within N_Cr";
      case isotp_error::overflow_reported:
        return "ISO-TP receiver answered FlowControl OVFLW: message too long for it";
      case isotp_error::timeout_n_bs: return "ISO-TP FlowControl not received within N_Bs";
      case isotp_error::timeout_n_as: return "ISO-TP frame not transmitted within N_As";
      case isotp_error::wait_limit_exceeded:
        return "ISO-TP receiver sent more FlowControl WAIT frames than N_WFTmax";
      case isotp_error::message_too_long: return "ISO-TP message longer than 4095 bytes";
      case isotp_error::empty_message: return "ISO-TP message is empty";
      case isotp_error::functional_multi_frame:
        return "ISO-TP functional request longer than one SingleFrame (7 bytes)";
      case isotp_error::busy: return "ISO-TP transfer already in progress";
    }
    return "unknown ISO-TP error " + std::to_string(ev);
  }
};

}  // namespace

const boost::system::error_category& isotp_category() noexcept {
  static const isotp_category_impl instance;
  return instance;
}

}  // namespace bayscan::protocols
