package org.slurmllm.rest;

import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A body that is not JSON, or JSON of the wrong shape, arrives here from the JSON-B reader. The
 * parser's own words say where it broke, so they go into the message; JSON-B's wrapping of them
 * ("Internal error: ...") does not, as the fault is the client's body, not the server.
 */
@Provider
public class MalformedBodyMapper implements ExceptionMapper<ProcessingException> {

  @Override
  public Response toResponse(ProcessingException e) {
    return invalidJson(message(e));
  }

  /** OpenAI's 400 for a body that cannot be read, with the parser's words. */
  static Response invalidJson(String message) {
    return Response.status(Response.Status.BAD_REQUEST)
        .type(MediaType.APPLICATION_JSON)
        .entity(ApiError.of(message, "invalid_request_error", null, "invalid_json"))
        .build();
  }

  /** Malformed JSON (the parser broke) or JSON that is not this endpoint's shape. */
  static String message(ProcessingException e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof JsonParsingException syntax) {
        return malformed(syntax);
      }
    }
    return "Request body is not valid JSON for this endpoint: " + rootMessage(e);
  }

  /** The body is not JSON at all (cut short, a stray character): where the parser broke. */
  public static String malformed(JsonParsingException e) {
    return "Request body is malformed JSON: "
        + (e.getMessage() == null ? "it cannot be parsed" : e.getMessage());
  }

  /** The parser's messages from outermost to root, e.g. which property, then why. */
  static String rootMessage(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e.getCause() == null ? e : e.getCause(); t != null; t = t.getCause()) {
      String message = withoutWrapping(t.getMessage());
      if (message != null && !text.toString().contains(message)) {
        text.append(text.isEmpty() ? "" : ": ").append(message);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return text.isEmpty() ? e.getClass().getSimpleName() : text.toString();
  }

  /** JSON-B's "Internal error: " before the words of what it wraps: not the server's fault. */
  private static String withoutWrapping(String message) {
    String wrapper = "Internal error: ";
    return message != null && message.startsWith(wrapper)
        ? message.substring(wrapper.length())
        : message;
  }
}
