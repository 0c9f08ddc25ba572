package org.slurmllm.access.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response.Status;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.slurmllm.access.entity.AccessChanged;
import org.slurmllm.access.entity.ApiKey;
import org.slurmllm.access.entity.KeyView;
import org.slurmllm.access.entity.ServiceTier;
import org.slurmllm.access.entity.Tenant;
import org.slurmllm.rest.ApiException;

/**
 * API keys: made (the key returned once, only its hash kept), changed, revoked (kept, never
 * deleted, so the ledger and the audit log can always name them), each change audited.
 */
@ApplicationScoped
@Transactional
public class Keys {

  private static final Logger LOG = Logger.getLogger(Keys.class.getName());
  static final String AUDIT_TYPE = "key";
  static final String BOOTSTRAP_ACTOR = "SLURMLLM_ADMIN_KEY";

  /** A key just made: the stored record and the key itself, which is never seen again. */
  public record Created(ApiKey stored, String key) {}

  @PersistenceContext EntityManager em;
  @Inject Event<AccessChanged> changes; // audited by the history feature
  @Inject Tenants tenants;

  /** Newest first, those older than {@code after} when given; one more than the limit is read. */
  public List<ApiKey> page(Long after, int limitPlusOne) {
    return em.createQuery(
            "select k from ApiKey k where (:after is null or k.id < :after) order by k.id desc",
            ApiKey.class)
        .setParameter("after", after)
        .setMaxResults(limitPlusOne)
        .getResultList();
  }

  /** The key of that id, revoked or expired too, if there is one. */
  public Optional<ApiKey> find(long id) {
    return Optional.ofNullable(em.find(ApiKey.class, id));
  }

  public ApiKey get(long id) {
    ApiKey k = em.find(ApiKey.class, id);
    if (k == null) {
      throw unknown(id);
    }
    return k;
  }

  public Created create(KeyRequest request, String actor) {
    Tenant tenant = null;
    if (request.tenant() != null) {
      tenant =
          tenants
              .findForNewKey(request.tenant())
              .orElseThrow(
                  () ->
                      ApiException.invalid(
                          "tenant", "tenant: no tenant named '" + request.tenant() + "'"));
    }
    String key = KeyMaterial.generate();
    ApiKey k = new ApiKey();
    k.tenantId = tenant == null ? null : tenant.id;
    k.name = request.name();
    k.role = request.role().value();
    k.prefix = KeyMaterial.prefix(key);
    k.hash = KeyMaterial.hash(key);
    k.requestsPerMinute = request.requestsPerMinute().value();
    k.tokensPerMinute = request.tokensPerMinute().value();
    k.tokenBudget = request.tokenBudget().value();
    k.maxConcurrentRequests = request.maxConcurrentRequests().value();
    if (request.maxServiceTier().given()) {
      k.maxServiceTier = request.maxServiceTier().value().value();
    }
    if (request.defaultServiceTier().given()) {
      k.defaultServiceTier = request.defaultServiceTier().value().value();
    }
    tiersInOrder(k);
    k.expiresAt = request.expiresAt().value();
    k.createdAt = now();
    em.persist(k);
    em.flush();
    changes.fire(
        new AccessChanged(
            actor, "key.create", AUDIT_TYPE, k.id.toString(), null, view(k), k.tenantId));
    return new Created(k, key);
  }

  public ApiKey change(long id, KeyRequest change, String actor) {
    ApiKey k = get(id);
    if (k.revokedAt != null) {
      throw new ApiException(
          Status.CONFLICT, "invalid_request_error", "key_revoked", null, "The key is revoked.");
    }
    KeyView before = view(k);
    if (change.name() != null) {
      k.name = change.name();
    }
    if (change.requestsPerMinute().given()) {
      k.requestsPerMinute = change.requestsPerMinute().value();
    }
    if (change.tokensPerMinute().given()) {
      k.tokensPerMinute = change.tokensPerMinute().value();
    }
    if (change.tokenBudget().given()) {
      k.tokenBudget = change.tokenBudget().value();
    }
    if (change.maxConcurrentRequests().given()) {
      k.maxConcurrentRequests = change.maxConcurrentRequests().value();
    }
    if (change.maxServiceTier().given()) {
      k.maxServiceTier = change.maxServiceTier().value().value();
    }
    if (change.defaultServiceTier().given()) {
      k.defaultServiceTier = change.defaultServiceTier().value().value();
    }
    tiersInOrder(k);
    if (change.expiresAt().given()) {
      k.expiresAt = change.expiresAt().value();
    }
    em.flush();
    changes.fire(
        new AccessChanged(
            actor, "key.update", AUDIT_TYPE, k.id.toString(), before, view(k), k.tenantId));
    return k;
  }

  /** A key's default tier may not be above the highest it may use. */
  private static void tiersInOrder(ApiKey k) {
    if (ServiceTier.of(k.defaultServiceTier).rank() < ServiceTier.of(k.maxServiceTier).rank()) {
      throw ApiException.invalid(
          "defaultServiceTier",
          "defaultServiceTier: "
              + k.defaultServiceTier
              + " is above the key's maxServiceTier ("
              + k.maxServiceTier
              + ")");
    }
  }

  public ApiKey revoke(long id, String actor) {
    ApiKey k = get(id);
    if (k.revokedAt == null) {
      KeyView before = view(k);
      k.revokedAt = now();
      k.revokedBy = actor;
      em.flush();
      changes.fire(
          new AccessChanged(
              actor, "key.revoke", AUDIT_TYPE, k.id.toString(), before, view(k), k.tenantId));
    }
    return k;
  }

  /**
   * Makes the key from SLURMLLM_ADMIN_KEY a usable admin key. A different bootstrap key from an
   * earlier start is revoked (the variable was changed to replace it); a bootstrap key an admin
   * revoked stays revoked.
   */
  public void bootstrap(String key) {
    byte[] hash = KeyMaterial.hash(key);
    List<ApiKey> earlier =
        em.createQuery("select k from ApiKey k where k.bootstrap = true", ApiKey.class)
            .getResultList();
    boolean present = false;
    for (ApiKey k : earlier) {
      if (Arrays.equals(k.hash, hash)) {
        present = true;
        if (k.revokedAt != null && BOOTSTRAP_ACTOR.equals(k.revokedBy)) {
          // replaced by another value once, and the variable is back to it: usable again
          KeyView before = view(k);
          k.revokedAt = null;
          k.revokedBy = null;
          em.flush();
          changes.fire(
              new AccessChanged(
                  BOOTSTRAP_ACTOR,
                  "key.reinstate",
                  AUDIT_TYPE,
                  k.id.toString(),
                  before,
                  view(k),
                  null));
        } else if (k.revokedAt != null) {
          LOG.warning("the key in SLURMLLM_ADMIN_KEY was revoked by an admin; it stays revoked");
        }
      } else if (k.revokedAt == null) {
        revoke(k.id, BOOTSTRAP_ACTOR);
      }
    }
    if (present) {
      return;
    }
    int inserted =
        em.createNativeQuery(
                "insert into app.api_keys (name, role, prefix, hash, bootstrap, created_at)"
                    + " values ('admin (SLURMLLM_ADMIN_KEY)', 'admin', ?, ?, true, ?)"
                    + " on conflict (hash) do nothing")
            .setParameter(1, KeyMaterial.prefix(key))
            .setParameter(2, hash)
            .setParameter(3, now())
            .executeUpdate();
    if (inserted == 1) {
      ApiKey k =
          em.createQuery("select k from ApiKey k where k.hash = :hash", ApiKey.class)
              .setParameter("hash", hash)
              .getSingleResult();
      changes.fire(
          new AccessChanged(
              BOOTSTRAP_ACTOR, "key.create", AUDIT_TYPE, k.id.toString(), null, view(k), null));
    }
  }

  /** A key as the API and the audit log show it: never the hash. */
  public KeyView view(ApiKey k) {
    return KeyView.of(
        k, k.tenantId == null ? null : tenants.find(k.tenantId).map(t -> t.name).orElse(null));
  }

  static ApiException unknown(long id) {
    return new ApiException(
        Status.NOT_FOUND, "invalid_request_error", "key_not_found", null, "No key " + id + ".");
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
