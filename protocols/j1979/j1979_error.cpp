#include <bayscan/protocols/j1979_error.hpp>

#include <cstdio>
#include <string>

namespace bayscan::protocols {
namespace {

class j1979_category_impl final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "j1979"; }
  std::string message(int ev) const override {
    switch (static_cast<j1979_error>(ev)) {
      case j1979_error::no_reply: return "no ECU answered";
      case j1979_error::empty_message: return "ECU message has no service byte";
      case j1979_error::wrong_service: return "reply service id is not the request's + 0x40";
      case j1979_error::pid_mismatch: return "reply PID/infotype echo does not match the request";
      case j1979_error::truncated: return "reply is shorter than the PID's data length";
      case j1979_error::trailing_bytes: return "reply has bytes beyond the PID's data length";
      case j1979_error::unknown_pid_length:
        return "multi-PID reply contains a PID of unknown data length";
      case j1979_error::duplicate_pid: return "the same PID appears twice in one reply";
      case j1979_error::bad_count: return "count byte disagrees with the reply length";
      case j1979_error::missing_message: return "a message of a multi-message answer is missing";
      case j1979_error::invalid_text: return "text field holds non-printable bytes";
      case j1979_error::too_many_pids: return "too many PIDs for one request on this protocol";
      case j1979_error::not_on_this_protocol: return "request not defined on this protocol";
      case j1979_error::invalid_argument: return "invalid argument";
      case j1979_error::missing_value: return "a value the PID needs was not given";
    }
    return "unknown j1979 error";
  }
};

class nrc_category_impl final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "iso14229-nrc"; }
  std::string message(int ev) const override {
    const char* text = nullptr;
    switch (static_cast<negative_response_code>(ev)) {
      case negative_response_code::general_reject: text = "generalReject"; break;
      case negative_response_code::service_not_supported: text = "serviceNotSupported"; break;
      case negative_response_code::sub_function_not_supported:
        text = "subFunctionNotSupported-invalidFormat";
        break;
      case negative_response_code::incorrect_message_length_or_invalid_format:
        text = "incorrectMessageLengthOrInvalidFormat";
        break;
      case negative_response_code::busy_repeat_request: text = "busyRepeatRequest"; break;
      case negative_response_code::conditions_not_correct:
        text = "conditionsNotCorrectOrRequestSequenceError";
        break;
      case negative_response_code::request_sequence_error: text = "requestSequenceError"; break;
      case negative_response_code::request_out_of_range: text = "requestOutOfRange"; break;
      case negative_response_code::security_access_denied: text = "securityAccessDenied"; break;
      case negative_response_code::response_pending:
        text = "requestCorrectlyReceived-ResponsePending";
        break;
    }
    char buf[80];
    if (text) std::snprintf(buf, sizeof buf, "negative response 0x%02X %s", ev & 0xFF, text);
    else std::snprintf(buf, sizeof buf, "negative response 0x%02X", ev & 0xFF);
    return buf;
  }
};

}  // namespace

const boost::system::error_category& j1979_category() noexcept {
  static const j1979_category_impl instance;
  return instance;
}

const boost::system::error_category& negative_response_category() noexcept {
  static const nrc_category_impl instance;
  return instance;
}

bool is_negative_response(const error_code& ec) noexcept {
  return ec.category() == negative_response_category();
}

bool is_response_pending(const error_code& ec) noexcept {
  return ec == make_error_code(negative_response_code::response_pending);
}

bool is_busy_repeat_request(const error_code& ec) noexcept {
  return ec == make_error_code(negative_response_code::busy_repeat_request);
}

}  // namespace bayscan::protocols
