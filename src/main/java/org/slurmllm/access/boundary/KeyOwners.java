package org.slurmllm.access.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.slurmllm.access.control.KeyDirectory;
import org.slurmllm.access.control.Keys;
import org.slurmllm.access.entity.Principal;

/**
 * Whose a key is, for features that show a key's data (its usage) only to those who may see it:
 * they ask here instead of reading access's table.
 */
@ApplicationScoped
public class KeyOwners {

  @Inject Keys keys;
  @Inject KeyDirectory directory;

  /**
   * The key as the service knows it now (its tenant, role and where its requests stand in a busy
   * model's queue), for work done on its behalf after its request (a tribunal's calls); empty when
   * it is revoked.
   */
  public Optional<Principal> principal(long keyId) {
    return directory.principal(keyId);
  }

  /**
   * Whether the key exists (revoked and expired keys too: their usage stays) and the principal sees
   * its tenant's data.
   */
  public boolean seenBy(long keyId, Principal p) {
    return keys.find(keyId).map(k -> p.sees(k.tenantId)).orElse(false);
  }
}
