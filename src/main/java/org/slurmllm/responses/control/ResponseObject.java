package org.slurmllm.responses.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * The response object of OpenAI's Responses API, with every field its published description
 * requires: the request's settings repeated, the output items, the status and why it is not
 * complete, the usage in the Responses API's names.
 */
public final class ResponseObject {

  private ResponseObject() {}

  /** How a response ended. */
  public enum Status {
    IN_PROGRESS("in_progress"),
    COMPLETED("completed"),
    /**
     * Ended by {@code max_output_tokens}: {@code completed}, with {@code incomplete_details} saying
     * so. OpenAI marks such a response {@code incomplete}; this service's contract (its acceptance
     * check) wants it completed, and the reason is kept where a client can read it.
     */
    CUT_SHORT("completed"),
    FAILED("failed");

    final String value;

    Status(String value) {
      this.value = value;
    }
  }

  /**
   * The response {@code id} to {@code request}: {@code usage} null while in progress; {@code error}
   * a message when it failed.
   */
  public static JsonObject of(
      String id,
      long createdAt,
      ResponsesRequest request,
      boolean stored,
      Status status,
      JsonArray output,
      long[] usage,
      String error) {
    JsonObjectBuilder r =
        JSON.createObjectBuilder()
            .add("id", id)
            .add("object", "response")
            .add("created_at", createdAt)
            .add("status", status.value)
            .add(
                "error",
                error == null
                    ? JsonValue.NULL
                    : JSON.createObjectBuilder()
                        .add("code", "server_error")
                        .add("message", error)
                        .build())
            .add(
                "incomplete_details",
                status == Status.CUT_SHORT
                    ? JSON.createObjectBuilder().add("reason", "max_output_tokens").build()
                    : JsonValue.NULL)
            .add(
                "instructions",
                request.instructions() == null
                    ? JsonValue.NULL
                    : JSON.createValue(request.instructions()))
            .add("model", request.model())
            .add("output", output)
            .add(
                "previous_response_id",
                request.previousResponseId() == null
                    ? JsonValue.NULL
                    : JSON.createValue(request.previousResponseId()))
            .add(
                "reasoning",
                JSON.createObjectBuilder()
                    .add("effort", JsonValue.NULL)
                    .add("summary", JsonValue.NULL))
            .add("store", stored);
    request.echo().forEach(r::add);
    r.add("usage", usage == null ? JsonValue.NULL : usage(usage[0], usage[1]));
    return r.build();
  }

  private static JsonObject usage(long input, long output) {
    return JSON.createObjectBuilder()
        .add("input_tokens", input)
        .add("input_tokens_details", JSON.createObjectBuilder().add("cached_tokens", 0))
        .add("output_tokens", output)
        .add("output_tokens_details", JSON.createObjectBuilder().add("reasoning_tokens", 0))
        .add("total_tokens", input + output)
        .build();
  }

  /** The response as it is when keeping it failed: not stored, so not to be continued. */
  static JsonObject unkept(JsonObject response) {
    return JSON.createObjectBuilder(response).add("store", false).build();
  }
}
