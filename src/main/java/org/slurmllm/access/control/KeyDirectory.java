package org.slurmllm.access.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slurmllm.access.entity.ContentPolicy;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.QueueRights;
import org.slurmllm.access.entity.Role;
import org.slurmllm.access.entity.ServiceTier;
import org.slurmllm.database.SqlTimes;
import org.slurmllm.fleet.boundary.Fleet;

/**
 * The usable keys, in memory, by hash: a request is authenticated and its limits checked without
 * the database. Reloaded every few seconds (keys made, changed or revoked through another gateway)
 * and at once after a change through this one.
 */
@ApplicationScoped
public class KeyDirectory {

  /** A usable key: who it stands for, until when, and its allowances. */
  public record Entry(Principal principal, Instant expiresAt, KeyLimits limits) {
    public boolean expired(Instant now) {
      return expiresAt != null && !now.isBefore(expiresAt);
    }
  }

  private static final HexFormat HEX = HexFormat.of();

  @Inject Fleet fleet;
  @PersistenceContext EntityManager em;

  private volatile Map<String, Entry> byHash = Map.of();
  private volatile Map<Long, Entry> byId = Map.of();
  private volatile boolean loaded;
  private final Map<Long, KeyLimits> limits = new ConcurrentHashMap<>();

  /** The key's entry, or null if it is unknown or revoked. */
  public Entry find(String key) {
    return byHash.get(HEX.formatHex(KeyMaterial.hash(key)));
  }

  /** The allowances of a key (for charging the tokens of an answer), or null. */
  /** The key's principal, when it is not revoked. */
  public Optional<Principal> principal(long keyId) {
    Entry e = byId.get(keyId);
    return e == null ? Optional.empty() : Optional.of(e.principal());
  }

  public KeyLimits limits(long keyId) {
    return limits.get(keyId);
  }

  /**
   * Why work already accepted and charged to this key (a batch's next chunk, a tribunal's next
   * round) must not go on: the key was revoked or expired, or its budget is used up; else null.
   */
  public String stopReason(Long keyId) {
    if (keyId == null || !loaded) {
      return null; // work of no key; or not loaded yet: nothing known against it
    }
    Entry e = byId.get(keyId);
    if (e == null) {
      return "the key that started it was revoked";
    }
    if (e.expired(Instant.now())) {
      return "the key that started it expired";
    }
    return e.limits().budgetUsedUp() ? "the key's token budget is used up" : null;
  }

  /**
   * Why a key may no longer be used, in {@link org.slurmllm.access.boundary.KeyCheck}'s words: the
   * code {@code invalid_api_key} (revoked) or {@code expired_api_key}; null while it may. What a
   * live stream opened with the key asks at every tick: from memory, like the check of a request.
   */
  public String endCode(long keyId, Instant now) {
    if (!loaded) {
      return null; // nothing known against it yet
    }
    Entry e = byId.get(keyId);
    if (e == null) {
      return "invalid_api_key";
    }
    return e.expired(now) ? "expired_api_key" : null;
  }

  /**
   * Drops a revoked key at once (the next reload would too). Synchronized with the reload, so a
   * reload that read the key before its revocation committed cannot bring it back.
   */
  public synchronized void forget(long keyId) {
    Map<String, Entry> fresh = new HashMap<>(byHash);
    fresh.values().removeIf(e -> e.principal().keyId() == keyId);
    publish(fresh);
  }

  private void publish(Map<String, Entry> fresh) {
    byHash = Map.copyOf(fresh);
    Map<Long, Entry> ids = new HashMap<>();
    fresh.values().forEach(e -> ids.put(e.principal().keyId(), e));
    byId = Map.copyOf(ids);
    loaded = true;
  }

  /** Reloads every key that is not revoked: one small query. */
  public synchronized void refresh() {
    // read before the database: each charge counted here was committed before the query
    Map<Long, Long> writtenBefore = new HashMap<>();
    limits.forEach((id, l) -> writtenBefore.put(id, l.written()));
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select k.id, k.name, k.prefix, k.role, k.tenant_id, t.name, t.content_policy,"
                    + " k.hash, k.expires_at, k.requests_per_minute, k.tokens_per_minute,"
                    + " k.token_budget, k.tokens_used, k.max_concurrent_requests,"
                    + " coalesce(t.weight, 1), k.max_service_tier, k.default_service_tier"
                    + " from app.api_keys k left join app.tenants t on t.id = k.tenant_id"
                    + " where k.revoked_at is null")
            .getResultList();
    long now = System.nanoTime();
    Map<String, Entry> fresh = new HashMap<>();
    for (Object[] row : rows) {
      long id = ((Number) row[0]).longValue();
      Long tenantId = row[4] == null ? null : ((Number) row[4]).longValue();
      Principal principal =
          new Principal(
              id,
              (String) row[1],
              (String) row[2],
              Role.of((String) row[3]),
              tenantId,
              (String) row[5],
              row[6] == null ? ContentPolicy.NONE : ContentPolicy.of((String) row[6]),
              new QueueRights(
                  ((Number) row[14]).doubleValue(),
                  ServiceTier.of((String) row[15]),
                  ServiceTier.of((String) row[16])));
      // each gateway its share of the limits: they hold for all gateways together
      KeyLimits.Settings settings =
          new KeyLimits.Settings(
              row[9] == null ? null : fleet.share(((Number) row[9]).intValue()),
              row[10] == null ? null : fleet.share(((Number) row[10]).intValue()),
              row[11] == null ? null : ((Number) row[11]).longValue(),
              row[13] == null ? null : fleet.share(((Number) row[13]).intValue()));
      long used = ((Number) row[12]).longValue();
      long before = writtenBefore.getOrDefault(id, 0L);
      KeyLimits keyLimits =
          limits.compute(
              id,
              (k, old) -> {
                KeyLimits l = old == null ? new KeyLimits(settings, used, now) : old;
                l.update(settings, used, before, fleet::share, now);
                return l;
              });
      fresh.put(
          HEX.formatHex((byte[]) row[7]),
          new Entry(principal, SqlTimes.instant(row[8]), keyLimits));
    }
    publish(fresh);
  }
}
