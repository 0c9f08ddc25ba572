package org.slurmllm.access.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slurmllm.access.control.Tenants;

/**
 * The tenants' names, for features that name tenants in their own data (a model limited to some,
 * usage by tenant): they ask here instead of reading access's table, and a deleted tenant is not
 * one to name anew.
 */
@ApplicationScoped
public class TenantNames {

  @Inject Tenants tenants;

  /** Whether a tenant of that name exists and is not deleted. */
  public boolean exists(String name) {
    return tenants.find(name).isPresent();
  }

  /** The name of the tenant with that id, deleted or not (work it owned keeps its owner). */
  public Optional<String> of(long id) {
    return tenants.find(id).map(t -> t.name);
  }

  /**
   * The names of the tenants of those ids, deleted or not, in one lookup (ids unknown left out).
   */
  public Map<Long, String> of(Set<Long> ids) {
    return tenants.names(ids);
  }

  /**
   * The id of the tenant of that name, deleted or not (a deleted tenant's usage stays readable).
   */
  public Optional<Long> idOf(String name) {
    return tenants.idOfAny(name);
  }
}
