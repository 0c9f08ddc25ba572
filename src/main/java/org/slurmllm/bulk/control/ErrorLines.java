package org.slurmllm.bulk.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonObject;
import java.io.StringReader;

/**
 * Lines of a batch's error file, numbered: each names the input line it answers for ({@code line}
 * in its error object, as OpenAI's batch errors have it), so a client finds a refused line even
 * when it had no {@code custom_id}. Pure.
 */
final class ErrorLines {

  private ErrorLines() {}

  /**
   * The error line with {@code line} added to its error object: {@code error} when the gateway
   * refused or gave up the request, else the model server's {@code response.body.error}. A line
   * with neither (not JSON) is returned as it is.
   */
  static String numbered(String errorLine, int inputLine) {
    JsonObject json;
    try (var reader = JSON.createReader(new StringReader(errorLine))) {
      json = reader.readObject();
    } catch (RuntimeException e) {
      return errorLine;
    }
    if (json.get("error") instanceof JsonObject error) {
      return JSON.createObjectBuilder(json)
          .add("error", JSON.createObjectBuilder(error).add("line", inputLine))
          .build()
          .toString();
    }
    if (json.get("response") instanceof JsonObject response
        && response.get("body") instanceof JsonObject body
        && body.get("error") instanceof JsonObject error) {
      return JSON.createObjectBuilder(json)
          .add(
              "response",
              JSON.createObjectBuilder(response)
                  .add(
                      "body",
                      JSON.createObjectBuilder(body)
                          .add("error", JSON.createObjectBuilder(error).add("line", inputLine))))
          .build()
          .toString();
    }
    return errorLine;
  }
}
