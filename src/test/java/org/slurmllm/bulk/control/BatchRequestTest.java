package org.slurmllm.bulk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.slurmllm.rest.ApiError;
import org.slurmllm.rest.ApiException;

class BatchRequestTest {

  static BatchRequest of(String json) {
    JsonObject body = Json.createReader(new StringReader(json)).readObject();
    return BatchRequest.of(body, "file-1"::equals);
  }

  static ApiError.Detail refused(String json) {
    return assertThrows(ApiException.class, () -> of(json), json).body().error();
  }

  @Test
  void aGoodBodyIsRead() {
    BatchRequest r =
        of(
            "{\"input_file_id\":\"file-1\",\"endpoint\":\"/v1/embeddings\","
                + "\"completion_window\":\"24h\",\"metadata\":{\"team\":\"a\"}}");
    assertEquals("file-1", r.inputFileId());
    assertEquals("/v1/embeddings", r.endpoint());
    assertEquals("{\"team\":\"a\"}", r.metadata());
    assertNull(
        of("{\"input_file_id\":\"file-1\",\"endpoint\":\"/v1/tribunals\",\"completion_window\":\"24h\"}")
            .metadata());
  }

  @Test
  void aBadEndpointAndABadWindowAreNamedTogether() {
    ApiError.Detail e =
        refused(
            "{\"input_file_id\":\"file-1\",\"endpoint\":\"/v1/moderations\",\"completion_window\":\"1h\"}");
    assertEquals("endpoint", e.param());
    assertEquals("invalid_value", e.code());
    assertEquals(
        "Invalid request: endpoint: must be /v1/chat/completions, /v1/completions, /v1/embeddings,"
            + " /v1/responses or /v1/tribunals; completion_window: must be '24h'",
        e.message());
  }

  @Test
  void everyFieldIsCheckedEvenWhenTheFirstIsMissing() {
    ApiError.Detail e = refused("{\"endpoint\":7,\"metadata\":{\"n\":1}}");
    assertEquals("input_file_id", e.param());
    assertEquals(
        "Invalid request: input_file_id: required (a string); endpoint: required (a string);"
            + " completion_window: required (a string);"
            + " metadata: an object of at most 16 string values",
        e.message());
    assertEquals(
        "Invalid request: input_file_id: no uploaded file with purpose 'batch' has id file-2",
        refused(
                "{\"input_file_id\":\"file-2\",\"endpoint\":\"/v1/completions\","
                    + "\"completion_window\":\"24h\"}")
            .message());
  }
}
