package org.slurmllm.responses.boundary;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.slurmllm.responses.control.ResponseItems;
import org.slurmllm.responses.control.ResponsesRequest;
import org.slurmllm.responses.control.WholeResponse;
import org.slurmllm.routing.boundary.ChatTranslator.Refused;

/**
 * Batch lines of the Responses API ({@code "url": "/v1/responses"}) for bulk: a line is run as the
 * chat completion it translates to (what chunk jobs and replicas serve), keeping its own body
 * beside it, and its answer made a response again when the batch's output is written. A batch's
 * responses are not stored ({@code store} false): the output file is where they are kept. Pure
 * functions.
 */
public final class ResponsesInBulk {

  /** The key of a translated line that keeps the Responses body it came from. */
  static final String ORIGINAL = "responses_body";

  private ResponsesInBulk() {}

  /**
   * The chat line a Responses line runs as (the same {@code custom_id}); {@link
   * IllegalArgumentException} with the reason when its body cannot be served.
   */
  public static String chatLine(JsonObject line) {
    JsonObject body = line.getJsonObject("body");
    byte[] chat;
    try {
      ResponsesRequest request = request(body);
      if (request.previousResponseId() != null) {
        throw new IllegalArgumentException(
            "previous_response_id: a batch line cannot continue a stored response; send the"
                + " conversation as input");
      }
      chat = request.chatBody(List.of());
    } catch (Refused refused) {
      throw new IllegalArgumentException(refused.getMessage());
    }
    return JSON.createObjectBuilder()
        .add("custom_id", line.get("custom_id"))
        .add("method", "POST")
        .add("url", "/v1/chat/completions")
        .add("body", JSON.createReader(new java.io.ByteArrayInputStream(chat)).readObject())
        .add(ORIGINAL, body)
        .build()
        .toString();
  }

  /**
   * The output line of a Responses line, from the chat line it ran as and the chat answer's output
   * line: the answer's body made a response object.
   */
  public static String responseLine(String chatLine, String answerLine) {
    JsonObject line = object(chatLine);
    JsonObject answer = object(answerLine);
    JsonObject response = answer.getJsonObject("response");
    if (!(line.get(ORIGINAL) instanceof JsonObject original) || response == null) {
      return answerLine;
    }
    String id = ResponseItems.id("resp_");
    WholeResponse rewriter =
        new WholeResponse(
            id,
            Instant.now().getEpochSecond(),
            request(original),
            false,
            r -> java.util.concurrent.CompletableFuture.completedFuture(null));
    rewriter.rewrite(response.getJsonObject("body").toString().getBytes(StandardCharsets.UTF_8));
    JsonObject rewritten = object(new String(rewriter.finish().join(), StandardCharsets.UTF_8));
    JsonObjectBuilder out = JSON.createObjectBuilder(answer);
    out.add("response", JSON.createObjectBuilder(response).add("body", rewritten));
    return out.build().toString();
  }

  private static ResponsesRequest request(JsonObject body) {
    return ResponsesRequest.parse(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject object(String json) {
    try (var reader = JSON.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }
}
