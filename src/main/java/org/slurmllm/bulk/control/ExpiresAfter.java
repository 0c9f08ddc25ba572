package org.slurmllm.bulk.control;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.slurmllm.rest.FieldProblems;

/**
 * OpenAI's {@code expires_after} (a file) and {@code output_expires_after} (a batch's output and
 * error files): {@code {"anchor":"created_at","seconds":N}}, N from one hour to 30 days as in
 * OpenAI's API. Pure: parsed from JSON or from form fields, every problem noted under the field's
 * name.
 */
public record ExpiresAfter(long seconds) {

  public static final long MIN_SECONDS = 3600;
  public static final long MAX_SECONDS = 2_592_000;

  /** From a JSON body's field; null when it is absent (or null). */
  public static ExpiresAfter of(JsonValue value, String field, FieldProblems problems) {
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (!(value instanceof JsonObject o)) {
      problems.add(field, field + ": an object {\"anchor\":\"created_at\",\"seconds\":N}");
      return null;
    }
    String anchor = o.get("anchor") instanceof JsonString s ? s.getString() : null;
    String seconds =
        o.get("seconds") instanceof JsonNumber n
            ? n.toString()
            : o.get("seconds") instanceof JsonString s ? "not a number: " + s.getString() : null;
    return check(anchor, seconds, field, field + ".anchor", field + ".seconds", problems);
  }

  /** From an upload's form fields {@code field[anchor]} and {@code field[seconds]} (or null). */
  public static ExpiresAfter ofForm(
      String anchor, String seconds, String field, FieldProblems problems) {
    if (anchor == null && seconds == null) {
      return null;
    }
    return check(anchor, seconds, field, field + "[anchor]", field + "[seconds]", problems);
  }

  private static ExpiresAfter check(
      String anchor,
      String seconds,
      String field,
      String anchorName,
      String secondsName,
      FieldProblems problems) {
    boolean ok = true;
    if (!"created_at".equals(anchor)) {
      problems.add(field, anchorName + ": must be 'created_at'");
      ok = false;
    }
    long value = -1;
    try {
      value = seconds == null ? -1 : Long.parseLong(seconds.strip());
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < MIN_SECONDS || value > MAX_SECONDS) {
      problems.add(
          field,
          secondsName
              + ": an integer from "
              + MIN_SECONDS
              + " to "
              + MAX_SECONDS
              + " (one hour to 30 days)");
      ok = false;
    }
    return ok ? new ExpiresAfter(value) : null;
  }
}
