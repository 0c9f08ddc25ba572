package org.slurmllm.responses.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class WholeResponseTest {

  @Test
  void aChatCompletionBecomesAResponseWithEveryRequiredField() {
    ResponsesRequest request =
        ResponsesRequestTest.parse(
            "{\"model\":\"m\",\"input\":\"x\",\"max_output_tokens\":3,\"instructions\":\"i\"}");
    WholeResponse rewriter =
        new WholeResponse("resp_1", 7, request, true, r -> CompletableFuture.completedFuture(null));
    String chat =
        "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Once upon a\"},\"finish_reason\":\"length\"}],"
            + "\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":3,\"total_tokens\":7}}";
    byte[] bytes = chat.getBytes(StandardCharsets.UTF_8);
    rewriter.rewrite(java.util.Arrays.copyOf(bytes, 10));
    rewriter.rewrite(java.util.Arrays.copyOfRange(bytes, 10, bytes.length));
    JsonObject r =
        ResponsesRequestTest.json(new String(rewriter.finish().join(), StandardCharsets.UTF_8));
    assertEquals("resp_1", r.getString("id"));
    assertEquals("response", r.getString("object"));
    assertEquals("completed", r.getString("status"), "cut short: completed, the reason kept");
    assertEquals("max_output_tokens", r.getJsonObject("incomplete_details").getString("reason"));
    assertEquals("i", r.getString("instructions"));
    assertEquals(3, r.getInt("max_output_tokens"));
    assertEquals(4, r.getJsonObject("usage").getInt("input_tokens"));
    assertTrue(r.getBoolean("store"));
    for (String field :
        new String[] {
          "created_at",
          "error",
          "model",
          "output",
          "parallel_tool_calls",
          "previous_response_id",
          "temperature",
          "text",
          "tool_choice",
          "tools",
          "top_p",
          "truncation",
          "metadata"
        }) {
      assertTrue(r.containsKey(field), field);
    }
  }
}
