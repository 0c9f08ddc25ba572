package org.slurmllm.serving.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.Base64;
import org.slurmllm.serving.entity.Replica;

/**
 * Records a replica before its job is submitted, in a transaction of its own that commits at once:
 * whatever happens to the reconcile pass afterwards (a rollback, a crash, an answer that does not
 * parse), the row exists, and the job, named after it, is adopted or cancelled by the sweep. The
 * other order leaked jobs that held their GPUs until walltime with nothing pointing at them.
 */
@ApplicationScoped
public class ReplicaIntents {

  @PersistenceContext EntityManager em;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A replica's key: 192 random bits. */
  static String newSecret() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void record(Replica intent) {
    em.persist(intent);
  }
}
