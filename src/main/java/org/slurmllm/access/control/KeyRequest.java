package org.slurmllm.access.control;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Set;
import java.util.function.Function;
import org.slurmllm.access.entity.Role;
import org.slurmllm.access.entity.ServiceTier;
import org.slurmllm.rest.ApiException;

/**
 * A key to create, or the changes to one, checked field by field (each wrong field a 400 naming
 * it). A field absent from a change is left as it is; null clears a limit or the expiry.
 */
public record KeyRequest(
    String name,
    Role role,
    String tenant,
    Field<Integer> requestsPerMinute,
    Field<Integer> tokensPerMinute,
    Field<Long> tokenBudget,
    Field<Integer> maxConcurrentRequests,
    Field<ServiceTier> maxServiceTier,
    Field<ServiceTier> defaultServiceTier,
    Field<Instant> expiresAt) {

  /** A field of a change: whether it was given, and its value (null clears it). */
  public record Field<T>(boolean given, T value) {
    static <T> Field<T> absent() {
      return new Field<>(false, null);
    }

    <U> Field<U> map(Function<T, U> f) {
      return new Field<>(given, value == null ? null : f.apply(value));
    }
  }

  private static final Set<String> KNOWN =
      Set.of(
          "name",
          "role",
          "tenant",
          "requestsPerMinute",
          "tokensPerMinute",
          "tokenBudget",
          "maxConcurrentRequests",
          "maxServiceTier",
          "defaultServiceTier",
          "expiresAt");

  public static KeyRequest toCreate(JsonObject json, Instant now) {
    KeyRequest r = parse(json, now);
    if (r.name == null) {
      throw ApiException.invalid("name", "name: required");
    }
    if (r.role == null) {
      throw ApiException.invalid("role", "role: required, one of user, auditor, admin");
    }
    if (r.role == Role.USER && r.tenant == null) {
      throw ApiException.invalid("tenant", "tenant: a user key belongs to a tenant");
    }
    return r;
  }

  public static KeyRequest toChange(JsonObject json, Instant now) {
    KeyRequest r = parse(json, now);
    if (json.containsKey("role") || json.containsKey("tenant")) {
      throw ApiException.invalid(
          json.containsKey("role") ? "role" : "tenant",
          "role and tenant of a key cannot change; make a new key");
    }
    return r;
  }

  private static KeyRequest parse(JsonObject json, Instant now) {
    if (json == null) {
      throw ApiException.invalid(null, "A JSON object is required.");
    }
    for (String field : json.keySet()) {
      if (!KNOWN.contains(field)) {
        throw ApiException.invalid(field, field + ": unknown field");
      }
    }
    String name = text(json, "name", 100); // the audit log names the caller by it (128 at most)
    String roleText = text(json, "role", 16);
    Role role = roleText == null ? null : Role.of(roleText);
    if (roleText != null && role == null) {
      throw ApiException.invalid("role", "role: one of user, auditor, admin");
    }
    return new KeyRequest(
        name,
        role,
        text(json, "tenant", 64),
        whole(json, "requestsPerMinute", 1, Integer.MAX_VALUE).map(Long::intValue),
        whole(json, "tokensPerMinute", 1, Integer.MAX_VALUE).map(Long::intValue),
        whole(json, "tokenBudget", 0, Long.MAX_VALUE),
        whole(json, "maxConcurrentRequests", 1, Integer.MAX_VALUE).map(Long::intValue),
        tier(json, "maxServiceTier"),
        tier(json, "defaultServiceTier"),
        expiry(json, now));
  }

  private static String text(JsonObject json, String field, int max) {
    JsonValue v = json.get(field);
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    if (!(v instanceof JsonString s) || s.getString().isBlank() || s.getString().length() > max) {
      throw ApiException.invalid(field, field + ": a non-empty string of at most " + max);
    }
    return s.getString();
  }

  private static Field<Long> whole(JsonObject json, String field, long min, long max) {
    if (!json.containsKey(field)) {
      return Field.absent();
    }
    JsonValue v = json.get(field);
    if (v == JsonValue.NULL) {
      return new Field<>(true, null);
    }
    if (!(v instanceof JsonNumber n)
        || !n.isIntegral()
        || n.bigIntegerValue().compareTo(BigInteger.valueOf(min)) < 0
        || n.bigIntegerValue().compareTo(BigInteger.valueOf(max)) > 0) {
      throw ApiException.invalid(
          field,
          field
              + ": a whole number from "
              + min
              + (max < Long.MAX_VALUE ? " to " + max : "")
              + ", or null");
    }
    return new Field<>(true, n.longValue());
  }

  /** A service tier given: null (or absent) is the default tier's. */
  private static Field<ServiceTier> tier(JsonObject json, String field) {
    if (!json.containsKey(field)) {
      return Field.absent();
    }
    JsonValue v = json.get(field);
    ServiceTier tier =
        v == JsonValue.NULL
            ? ServiceTier.DEFAULT
            : v instanceof JsonString s ? ServiceTier.of(s.getString()) : null;
    if (tier == null) {
      throw ApiException.invalid(field, field + ": one of priority, default, flex");
    }
    return new Field<>(true, tier);
  }

  private static Field<Instant> expiry(JsonObject json, Instant now) {
    if (!json.containsKey("expiresAt")) {
      return Field.absent();
    }
    JsonValue v = json.get("expiresAt");
    if (v == JsonValue.NULL) {
      return new Field<>(true, null);
    }
    Instant at;
    try {
      at =
          v instanceof JsonNumber n && n.isIntegral()
              ? Instant.ofEpochSecond(n.longValue())
              : v instanceof JsonString s ? Instant.parse(s.getString()) : null;
    } catch (DateTimeException e) {
      at = null;
    }
    if (at == null) {
      throw ApiException.invalid(
          "expiresAt", "expiresAt: an ISO-8601 instant (2027-01-31T00:00:00Z) or Unix seconds");
    }
    if (!at.isAfter(now)) {
      throw ApiException.invalid("expiresAt", "expiresAt: must be in the future");
    }
    return new Field<>(true, at);
  }
}
