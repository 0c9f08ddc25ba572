package org.slurmllm.access.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response.Status;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slurmllm.access.entity.AccessChanged;
import org.slurmllm.access.entity.ContentPolicy;
import org.slurmllm.access.entity.Tenant;
import org.slurmllm.access.entity.TenantDeletion;
import org.slurmllm.rest.ApiException;

/**
 * The tenants; every change audited in its own transaction. A deleted tenant keeps its row (marked
 * deleted) and is left out of every lookup by name but its usage's.
 */
@ApplicationScoped
@Transactional
public class Tenants {

  static final String AUDIT_TYPE = "tenant";

  @PersistenceContext EntityManager em;
  @Inject Event<AccessChanged> changes; // audited by the history feature
  @Inject Event<TenantDeletion> deletions; // other features say what still needs a tenant

  /** The tenants not deleted, by name. */
  public List<Tenant> all() {
    return em.createQuery(
            "select t from Tenant t where t.deletedAt is null order by t.name", Tenant.class)
        .getResultList();
  }

  /** The tenant of that name, unless it was deleted. */
  public Optional<Tenant> find(String name) {
    return find(name, LockModeType.NONE);
  }

  /**
   * The tenant of that name for a key to be made for it: its row is shared-locked until the key is
   * stored, so a deletion running at the same time either sees the key or is seen by its maker.
   */
  public Optional<Tenant> findForNewKey(String name) {
    return find(name, LockModeType.PESSIMISTIC_READ);
  }

  private Optional<Tenant> find(String name, LockModeType lock) {
    return em.createQuery(
            "select t from Tenant t where t.name = :name and t.deletedAt is null", Tenant.class)
        .setParameter("name", name)
        .setLockMode(lock)
        .getResultStream()
        .findFirst();
  }

  public Tenant get(String name) {
    return find(name).orElseThrow(() -> unknown(name));
  }

  public Optional<Tenant> find(long id) {
    return Optional.ofNullable(em.find(Tenant.class, id));
  }

  /** The id of the tenant of that name, deleted or not (its usage stays readable by name). */
  public Optional<Long> idOfAny(String name) {
    return em.createQuery("select t.id from Tenant t where t.name = :name", Long.class)
        .setParameter("name", name)
        .getResultStream()
        .findFirst();
  }

  /** The names of the tenants of those ids, deleted or not, in one query. */
  public Map<Long, String> names(Set<Long> ids) {
    Map<Long, String> names = new HashMap<>();
    if (!ids.isEmpty()) {
      em.createQuery("select t.id, t.name from Tenant t where t.id in :ids", Object[].class)
          .setParameter("ids", ids)
          .getResultList()
          .forEach(r -> names.put((Long) r[0], (String) r[1]));
    }
    return names;
  }

  public Tenant create(
      String name, ContentPolicy policy, Long storageQuotaBytes, Double weight, String actor) {
    if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
      throw ApiException.invalid(
          "name", "name: 1-64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
    }
    List<Tenant> same =
        em.createQuery("select t from Tenant t where t.name = :name", Tenant.class)
            .setParameter("name", name)
            .getResultList();
    if (!same.isEmpty()) {
      throw new ApiException(
          Status.CONFLICT,
          "invalid_request_error",
          "tenant_exists",
          "name",
          same.get(0).deletedAt == null
              ? "A tenant named '" + name + "' already exists."
              : "A tenant named '"
                  + name
                  + "' existed and was deleted; a name is never given to another tenant, so its"
                  + " usage history stays its own.");
    }
    Tenant t = new Tenant();
    t.name = name;
    t.contentPolicy = (policy == null ? ContentPolicy.NONE : policy).value();
    t.storageQuotaBytes = storageQuotaBytes;
    t.weight = weight == null ? 1 : weight;
    t.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    em.persist(t);
    em.flush();
    changes.fire(new AccessChanged(actor, "tenant.create", AUDIT_TYPE, name, null, view(t), t.id));
    return t;
  }

  /**
   * Changes the content policy (unless null), the storage quota (when {@code quotaGiven}; null:
   * none) and the weight (unless null).
   */
  public Tenant update(
      String name,
      ContentPolicy policy,
      boolean quotaGiven,
      Long storageQuotaBytes,
      Double weight,
      String actor) {
    Tenant t = get(name);
    Map<String, Object> before = view(t);
    if (policy != null) {
      t.contentPolicy = policy.value();
    }
    if (quotaGiven) {
      t.storageQuotaBytes = storageQuotaBytes;
    }
    if (weight != null) {
      t.weight = weight;
    }
    em.flush();
    changes.fire(
        new AccessChanged(actor, "tenant.update", AUDIT_TYPE, name, before, view(t), t.id));
    return t;
  }

  /**
   * Deletes a tenant that nothing needs any more: refused (409, every reason named) while a key of
   * it is not revoked (an expired one could be renewed) or another feature still needs it. The row
   * stays, marked deleted, so its usage, audit entries, keys, files, batches and tribunals keep
   * their tenant.
   */
  public void delete(String name, String actor) {
    // locked: a key being made for it waits, then finds it deleted (see findForNewKey)
    Tenant t = find(name, LockModeType.PESSIMISTIC_WRITE).orElseThrow(() -> unknown(name));
    long liveKeys =
        em.createQuery(
                "select count(k) from ApiKey k where k.tenantId = :id and k.revokedAt is null",
                Long.class)
            .setParameter("id", t.id)
            .getSingleResult();
    TenantDeletion deletion = new TenantDeletion(name);
    if (liveKeys > 0) {
      deletion.refuse(
          liveKeys
              + (liveKeys == 1 ? " key" : " keys")
              + " not revoked (revoke them first: DELETE /api/keys/{id}; expired ones too, a"
              + " PATCH could renew them)");
    }
    deletions.fire(deletion);
    if (!deletion.obstacles().isEmpty()) {
      throw new ApiException(
          Status.CONFLICT,
          "invalid_request_error",
          "tenant_in_use",
          "name",
          "Tenant '"
              + name
              + "' cannot be deleted yet: "
              + String.join("; ", deletion.obstacles())
              + ".");
    }
    Map<String, Object> before = view(t);
    t.deletedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    t.deletedBy = actor;
    em.flush();
    changes.fire(new AccessChanged(actor, "tenant.delete", AUDIT_TYPE, name, before, null, t.id));
  }

  static Map<String, Object> view(Tenant t) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", t.name);
    view.put("contentPolicy", t.contentPolicy);
    if (t.storageQuotaBytes != null) {
      view.put("storageQuotaBytes", t.storageQuotaBytes);
    }
    if (t.weight != 1) {
      view.put("weight", t.weight);
    }
    return view;
  }

  public static ApiException unknown(String name) {
    return new ApiException(
        Status.NOT_FOUND,
        "invalid_request_error",
        "tenant_not_found",
        "tenant",
        "No tenant named '" + name + "'.");
  }
}
