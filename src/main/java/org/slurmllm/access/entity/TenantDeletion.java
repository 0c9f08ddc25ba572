package org.slurmllm.access.entity;

import java.util.ArrayList;
import java.util.List;

/**
 * A tenant is about to be deleted. Fired synchronously in the deletion's transaction, before
 * anything changes: a feature whose data still needs the tenant (a model limited to it, say) names
 * why, and the deletion is refused with every reason at once. Access itself knows none of them.
 *
 * @param tenant the tenant's name
 * @param obstacles what still needs it, one sentence each; observers add to it with {@link #refuse}
 */
public record TenantDeletion(String tenant, List<String> obstacles) {

  public TenantDeletion(String tenant) {
    this(tenant, new ArrayList<>());
  }

  public void refuse(String why) {
    obstacles.add(why);
  }
}
