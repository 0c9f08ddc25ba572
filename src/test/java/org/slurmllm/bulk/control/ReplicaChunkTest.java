package org.slurmllm.bulk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ReplicaChunkTest {

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  @Test
  void anAnswerBecomesAChunkJobsOutputLineNamingItsTier() {
    JsonObject line =
        json(
            ReplicaChunk.outputLine(
                "batch_req_1",
                "c-1",
                200,
                "{\"id\":\"chatcmpl-9\",\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}"));
    assertEquals("c-1", line.getString("custom_id"));
    JsonObject response = line.getJsonObject("response");
    assertEquals(200, response.getInt("status_code"));
    assertEquals("chatcmpl-9", response.getString("request_id"));
    assertEquals("flex", response.getJsonObject("body").getString("service_tier"));
    assertEquals(
        2, response.getJsonObject("body").getJsonObject("usage").getInt("completion_tokens"));
  }

  @Test
  void aReplicasRefusalIsTheLinesAnswerAsItCame() {
    JsonObject response =
        json(ReplicaChunk.outputLine("batch_req_2", "c-2", 400, "{\"error\":{\"message\":\"no\"}}"))
            .getJsonObject("response");
    assertEquals(400, response.getInt("status_code"));
    assertEquals("batch_req_2", response.getString("request_id"));
    assertEquals("no", response.getJsonObject("body").getJsonObject("error").getString("message"));
  }
}
