package org.slurmllm.responses.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StreamedResponseTest {

  static final String TEXT_STREAM =
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Once\"}}]}\n\n"
          + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" upon\"}}]}\n\n"
          + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
          + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n"
          + "data: [DONE]\n\n";

  /** The events, as (type, data) of each, from the rewritten bytes. */
  static List<JsonObject> events(String sse) {
    List<JsonObject> events = new ArrayList<>();
    for (String event : sse.split("\n\n")) {
      String[] lines = event.split("\n");
      String type = lines[0].substring("event: ".length());
      JsonObject data = ResponsesRequestTest.json(lines[1].substring("data: ".length()));
      assertEquals(type, data.getString("type"));
      events.add(data);
    }
    return events;
  }

  static String run(StreamedResponse rewriter, String chat, int pieceSize) {
    StringBuilder out = new StringBuilder();
    byte[] bytes = chat.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += pieceSize) {
      byte[] piece = java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + pieceSize));
      out.append(new String(rewriter.rewrite(piece), StandardCharsets.UTF_8));
    }
    out.append(new String(rewriter.finish().join(), StandardCharsets.UTF_8));
    return out.toString();
  }

  static ResponsesRequest request() {
    return ResponsesRequestTest.parse("{\"model\":\"m\",\"input\":\"Once\",\"stream\":true}");
  }

  @Test
  void aTextStreamIsTheResponsesEventSequenceKeptBeforeItsLastEvent() {
    AtomicReference<JsonObject> kept = new AtomicReference<>();
    StreamedResponse rewriter =
        new StreamedResponse(
            "resp_1",
            1,
            request(),
            true,
            r -> {
              kept.set(r);
              return CompletableFuture.completedFuture(null);
            });
    List<JsonObject> events = events(run(rewriter, TEXT_STREAM, 7));
    List<String> types = events.stream().map(e -> e.getString("type")).toList();
    assertEquals(
        List.of(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.completed"),
        types);
    for (int i = 0; i < events.size(); i++) {
      assertEquals(i, events.get(i).getInt("sequence_number"));
    }
    assertEquals("Once upon", events.get(6).getString("text"));
    JsonObject completed = events.get(9).getJsonObject("response");
    assertEquals(completed, kept.get());
    assertEquals("completed", completed.getString("status"));
    assertEquals(7, completed.getJsonObject("usage").getInt("total_tokens"));
    assertEquals(
        "Once upon",
        completed
            .getJsonArray("output")
            .getJsonObject(0)
            .getJsonArray("content")
            .getJsonObject(0)
            .getString("text"));
  }

  @Test
  void aCallsArgumentsAreStreamedAsFunctionCallDeltas() {
    String chat =
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_9\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
            + "data: [DONE]\n\n";
    List<JsonObject> events =
        events(
            run(
                new StreamedResponse(
                    "resp_2", 1, request(), false, r -> CompletableFuture.completedFuture(null)),
                chat,
                1000));
    JsonObject added = events.get(2);
    assertEquals("response.output_item.added", added.getString("type"));
    assertEquals("function_call", added.getJsonObject("item").getString("type"));
    assertEquals("call_9", added.getJsonObject("item").getString("call_id"));
    assertEquals("response.function_call_arguments.delta", events.get(3).getString("type"));
    JsonObject done = events.get(5);
    assertEquals("response.function_call_arguments.done", done.getString("type"));
    assertEquals("{\"city\":\"Paris\"}", done.getString("arguments"));
    JsonObject completed = events.get(events.size() - 1).getJsonObject("response");
    assertEquals(
        "get_weather", completed.getJsonArray("output").getJsonObject(0).getString("name"));
  }

  @Test
  void aStreamThatBrokeOffFailsAndIsNotKept() {
    boolean[] kept = {false};
    String broken =
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Once\"}}]}\n\n"
            + "data: {\"error\":{\"message\":\"replica r1 stopped mid-stream\",\"type\":\"server_error\"}}\n\n";
    List<JsonObject> events =
        events(
            run(
                new StreamedResponse(
                    "resp_3",
                    1,
                    request(),
                    true,
                    r -> {
                      kept[0] = true;
                      return CompletableFuture.completedFuture(null);
                    }),
                broken,
                5));
    List<String> types = events.stream().map(e -> e.getString("type")).toList();
    assertTrue(types.contains("error"), types.toString());
    JsonObject failed = events.get(events.size() - 1);
    assertEquals("response.failed", failed.getString("type"));
    assertEquals(
        "replica r1 stopped mid-stream",
        failed.getJsonObject("response").getJsonObject("error").getString("message"));
    assertEquals(false, kept[0]);
  }
}
