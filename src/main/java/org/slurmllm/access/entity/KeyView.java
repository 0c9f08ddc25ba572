package org.slurmllm.access.entity;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An API key as the API and the audit log show it: never its hash, and the key itself only in the
 * answer to its creation. Fields without a value are null (no limit, no expiry, not revoked).
 */
@Schema(name = "Key")
@JsonbNillable
@JsonbPropertyOrder({
  "id",
  "name",
  "prefix",
  "role",
  "tenant",
  "requestsPerMinute",
  "tokensPerMinute",
  "tokenBudget",
  "tokensUsed",
  "maxConcurrentRequests",
  "maxServiceTier",
  "defaultServiceTier",
  "expiresAt",
  "revokedAt",
  "createdAt",
  "key"
})
public record KeyView(
    @Schema(example = "42") Long id,
    @Schema(example = "portal") String name,
    @Schema(description = "The part of the key shown in lists and the audit log.") String prefix,
    @Schema(enumeration = {"user", "auditor", "admin"}) String role,
    @Schema(description = "The tenant's name; null for keys of no tenant.") String tenant,
    Integer requestsPerMinute,
    Integer tokensPerMinute,
    Long tokenBudget,
    long tokensUsed,
    Integer maxConcurrentRequests,
    @Schema(
            enumeration = {"priority", "default", "flex"},
            description = "The highest service_tier its requests may ask for.")
        String maxServiceTier,
    @Schema(
            enumeration = {"priority", "default", "flex"},
            description = "The service_tier of its requests that name none, or auto.")
        String defaultServiceTier,
    @Schema(description = "ISO-8601") String expiresAt,
    @Schema(description = "ISO-8601") String revokedAt,
    @Schema(description = "ISO-8601") String createdAt,
    @Schema(description = "The key itself: in the answer to its creation only, never again.")
        @JsonbNillable(false)
        String key) {

  /** The view of a stored key, its tenant named. */
  public static KeyView of(ApiKey k, String tenant) {
    return new KeyView(
        k.id,
        k.name,
        k.prefix,
        k.role,
        tenant,
        k.requestsPerMinute,
        k.tokensPerMinute,
        k.tokenBudget,
        k.tokensUsed,
        k.maxConcurrentRequests,
        k.maxServiceTier,
        k.defaultServiceTier,
        k.expiresAt == null ? null : k.expiresAt.toString(),
        k.revokedAt == null ? null : k.revokedAt.toString(),
        k.createdAt.toString(),
        null);
  }

  /** The same view with the key itself, for the answer to its creation. */
  public KeyView withKey(String key) {
    return new KeyView(
        id,
        name,
        prefix,
        role,
        tenant,
        requestsPerMinute,
        tokensPerMinute,
        tokenBudget,
        tokensUsed,
        maxConcurrentRequests,
        maxServiceTier,
        defaultServiceTier,
        expiresAt,
        revokedAt,
        createdAt,
        key);
  }
}
