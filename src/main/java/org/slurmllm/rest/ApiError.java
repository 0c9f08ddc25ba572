package org.slurmllm.rest;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The one error body of the whole API, OpenAI's: {@code
 * {"error":{"message","type","param","code"}}}, so the official SDKs raise their usual exceptions
 * with our message. A 400 about fields of the request also lists them in {@code fields}, so a
 * client (the console) marks each one without taking the message apart.
 */
@Schema(name = "Error", description = "OpenAI's error body, used by every endpoint.")
public record ApiError(Detail error) {

  /** The fields OpenAI's SDKs read; {@code param} names the offending field, if any. */
  @Schema(name = "ErrorDetail")
  @JsonbNillable
  public record Detail(
      @Schema(example = "scaling.maxReplicas: must be at least minReplicas (2)") String message,
      @Schema(example = "invalid_request_error") String type,
      @Schema(
              example = "scaling.maxReplicas",
              nullable = true,
              description =
                  "The bad field; the admin API names every bad field here, comma-separated (see"
                      + " fields).")
          String param,
      @Schema(example = "invalid_value", nullable = true) String code,
      @Schema(
              description =
                  "Every bad field of a 400 about the request's fields, in the order found; absent"
                      + " otherwise.")
          @JsonbNillable(false)
          List<Field> fields) {}

  /** One bad field: its name as {@code param} gives it, and what is wrong with it. */
  @Schema(name = "ErrorField")
  public record Field(
      @Schema(example = "scaling.maxReplicas") String param,
      @Schema(example = "must be at least minReplicas (2)") String message) {

    /**
     * The field and the words about it, without the field's own name in front when the text starts
     * with it ({@code "limit: a number from 1 to 1000."} for {@code limit}).
     */
    public static Field of(String param, String text) {
      String prefix = param + ": ";
      return new Field(param, text.startsWith(prefix) ? text.substring(prefix.length()) : text);
    }
  }

  public static ApiError of(String message, String type, String param, String code) {
    return new ApiError(new Detail(message, type, param, code, null));
  }

  public static ApiError of(
      String message, String type, String param, String code, List<Field> fields) {
    return new ApiError(
        new Detail(message, type, param, code, fields == null || fields.isEmpty() ? null : fields));
  }

  /**
   * The fields of an error about one field: a 400 naming a {@code param} lists it; other errors (a
   * 404 of a named thing, a malformed body) list none.
   */
  public static List<Field> oneField(int status, String param, String message) {
    return status == 400 && param != null ? List.of(Field.of(param, message)) : null;
  }
}
