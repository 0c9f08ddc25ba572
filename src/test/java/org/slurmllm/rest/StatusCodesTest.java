package org.slurmllm.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatusCodesTest {

  @Test
  void jaxRsOwnErrorsGetWordsNotTheirStatus() {
    assertEquals("not_found", WebApplicationExceptionMapper.body(404, "Not Found").error().code());
    assertEquals(
        "method_not_allowed",
        WebApplicationExceptionMapper.body(405, "Method Not Allowed").error().code());
    assertEquals(
        "not_acceptable", WebApplicationExceptionMapper.body(406, "Not Acceptable").error().code());
    ApiError unsupported = WebApplicationExceptionMapper.body(415, "Unsupported Media Type");
    assertEquals("unsupported_media_type", unsupported.error().code());
    assertEquals("Unsupported media type: send application/json.", unsupported.error().message());
    assertEquals("invalid_request_error", unsupported.error().type());
    assertEquals("service_unavailable", StatusCodes.word(503));
    assertEquals("server_error", WebApplicationExceptionMapper.body(503, "x").error().type());
  }

  @Test
  void everyErrorStatusIsAWordWithoutDigits() {
    for (int status = 400; status < 600; status++) {
      String code = WebApplicationExceptionMapper.body(status, "Reason").error().code();
      assertTrue(code.matches("[a-z]+(_[a-z]+)*"), status + " -> " + code);
    }
  }

  @Test
  void statusesTheApiAlreadyNamesKeepTheirWords() {
    assertEquals("request_too_large", StatusCodes.word(413));
    assertEquals("rate_limit_exceeded", StatusCodes.word(429));
    assertEquals("invalid_api_key", StatusCodes.word(401));
    assertEquals("forbidden", StatusCodes.word(403));
  }
}
