package org.slurmllm.rest;

import static java.nio.charset.StandardCharsets.UTF_8;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;

/**
 * A request body the JSON-P reader cannot read (endpoints that take a {@code JsonObject}) is the
 * client's malformed JSON: a 400 with the parser's words. Caught around the reading itself, so a
 * body cut short, empty or not JSON at all never reaches the last-resort mapper as an "internal
 * error", and JSON the server reads elsewhere (stored documents) is not taken for the client's.
 */
@Provider
public class JsonBodyErrors implements ReaderInterceptor {

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    if (JsonValue.class.isAssignableFrom(context.getType())) {
      lookAtTheStart(context);
    } else if (isJson(context)) {
      checkSyntax(context);
    }
    try {
      return context.proceed();
    } catch (JsonParsingException e) {
      throw malformed(MalformedBodyMapper.malformed(e));
    } catch (JsonException e) {
      throw malformed("Request body is malformed JSON: " + e.getMessage());
    }
  }

  /**
   * The parser's words for an empty body ("Cannot auto-detect encoding") or an array where an
   * object belongs (a parser state) say nothing a client can act on: the first character does.
   */
  private static void lookAtTheStart(ReaderInterceptorContext context) throws IOException {
    InputStream in = context.getInputStream();
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      seen.write(b);
      if (!Character.isWhitespace(b)) {
        break;
      }
    }
    if (b == -1) {
      throw malformed("A JSON request body is required.");
    }
    boolean otherValue = b == '[' || b == '"' || b == '-' || Character.isDigit(b);
    if (otherValue && JsonObject.class.isAssignableFrom(context.getType())) {
      throw malformed("Request body must be a JSON object.");
    }
    context.setInputStream(
        new SequenceInputStream(new ByteArrayInputStream(seen.toByteArray()), in));
  }

  private static boolean isJson(ReaderInterceptorContext context) {
    var type = context.getMediaType();
    return type != null
        && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"))
        && !String.class.equals(context.getType())
        && !byte[].class.equals(context.getType());
  }

  /**
   * Reads the whole body through JSON-P's parser before JSON-B binds it: Yasson skips a field the
   * target does not know with Parsson's skipping parser, which spins for good on a body that ends
   * inside that field's array or object ({"zzz":[), one request holding a thread at full CPU. The
   * body is already bounded (SLURMLLM_MAX_JSON_BYTES), so holding it costs little.
   */
  static void checkSyntax(ReaderInterceptorContext context) throws IOException {
    byte[] body = context.getInputStream().readAllBytes();
    checkSyntax(body);
    context.setInputStream(new ByteArrayInputStream(body));
  }

  /** Walks every token of the body; a body that is not one whole JSON value is a 400. */
  static void checkSyntax(byte[] body) {
    if (body.length == 0 || new String(body, UTF_8).isBlank()) {
      throw malformed("A JSON request body is required.");
    }
    try (JsonParser parser =
        Json.createParser(new InputStreamReader(new ByteArrayInputStream(body), UTF_8))) {
      int depth = 0;
      boolean seenValue = false;
      while (parser.hasNext()) {
        JsonParser.Event event = parser.next();
        switch (event) {
          case START_ARRAY, START_OBJECT -> depth++;
          case END_ARRAY, END_OBJECT -> depth--;
          default -> {}
        }
        seenValue = true;
      }
      if (!seenValue || depth != 0) {
        throw malformed("Request body is malformed JSON: it ends before its last value does.");
      }
    } catch (JsonParsingException e) {
      throw malformed(MalformedBodyMapper.malformed(e));
    } catch (JsonException e) {
      throw malformed("Request body is malformed JSON: " + e.getMessage());
    }
  }

  private static ApiException malformed(String message) {
    return new ApiException(
        Status.BAD_REQUEST, "invalid_request_error", "invalid_json", null, message);
  }
}
