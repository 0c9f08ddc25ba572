package org.slurmllm.worker;

import static org.slurmllm.worker.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * OpenAI's embeddings format: {@code input} as a string, strings, a token array or token arrays;
 * {@code encoding_format} {@code float} or {@code base64} (little-endian float32, what the official
 * SDKs decode); {@code dimensions} only where the model has them.
 */
final class EmbeddingProtocol {

  /** OpenAI's bound on the inputs of one request. */
  static final int MOST_INPUTS = 2048;

  private EmbeddingProtocol() {}

  /** One request, its inputs as texts (token arrays decoded by the model's tokenizer). */
  record Request(List<String> inputs, boolean base64) {}

  static Request parse(JsonObject body, Embedder embedder) {
    JsonValue input = body.get("input");
    List<String> texts = new ArrayList<>();
    if (input instanceof JsonString s) {
      texts.add(nonEmpty(s.getString(), 0));
    } else if (input instanceof JsonArray a && !a.isEmpty()) {
      if (a.size() > MOST_INPUTS) {
        throw bad("input", "input may have at most " + MOST_INPUTS + " items, not " + a.size());
      }
      if (a.get(0) instanceof JsonNumber) {
        texts.add(embedder.decode(tokens(a, 0)));
      } else {
        for (int i = 0; i < a.size(); i++) {
          JsonValue item = a.get(i);
          if (item instanceof JsonString s) {
            texts.add(nonEmpty(s.getString(), i));
          } else if (item instanceof JsonArray t && !t.isEmpty()) {
            texts.add(embedder.decode(tokens(t, i)));
          } else {
            throw bad("input", "input[" + i + "] must be a non-empty string or token array");
          }
        }
      }
    } else {
      throw bad("input", "input must be a string, an array of strings or token arrays");
    }
    String format = body.getString("encoding_format", "float");
    if (!format.equals("float") && !format.equals("base64")) {
      throw bad("encoding_format", "encoding_format must be float or base64, not '" + format + "'");
    }
    if (body.containsKey("dimensions") && !body.isNull("dimensions")) {
      if (!(body.get("dimensions") instanceof JsonNumber n)
          || !n.isIntegral()
          || n.intValue() < 1) {
        throw bad("dimensions", "dimensions must be a positive whole number");
      }
      if (n.intValue() != embedder.dimensions()) {
        throw bad(
            "dimensions",
            "This model has "
                + embedder.dimensions()
                + " dimensions and cannot shorten its vectors; leave dimensions out or set it to "
                + embedder.dimensions()
                + ".");
      }
    }
    for (int i = 0; i < texts.size(); i++) {
      int tokens = embedder.countTokens(texts.get(i));
      if (tokens > embedder.maxInputTokens()) {
        throw new OpenAiProtocol.BadRequest(
            "input",
            "input["
                + i
                + "] has "
                + tokens
                + " tokens; this model takes at most "
                + embedder.maxInputTokens()
                + ".",
            "context_length_exceeded");
      }
    }
    return new Request(texts, format.equals("base64"));
  }

  private static String nonEmpty(String text, int index) {
    if (text.isEmpty()) {
      throw bad("input", "input[" + index + "] is empty");
    }
    return text;
  }

  private static List<Integer> tokens(JsonArray array, int index) {
    List<Integer> tokens = new ArrayList<>(array.size());
    for (JsonValue v : array) {
      if (!(v instanceof JsonNumber n)
          || !n.isIntegral()
          || n.longValue() < 0
          || n.longValue() > Integer.MAX_VALUE) {
        throw bad("input", "input[" + index + "] must hold token ids (whole numbers >= 0)");
      }
      tokens.add(n.intValue());
    }
    return tokens;
  }

  private static OpenAiProtocol.BadRequest bad(String param, String message) {
    return new OpenAiProtocol.BadRequest(param, message);
  }

  /** The answer: one embedding per input, in order. */
  static JsonObject response(String model, Embedder.Embedded embedded, boolean base64) {
    JsonArrayBuilder data = JSON.createArrayBuilder();
    for (int i = 0; i < embedded.vectors().size(); i++) {
      float[] v = embedded.vectors().get(i);
      var item = JSON.createObjectBuilder().add("object", "embedding").add("index", i);
      if (base64) {
        item.add("embedding", base64(v));
      } else {
        JsonArrayBuilder numbers = JSON.createArrayBuilder();
        for (float x : v) {
          numbers.add((double) x);
        }
        item.add("embedding", numbers);
      }
      data.add(item);
    }
    return JSON.createObjectBuilder()
        .add("object", "list")
        .add("data", data)
        .add("model", model)
        .add(
            "usage",
            JSON.createObjectBuilder()
                .add("prompt_tokens", embedded.promptTokens())
                .add("total_tokens", embedded.promptTokens()))
        .build();
  }

  static String base64(float[] v) {
    ByteBuffer bytes = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      bytes.putFloat(x);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
