package org.slurmllm.access.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An API key as stored: its SHA-256 hash (the key itself is shown once, at creation, and never
 * kept), the visible prefix that tells keys apart, the role, the tenant and the limits.
 */
@Entity
@Table(name = "api_keys", schema = "app")
public class ApiKey {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "tenant_id", updatable = false)
  public Long tenantId;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false, updatable = false)
  public String role;

  @Column(nullable = false, updatable = false)
  public String prefix;

  @Column(nullable = false, updatable = false)
  public byte[] hash;

  @Column(name = "requests_per_minute")
  public Integer requestsPerMinute;

  @Column(name = "tokens_per_minute")
  public Integer tokensPerMinute;

  @Column(name = "token_budget")
  public Long tokenBudget;

  /** Requests of this key in flight at once (each gateway its share); null: no bound. */
  @Column(name = "max_concurrent_requests")
  public Integer maxConcurrentRequests;

  /** The highest service tier its requests may ask for. */
  @Column(name = "max_service_tier", nullable = false)
  public String maxServiceTier = ServiceTier.DEFAULT.value();

  /** The tier of its requests that name none, or {@code auto}. */
  @Column(name = "default_service_tier", nullable = false)
  public String defaultServiceTier = ServiceTier.DEFAULT.value();

  /** Maintained by the usage ledger's writer with an update of its own. */
  @Column(name = "tokens_used", insertable = false, updatable = false)
  public long tokensUsed;

  @Column(name = "expires_at")
  public Instant expiresAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  /** Who revoked it: the audit log's name of the caller, or SLURMLLM_ADMIN_KEY (replaced). */
  @Column(name = "revoked_by")
  public String revokedBy;

  @Column(nullable = false, updatable = false)
  public boolean bootstrap;

  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;
}
