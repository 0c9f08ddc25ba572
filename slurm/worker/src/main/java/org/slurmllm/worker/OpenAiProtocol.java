package org.slurmllm.worker;

import static org.slurmllm.worker.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI's chat and completions formats, read and written: requests into {@link GenerationRequest},
 * results and stream chunks into the JSON the official SDKs parse.
 */
final class OpenAiProtocol {

  static final int DEFAULT_MAX_TOKENS = 512;

  private OpenAiProtocol() {}

  /** A request the client got wrong: OpenAI's 400, naming the field, its code a word. */
  static final class BadRequest extends RuntimeException {
    final String param;
    final String code;

    BadRequest(String param, String message) {
      this(param, message, "invalid_value");
    }

    BadRequest(String param, String message, String code) {
      super(message);
      this.param = param;
      this.code = code;
    }
  }

  static GenerationRequest parse(JsonObject body, boolean chat) {
    List<GenerationRequest.Message> messages = null;
    String prompt = null;
    if (chat) {
      messages = ChatMessages.read(body.get("messages"));
    } else {
      prompt = prompt(body.get("prompt"));
    }
    int maxTokens =
        integer(body, "max_completion_tokens", integer(body, "max_tokens", DEFAULT_MAX_TOKENS));
    if (maxTokens < 1) {
      throw new BadRequest("max_tokens", "max_tokens must be at least 1");
    }
    double temperature = number(body, "temperature", 1.0);
    if (temperature < 0 || temperature > 2) {
      throw new BadRequest("temperature", "temperature must be between 0 and 2");
    }
    double topP = number(body, "top_p", 1.0);
    if (topP <= 0 || topP > 1) {
      throw new BadRequest("top_p", "top_p must be in (0, 1]");
    }
    Integer seed = body.get("seed") instanceof JsonNumber n ? n.intValue() : null;
    refuseUnsupported(body, chat);
    AnswerShape shape = chat ? AnswerShape.of(body) : AnswerShape.TEXT;
    return new GenerationRequest(
        prompt, messages, maxTokens, temperature, topP, stop(body.get("stop")), seed, shape);
  }

  /**
   * What this server does not do is refused rather than ignored: a client that asked for five
   * choices or for log-probabilities and got one choice without them would be misled.
   */
  private static void refuseUnsupported(JsonObject body, boolean chat) {
    JsonValue n = body.get("n");
    if (n != null
        && n != JsonValue.NULL
        && !(n instanceof JsonNumber k && k.isIntegral() && k.intValue() == 1)) {
      throw new BadRequest("n", "n: this server generates one choice per request; n must be 1");
    }
    JsonValue logprobs = body.get("logprobs");
    boolean asked =
        chat ? logprobs == JsonValue.TRUE : logprobs instanceof JsonNumber k && k.doubleValue() > 0;
    if (asked || body.get("top_logprobs") instanceof JsonNumber k && k.doubleValue() > 0) {
      throw new BadRequest("logprobs", "logprobs: this server does not return log-probabilities");
    }
    for (var field : UNSUPPORTED.entrySet()) {
      JsonValue v = body.get(field.getKey());
      if (v != null && v != JsonValue.NULL) {
        throw new BadRequest(
            field.getKey(), field.getKey() + ": " + field.getValue(), "unsupported_value");
      }
    }
    if (body.get("modalities") instanceof JsonArray m
        && !m.stream().allMatch(v -> v instanceof JsonString s && s.getString().equals("text"))) {
      throw new BadRequest(
          "modalities", "modalities: this server answers text only", "unsupported_value");
    }
    if (!chat && body.containsKey("response_format")) {
      throw new BadRequest(
          "response_format",
          "response_format: structured outputs are served on /v1/chat/completions",
          "unsupported_value");
    }
  }

  /**
   * Fields the worker's engines cannot honour, and why: refused, because answering without them
   * would mislead. Fields it does not know at all are accepted (the SDKs send extra ones).
   */
  private static final java.util.Map<String, String> UNSUPPORTED =
      java.util.Map.of(
          "logit_bias", "this server does not bias tokens",
          "audio", "this server answers text only",
          "prediction", "this server does not take predicted outputs",
          "web_search_options", "this server does not search the web",
          "functions", "the deprecated functions field is not supported; send tools",
          "function_call", "the deprecated function_call field is not supported; send tool_choice");

  static boolean stream(JsonObject body) {
    return body.get("stream") == JsonValue.TRUE;
  }

  static boolean includeUsage(JsonObject body) {
    return body.get("stream_options") instanceof JsonObject o
        && o.get("include_usage") == JsonValue.TRUE;
  }

  private static String prompt(JsonValue value) {
    if (value instanceof JsonString s) {
      return s.getString();
    }
    if (value instanceof JsonArray a && a.size() == 1 && a.get(0) instanceof JsonString s) {
      return s.getString();
    }
    throw new BadRequest("prompt", "prompt must be a string");
  }

  private static List<String> stop(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return List.of();
    }
    if (value instanceof JsonString s) {
      return List.of(s.getString());
    }
    if (value instanceof JsonArray a && a.size() <= 4) {
      List<String> stops = new ArrayList<>();
      for (JsonValue v : a) {
        if (!(v instanceof JsonString s)) {
          throw new BadRequest("stop", "stop must be a string or an array of up to 4 strings");
        }
        stops.add(s.getString());
      }
      return stops;
    }
    throw new BadRequest("stop", "stop must be a string or an array of up to 4 strings");
  }

  private static int integer(JsonObject body, String key, int fallback) {
    JsonValue v = body.get(key);
    if (v == null || v == JsonValue.NULL) {
      return fallback;
    }
    if (v instanceof JsonNumber n && n.isIntegral()) {
      return n.intValue();
    }
    throw new BadRequest(key, key + " must be an integer");
  }

  private static double number(JsonObject body, String key, double fallback) {
    JsonValue v = body.get(key);
    if (v == null || v == JsonValue.NULL) {
      return fallback;
    }
    if (v instanceof JsonNumber n) {
      return n.doubleValue();
    }
    throw new BadRequest(key, key + " must be a number");
  }

  static JsonObject usage(Engine.Result r) {
    return JSON.createObjectBuilder()
        .add("prompt_tokens", r.promptTokens())
        .add("completion_tokens", r.completionTokens())
        .add("total_tokens", r.promptTokens() + r.completionTokens())
        .build();
  }

  /**
   * A whole answer: a chat answer's message as {@code answer} read the engine's text (content or
   * calls), a completion's text as it is.
   */
  static JsonObject response(
      String id, String model, long created, boolean chat, Engine.Result r, ShapedAnswer answer) {
    JsonObjectBuilder choice = JSON.createObjectBuilder().add("index", 0);
    String finish = r.finishReason();
    if (chat) {
      choice.add("message", answer.message());
      finish = answer.finishReason(finish);
    } else {
      choice.add("text", r.text());
    }
    choice.add("logprobs", JsonValue.NULL).add("finish_reason", finish);
    return JSON.createObjectBuilder()
        .add("id", id)
        .add("object", chat ? "chat.completion" : "text_completion")
        .add("created", created)
        .add("model", model)
        .add("choices", JSON.createArrayBuilder().add(choice))
        .add("usage", usage(r))
        .build();
  }

  /** A whole answer of a request's shape, read from the engine's text. */
  static JsonObject response(
      String id, String model, long created, boolean chat, Engine.Result r, AnswerShape shape) {
    ShapedAnswer answer = new ShapedAnswer(shape);
    answer.feed(r.text());
    answer.end();
    return response(id, model, created, chat, r, answer);
  }

  /** One streamed chat piece: a delta as {@link ShapedAnswer} made it, the role on the first. */
  static JsonObject deltaChunk(
      String id, String model, long created, boolean first, JsonObject delta, String finish) {
    JsonObjectBuilder d = JSON.createObjectBuilder();
    if (first) {
      d.add("role", "assistant");
    }
    if (delta != null) {
      delta.forEach(d::add);
    }
    return JSON.createObjectBuilder()
        .add("id", id)
        .add("object", "chat.completion.chunk")
        .add("created", created)
        .add("model", model)
        .add(
            "choices",
            JSON.createArrayBuilder()
                .add(
                    JSON.createObjectBuilder()
                        .add("index", 0)
                        .add("delta", d)
                        .add("logprobs", JsonValue.NULL)
                        .add(
                            "finish_reason",
                            finish == null ? JsonValue.NULL : JSON.createValue(finish))))
        .build();
  }

  /** One streamed piece of a completion; {@code text} null with the finish reason at the end. */
  static JsonObject completionChunk(
      String id, String model, long created, String text, String finishReason) {
    JsonObjectBuilder choice =
        JSON.createObjectBuilder()
            .add("index", 0)
            .add("text", text == null ? "" : text)
            .add("logprobs", JsonValue.NULL)
            .add(
                "finish_reason",
                finishReason == null ? JsonValue.NULL : JSON.createValue(finishReason));
    return JSON.createObjectBuilder()
        .add("id", id)
        .add("object", "text_completion")
        .add("created", created)
        .add("model", model)
        .add("choices", JSON.createArrayBuilder().add(choice))
        .build();
  }

  /** The last chunk when the client asked for usage: no choices, only the counts. */
  static JsonObject usageChunk(
      String id, String model, long created, boolean chat, Engine.Result r) {
    return JSON.createObjectBuilder()
        .add("id", id)
        .add("object", chat ? "chat.completion.chunk" : "text_completion")
        .add("created", created)
        .add("model", model)
        .add("choices", JSON.createArrayBuilder())
        .add("usage", usage(r))
        .build();
  }

  static JsonObject error(String message, String type, String param, String code) {
    return JSON.createObjectBuilder()
        .add(
            "error",
            JSON.createObjectBuilder()
                .add("message", message)
                .add("type", type)
                .add("param", param == null ? JsonValue.NULL : JSON.createValue(param))
                .add("code", code == null ? JsonValue.NULL : JSON.createValue(code)))
        .build();
  }
}
