package org.slurmllm.bulk.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.function.Predicate;
import org.slurmllm.responses.boundary.ResponsesInBulk;
import org.slurmllm.rest.ApiException;
import org.slurmllm.tribunal.entity.TribunalLimits;
import org.slurmllm.tribunal.entity.TribunalRequest;

/**
 * One line of a batch input file, checked: either a request to run (its {@code custom_id} and
 * model) or the reason it cannot run, in the words the error file gives. A pure function of the
 * line, the batch's endpoint and which models exist; duplicates are the caller's to find, as only
 * it has seen the other lines.
 */
public record InputLine(String customId, String model, String errorCode, String errorMessage) {

  /** The Responses API: its lines run as the chat completions they translate to. */
  public static final String RESPONSES = "/v1/responses";

  /** The endpoint of tribunals in bulk (not an OpenAI one: slurm-llm's). */
  public static final String TRIBUNALS = "/v1/tribunals";

  /** What a chunk of tribunal lines names as its "model": its lines run in the gateway. */
  public static final String TRIBUNAL_CHUNK = "(tribunals)";

  public boolean valid() {
    return errorCode == null;
  }

  static InputLine invalid(String customId, String code, String message) {
    return new InputLine(customId, null, code, message);
  }

  public static InputLine check(
      String line, String endpoint, Predicate<String> modelExists, TribunalLimits tribunals) {
    JsonObject json;
    try (JsonReader reader = JSON.createReader(new StringReader(line))) {
      json = reader.readObject();
    } catch (JsonParsingException e) {
      return invalid(
          customIdOfBroken(line),
          "invalid_json",
          "The line is not a JSON object: " + e.getMessage());
    } catch (RuntimeException e) {
      return invalid(customIdOfBroken(line), "invalid_json", "The line is not a JSON object.");
    }
    if (!(json.get("custom_id") instanceof JsonString id) || id.getString().isEmpty()) {
      return invalid(null, "missing_custom_id", "The line has no custom_id (a non-empty string).");
    }
    String customId = id.getString();
    if (!(json.get("method") instanceof JsonString method) || !method.getString().equals("POST")) {
      return invalid(customId, "invalid_method", "method must be POST.");
    }
    if (!(json.get("url") instanceof JsonString url) || !url.getString().equals(endpoint)) {
      return invalid(
          customId, "invalid_url", "url must be the batch's endpoint, " + endpoint + ".");
    }
    if (!(json.get("body") instanceof JsonObject body)) {
      return invalid(customId, "invalid_body", "body must be a JSON object.");
    }
    if (endpoint.equals(TRIBUNALS)) {
      try {
        TribunalRequest.of(body, modelExists, tribunals);
      } catch (ApiException e) {
        return invalid(customId, "invalid_tribunal", e.getMessage());
      }
      return new InputLine(customId, TRIBUNAL_CHUNK, null, null);
    }
    if (!(body.get("model") instanceof JsonString model) || model.getString().isEmpty()) {
      return invalid(customId, "missing_model", "body.model is required.");
    }
    if (!modelExists.test(model.getString())) {
      return invalid(
          customId, "model_not_found", "The model '" + model.getString() + "' does not exist.");
    }
    if (endpoint.equals(RESPONSES)) {
      try {
        ResponsesInBulk.chatLine(json);
      } catch (IllegalArgumentException e) {
        return invalid(customId, "invalid_body", e.getMessage());
      }
    }
    return new InputLine(customId, model.getString(), null, null);
  }

  /**
   * The {@code custom_id} of a line that is not whole JSON (cut short, a stray character, or only
   * its beginning when it was too long), read up to where it breaks: null if the line is no JSON
   * object or breaks before its id. The client then finds its request by id, not by line alone.
   */
  public static String customIdOfBroken(String text) {
    try (JsonParser parser = JSON.createParser(new StringReader(text))) {
      if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
        return null;
      }
      while (parser.next() == JsonParser.Event.KEY_NAME) {
        String key = parser.getString();
        JsonParser.Event value = parser.next();
        if (key.equals("custom_id")) {
          return value == JsonParser.Event.VALUE_STRING && !parser.getString().isEmpty()
              ? parser.getString()
              : null;
        }
        if (value == JsonParser.Event.START_OBJECT) {
          parser.skipObject();
        } else if (value == JsonParser.Event.START_ARRAY) {
          parser.skipArray();
        }
      }
      return null;
    } catch (RuntimeException e) {
      return null; // broke before the id: there is none to give
    }
  }

  /** The error file's line for this one (OpenAI's batch output format). */
  public String errorLine(String requestId) {
    return JSON.createObjectBuilder()
        .add("id", requestId)
        .add("custom_id", customId == null ? JsonValue.NULL : JSON.createValue(customId))
        .add("response", JsonValue.NULL)
        .add(
            "error", JSON.createObjectBuilder().add("code", errorCode).add("message", errorMessage))
        .build()
        .toString();
  }
}
