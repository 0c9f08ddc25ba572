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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slurmllm.access.entity.AccessChanged;
import org.slurmllm.access.entity.ContentPolicy;
import org.slurmllm.access.entity.Tenant;
import org.slurmllm.rest.ApiException;

/** The tenants; every change audited in its own transaction. */
@ApplicationScoped
@Transactional
public class Tenants {

  static final String AUDIT_TYPE = "tenant";

  @PersistenceContext EntityManager em;
  @Inject Event<AccessChanged> changes; // audited by the history feature

  public List<Tenant> all() {
    return em.createQuery("select t from Tenant t order by t.name", Tenant.class).getResultList();
  }

  public Optional<Tenant> find(String name) {
    return em.createQuery("select t from Tenant t where t.name = :name", Tenant.class)
        .setParameter("name", name)
        .getResultStream()
        .findFirst();
  }

  public Tenant get(String name) {
    return find(name).orElseThrow(() -> unknown(name));
  }

  public Optional<Tenant> find(long id) {
    return Optional.ofNullable(em.find(Tenant.class, id));
  }

  public Tenant create(String name, ContentPolicy policy, String actor) {
    if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
      throw ApiException.invalid(
          "name", "name: 1-64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
    }
    if (find(name).isPresent()) {
      throw new ApiException(
          Status.CONFLICT,
          "invalid_request_error",
          "tenant_exists",
          "name",
          "A tenant named '" + name + "' already exists.");
    }
    Tenant t = new Tenant();
    t.name = name;
    t.contentPolicy = (policy == null ? ContentPolicy.NONE : policy).value();
    t.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    em.persist(t);
    em.flush();
    changes.fire(new AccessChanged(actor, "tenant.create", AUDIT_TYPE, name, null, view(t), t.id));
    return t;
  }

  public Tenant setPolicy(String name, ContentPolicy policy, String actor) {
    Tenant t = get(name);
    Map<String, Object> before = view(t);
    t.contentPolicy = policy.value();
    em.flush();
    changes.fire(
        new AccessChanged(actor, "tenant.update", AUDIT_TYPE, name, before, view(t), t.id));
    return t;
  }

  static Map<String, Object> view(Tenant t) {
    return Map.of("name", t.name, "contentPolicy", t.contentPolicy);
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
