package org.slurmllm.responses.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ResponsesInBulkTest {

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  @Test
  void aLineRunsAsItsChatCompletionAndItsAnswerBecomesAResponse() {
    String chat =
        ResponsesInBulk.chatLine(
            json(
                "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/responses\","
                    + "\"body\":{\"model\":\"m\",\"input\":\"Once\",\"instructions\":\"Be brief.\","
                    + "\"max_output_tokens\":5}}"));
    JsonObject line = json(chat);
    assertEquals("a", line.getString("custom_id"));
    assertEquals("/v1/chat/completions", line.getString("url"));
    assertEquals(
        "system",
        line.getJsonObject("body").getJsonArray("messages").getJsonObject(0).getString("role"));
    assertEquals(5, line.getJsonObject("body").getInt("max_tokens"));

    String answer =
        "{\"id\":\"batch_req_1\",\"custom_id\":\"a\",\"response\":{\"status_code\":200,"
            + "\"request_id\":\"r\",\"body\":{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"upon a time\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":3}}},"
            + "\"error\":null}";
    JsonObject out = json(ResponsesInBulk.responseLine(chat, answer));
    JsonObject response = out.getJsonObject("response").getJsonObject("body");
    assertEquals("response", response.getString("object"));
    assertEquals("Be brief.", response.getString("instructions"));
    assertEquals(false, response.getBoolean("store"), "a batch keeps its answers in its file");
    assertEquals(
        "upon a time",
        response
            .getJsonArray("output")
            .getJsonObject(0)
            .getJsonArray("content")
            .getJsonObject(0)
            .getString("text"));
    assertEquals(200, out.getJsonObject("response").getInt("status_code"));
  }

  @Test
  void aLineThatCannotBeServedSaysWhy() {
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ResponsesInBulk.chatLine(
                    json(
                        "{\"custom_id\":\"a\",\"body\":{\"model\":\"m\",\"input\":\"x\","
                            + "\"previous_response_id\":\"resp_1\"}}")));
    assertTrue(bad.getMessage().contains("previous_response_id"), bad.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> ResponsesInBulk.chatLine(json("{\"custom_id\":\"a\",\"body\":{\"model\":\"m\"}}")));
  }
}
