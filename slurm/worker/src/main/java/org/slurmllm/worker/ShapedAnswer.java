package org.slurmllm.worker;

import static org.slurmllm.worker.JsonP.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * An engine's text read as the chat answer its request's {@link AnswerShape} asks for, piece by
 * piece: content, or function calls ({@code tool_calls}, their arguments streamed as they come).
 * When the model may choose (tools, auto), the first characters are held back until they show
 * whether the answer is a call ({@link AnswerShape#CALL_MARK}) or text.
 */
final class ShapedAnswer {

  private enum Reading {
    UNDECIDED,
    TEXT,
    CALLS
  }

  private static final SecureRandom IDS = new SecureRandom();

  private final StringBuilder held = new StringBuilder();
  private final StringBuilder content = new StringBuilder();
  private final List<String> callIds = new ArrayList<>();
  private final List<JsonObject> deltas = new ArrayList<>();
  private final ToolCallScanner scanner;
  private Reading reading;

  ShapedAnswer(AnswerShape shape) {
    this.scanner = new ToolCallScanner(new Deltas());
    if (shape instanceof AnswerShape.Tools tools) {
      reading = tools.forced() ? Reading.CALLS : Reading.UNDECIDED;
    } else {
      reading = Reading.TEXT;
    }
  }

  /** The stream deltas ({@code choices[0].delta} without its role) this piece of text makes. */
  List<JsonObject> feed(String piece) {
    deltas.clear();
    switch (reading) {
      case TEXT -> text(piece);
      case CALLS -> scanner.feed(piece);
      case UNDECIDED -> decide(piece);
    }
    return List.copyOf(deltas);
  }

  /** The deltas of what was held back when the text ended. */
  List<JsonObject> end() {
    deltas.clear();
    if (reading == Reading.UNDECIDED) {
      reading = Reading.TEXT;
      text(held.toString());
      held.setLength(0);
    }
    return List.copyOf(deltas);
  }

  private void decide(String piece) {
    held.append(piece);
    String start = held.toString().stripLeading();
    if (start.startsWith(AnswerShape.CALL_MARK)) {
      reading = Reading.CALLS;
      held.setLength(0);
      scanner.feed(start.substring(AnswerShape.CALL_MARK.length()));
    } else if (!AnswerShape.CALL_MARK.startsWith(start)) {
      reading = Reading.TEXT;
      String all = held.toString();
      held.setLength(0);
      text(all);
    }
  }

  private void text(String piece) {
    if (!piece.isEmpty()) {
      content.append(piece);
      deltas.add(JSON.createObjectBuilder().add("content", piece).build());
    }
  }

  /** Whether the answer calls functions. */
  boolean calls() {
    return reading == Reading.CALLS && scanner.any();
  }

  /** OpenAI's finish reason: the engine's, or {@code tool_calls} when calls were made whole. */
  String finishReason(String engineFinish) {
    return calls() && !engineFinish.equals("length") ? "tool_calls" : engineFinish;
  }

  /** The whole answer's {@code message}. */
  JsonObject message() {
    var message = JSON.createObjectBuilder().add("role", "assistant");
    if (calls()) {
      JsonArrayBuilder toolCalls = JSON.createArrayBuilder();
      List<ToolCallScanner.Call> made = scanner.calls();
      for (int i = 0; i < made.size(); i++) {
        ToolCallScanner.Call call = made.get(i);
        toolCalls.add(
            JSON.createObjectBuilder()
                .add("id", callId(i))
                .add("type", "function")
                .add(
                    "function",
                    JSON.createObjectBuilder()
                        .add("name", call.name() == null ? "" : call.name())
                        .add("arguments", call.arguments())));
      }
      message.add("content", JsonValue.NULL).add("tool_calls", toolCalls);
    } else {
      message.add("content", content.toString());
    }
    // refusal: OpenAI's published answer requires it (null when the model did not refuse)
    return message.add("refusal", JsonValue.NULL).build();
  }

  private String callId(int index) {
    while (callIds.size() <= index) {
      StringBuilder id = new StringBuilder("call_");
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
      for (int i = 0; i < 24; i++) {
        id.append(alphabet.charAt(IDS.nextInt(alphabet.length())));
      }
      callIds.add(id.toString());
    }
    return callIds.get(index);
  }

  /** Calls as OpenAI streams them: the first delta of a call has its id and name. */
  private final class Deltas implements ToolCallScanner.Listener {
    @Override
    public void started(int index, String name) {
      deltas.add(
          toolDelta(
              JSON.createObjectBuilder()
                  .add("index", index)
                  .add("id", callId(index))
                  .add("type", "function")
                  .add(
                      "function", JSON.createObjectBuilder().add("name", name).add("arguments", ""))
                  .build()));
    }

    @Override
    public void arguments(int index, String piece) {
      deltas.add(
          toolDelta(
              JSON.createObjectBuilder()
                  .add("index", index)
                  .add("function", JSON.createObjectBuilder().add("arguments", piece))
                  .build()));
    }

    private JsonObject toolDelta(JsonObject call) {
      return JSON.createObjectBuilder()
          .add("tool_calls", JSON.createArrayBuilder().add(call))
          .build();
    }
  }
}
