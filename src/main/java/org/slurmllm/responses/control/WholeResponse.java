package org.slurmllm.responses.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slurmllm.routing.boundary.ChatTranslator.AnswerRewriter;

/**
 * A non-streamed answer: the chat completion, read whole, becomes the response object, which is
 * kept (when stored) before the client gets it, so its id can be continued at once.
 */
public final class WholeResponse implements AnswerRewriter {

  private final String id;
  private final long createdAt;
  private final ResponsesRequest request;
  private final boolean stored;
  private final Function<JsonObject, CompletableFuture<Void>> keeper;
  private final ByteArrayOutputStream chat = new ByteArrayOutputStream();

  /**
   * @param keeper stores the finished response (a no-op when it is not stored)
   */
  public WholeResponse(
      String id,
      long createdAt,
      ResponsesRequest request,
      boolean stored,
      Function<JsonObject, CompletableFuture<Void>> keeper) {
    this.id = id;
    this.createdAt = createdAt;
    this.request = request;
    this.stored = stored;
    this.keeper = keeper;
  }

  @Override
  public byte[] rewrite(byte[] piece) {
    chat.writeBytes(piece);
    return new byte[0];
  }

  @Override
  public CompletableFuture<byte[]> finish() {
    JsonObject response = response(chat.toString(StandardCharsets.UTF_8));
    CompletableFuture<Void> kept =
        "failed".equals(response.getString("status"))
            ? CompletableFuture.completedFuture(null)
            : keeper.apply(response);
    return kept.handle(
        (v, e) ->
            (e == null ? response : ResponseObject.unkept(response))
                .toString()
                .getBytes(StandardCharsets.UTF_8));
  }

  /** The response object for the chat completion's JSON. */
  JsonObject response(String completion) {
    JsonObject answer;
    try (var reader = JSON.createReader(new StringReader(completion))) {
      answer = reader.readObject();
    } catch (RuntimeException e) {
      return ResponseObject.of(
          id,
          createdAt,
          request,
          false,
          ResponseObject.Status.FAILED,
          jakarta.json.JsonValue.EMPTY_JSON_ARRAY,
          null,
          "the model's answer could not be read");
    }
    JsonObject choice = answer.getJsonArray("choices").getJsonObject(0);
    boolean complete = !"length".equals(choice.getString("finish_reason", "stop"));
    JsonArray output =
        ResponseItems.output(choice.getJsonObject("message"), ResponseItems.id("msg_"), true);
    JsonObject usage = answer.getJsonObject("usage");
    long[] tokens =
        usage == null
            ? new long[] {0, 0}
            : new long[] {usage.getInt("prompt_tokens", 0), usage.getInt("completion_tokens", 0)};
    return ResponseObject.of(
        id,
        createdAt,
        request,
        stored,
        complete ? ResponseObject.Status.COMPLETED : ResponseObject.Status.CUT_SHORT,
        output,
        tokens,
        null);
  }
}
