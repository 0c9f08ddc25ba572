package org.slurmllm.responses.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slurmllm.routing.boundary.ChatTranslator.AnswerRewriter;

/**
 * A streamed answer: the chat stream's events, as they come, become the Responses API's event
 * sequence ({@code response.created}, {@code response.output_item.added}, {@code
 * response.output_text.delta}, ..., {@code response.completed}); a function call's arguments are
 * streamed as {@code response.function_call_arguments.delta}. The last event waits until the
 * response is kept (when stored). A chat stream that broke off ends the response {@code failed}.
 *
 * <p>Longer than 300 lines because the event sequence is one state machine (the items open, their
 * deltas, their ends, the response's end), which reads best whole.
 */
public final class StreamedResponse implements AnswerRewriter {

  /** One output item being streamed: a message's text, or a function call. */
  private static final class Item {
    final int index;
    final String id;
    final String callId; // null for a message
    final String name;
    final StringBuilder text = new StringBuilder();

    Item(int index, String id, String callId, String name) {
      this.index = index;
      this.id = id;
      this.callId = callId;
      this.name = name;
    }
  }

  private final String id;
  private final long createdAt;
  private final ResponsesRequest request;
  private final boolean stored;
  private final Function<JsonObject, CompletableFuture<Void>> keeper;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private final List<Item> items = new ArrayList<>();
  private final List<Item> calls = new ArrayList<>(); // by the chat stream's tool call index
  private Item message;
  private int sequence;
  private boolean begun;
  private boolean done;
  private String finishReason;
  private String error;
  private long[] usage;
  private StringBuilder out;

  public StreamedResponse(
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
    out = new StringBuilder();
    begin();
    partial.writeBytes(piece);
    String text = partial.toString(StandardCharsets.UTF_8);
    int end;
    int from = 0;
    while ((end = text.indexOf("\n\n", from)) >= 0) {
      event(text.substring(from, end));
      from = end + 2;
    }
    partial.reset();
    partial.writeBytes(text.substring(from).getBytes(StandardCharsets.UTF_8));
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void begin() {
    if (!begun) {
      begun = true;
      JsonObject created = snapshot(ResponseObject.Status.IN_PROGRESS, null);
      emit("response.created", JSON.createObjectBuilder().add("response", created));
      emit("response.in_progress", JSON.createObjectBuilder().add("response", created));
    }
  }

  /** One chat stream event: its {@code data:} lines. */
  private void event(String event) {
    for (String line : event.split("\n")) {
      if (!line.startsWith("data:")) {
        continue;
      }
      String data = line.substring(5).strip();
      if (data.equals("[DONE]")) {
        done = true;
        continue;
      }
      JsonObject chunk;
      try (var reader = JSON.createReader(new StringReader(data))) {
        chunk = reader.readObject();
      } catch (RuntimeException e) {
        continue;
      }
      chunk(chunk);
    }
  }

  private void chunk(JsonObject chunk) {
    if (chunk.get("error") instanceof JsonObject e) {
      error = e.getString("message", "the model's stream broke off");
      return;
    }
    if (chunk.get("usage") instanceof JsonObject u) {
      usage = new long[] {u.getInt("prompt_tokens", 0), u.getInt("completion_tokens", 0)};
    }
    if (!(chunk.get("choices") instanceof JsonArray choices) || choices.isEmpty()) {
      return;
    }
    JsonObject choice = choices.getJsonObject(0);
    if (choice.get("finish_reason") instanceof JsonString f) {
      finishReason = f.getString();
    }
    if (!(choice.get("delta") instanceof JsonObject delta)) {
      return;
    }
    if (delta.get("content") instanceof JsonString content && !content.getString().isEmpty()) {
      text(content.getString());
    }
    if (delta.get("tool_calls") instanceof JsonArray toolCalls) {
      for (JsonValue v : toolCalls) {
        call(v.asJsonObject());
      }
    }
  }

  private void text(String delta) {
    if (message == null) {
      message = new Item(items.size(), ResponseItems.id("msg_"), null, null);
      items.add(message);
      emit(
          "response.output_item.added",
          JSON.createObjectBuilder()
              .add("output_index", message.index)
              .add(
                  "item",
                  JSON.createObjectBuilder()
                      .add("type", "message")
                      .add("id", message.id)
                      .add("status", "in_progress")
                      .add("role", "assistant")
                      .add("content", JsonValue.EMPTY_JSON_ARRAY)));
      emit("response.content_part.added", part(message).add("part", textPart("")));
    }
    message.text.append(delta);
    emit("response.output_text.delta", part(message).add("delta", delta));
  }

  private void call(JsonObject toolCall) {
    int index = toolCall.getInt("index", 0);
    JsonObject function =
        toolCall.get("function") instanceof JsonObject f ? f : JsonValue.EMPTY_JSON_OBJECT;
    while (calls.size() <= index) {
      calls.add(null);
    }
    Item call = calls.get(index);
    if (call == null) {
      String callId = toolCall.getString("id", ResponseItems.id("call_"));
      call =
          new Item(
              items.size(),
              "fc_" + callId.replaceFirst("^call_", ""),
              callId,
              function.getString("name", ""));
      calls.set(index, call);
      items.add(call);
      emit(
          "response.output_item.added",
          JSON.createObjectBuilder()
              .add("output_index", call.index)
              .add("item", functionCall(call, "in_progress")));
    }
    String arguments = function.getString("arguments", "");
    if (!arguments.isEmpty()) {
      call.text.append(arguments);
      emit(
          "response.function_call_arguments.delta",
          JSON.createObjectBuilder()
              .add("item_id", call.id)
              .add("output_index", call.index)
              .add("delta", arguments));
    }
  }

  @Override
  public CompletableFuture<byte[]> finish() {
    out = new StringBuilder();
    begin();
    if (partial.size() > 0) {
      event(partial.toString(StandardCharsets.UTF_8));
      partial.reset();
    }
    boolean broken = error != null || !done;
    ResponseObject.Status status =
        broken
            ? ResponseObject.Status.FAILED
            : "length".equals(finishReason)
                ? ResponseObject.Status.CUT_SHORT
                : ResponseObject.Status.COMPLETED;
    String itemStatus = status == ResponseObject.Status.FAILED ? "incomplete" : "completed";
    for (Item item : items) {
      if (item.callId == null) {
        String text = item.text.toString();
        emit("response.output_text.done", part(item).add("text", text));
        emit("response.content_part.done", part(item).add("part", textPart(text)));
      } else {
        emit(
            "response.function_call_arguments.done",
            JSON.createObjectBuilder()
                .add("item_id", item.id)
                .add("output_index", item.index)
                .add("arguments", item.text.toString()));
      }
      emit(
          "response.output_item.done",
          JSON.createObjectBuilder()
              .add("output_index", item.index)
              .add("item", output(item, itemStatus)));
    }
    if (broken) {
      String message = error != null ? error : "the model's stream ended before its end";
      emit(
          "error",
          JSON.createObjectBuilder()
              .add("code", "server_error")
              .add("message", message)
              .add("param", JsonValue.NULL));
      error = message;
    }
    JsonObject response = snapshot(status, usage == null ? new long[] {0, 0} : usage);
    String before = out.toString();
    CompletableFuture<Void> kept =
        broken ? CompletableFuture.completedFuture(null) : keeper.apply(response);
    return kept.handle(
        (v, e) -> {
          out = new StringBuilder(before);
          String last =
              switch (status) {
                case COMPLETED, CUT_SHORT -> "response.completed";
                default -> "response.failed";
              };
          emit(
              last,
              JSON.createObjectBuilder()
                  .add("response", e == null ? response : ResponseObject.unkept(response)));
          return out.toString().getBytes(StandardCharsets.UTF_8);
        });
  }

  private JsonObject snapshot(ResponseObject.Status status, long[] tokens) {
    JsonArrayBuilder output = JSON.createArrayBuilder();
    String itemStatus = status == ResponseObject.Status.FAILED ? "incomplete" : "completed";
    if (status != ResponseObject.Status.IN_PROGRESS) {
      items.forEach(i -> output.add(output(i, itemStatus)));
    }
    return ResponseObject.of(
        id,
        createdAt,
        request,
        stored && status != ResponseObject.Status.FAILED,
        status,
        output.build(),
        tokens,
        status == ResponseObject.Status.FAILED ? error : null);
  }

  private JsonObject output(Item item, String status) {
    return item.callId == null
        ? ResponseItems.textMessage(item.id, item.text.toString(), status)
        : functionCall(item, status);
  }

  private static JsonObject functionCall(Item call, String status) {
    return ResponseItems.functionCall(
        call.id, call.callId, call.name, call.text.toString(), status);
  }

  private static JsonObjectBuilder part(Item item) {
    return JSON.createObjectBuilder()
        .add("item_id", item.id)
        .add("output_index", item.index)
        .add("content_index", 0);
  }

  private static JsonObject textPart(String text) {
    return JSON.createObjectBuilder()
        .add("type", "output_text")
        .add("text", text)
        .add("annotations", JsonValue.EMPTY_JSON_ARRAY)
        .build();
  }

  /** One Responses API event: its type named on the {@code event:} line and in its data. */
  private void emit(String type, JsonObjectBuilder data) {
    data.add("type", type).add("sequence_number", sequence++);
    out.append("event: ").append(type).append("\ndata: ").append(data.build()).append("\n\n");
  }
}
