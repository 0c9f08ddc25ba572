package org.slurmllm.bulk.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slurmllm.bulk.entity.StoredFile;

/**
 * Removes expired files: their rows here, their bytes by the caller once the rows are gone. One
 * gateway at a time sweeps (a PostgreSQL advisory lock held for the transaction, as the reconciler
 * is elected), so several gateways never race over the same files. A file that an unfinished batch
 * reads stays until the batch ends.
 */
@ApplicationScoped
public class FileRetention {

  /** Arbitrary, fixed: the advisory lock that elects the sweeping gateway. */
  static final long SWEEP_LOCK = 0x66696c6573776570L;

  @PersistenceContext EntityManager em;

  /**
   * @return the paths of the files removed (at most {@code most}), to delete from disk; none when
   *     another gateway sweeps now
   */
  @Transactional
  public List<Path> sweep(Instant now, int most) {
    Boolean leader =
        (Boolean)
            em.createNativeQuery("select pg_try_advisory_xact_lock(?)")
                .setParameter(1, SWEEP_LOCK)
                .getSingleResult();
    if (!Boolean.TRUE.equals(leader)) {
      return List.of();
    }
    List<StoredFile> due =
        em.createQuery(
                "select f from StoredFile f where f.expiresAt <= :now and not exists (select b"
                    + " from Batch b where b.inputFileId = f.id and b.status in"
                    + " (org.slurmllm.bulk.entity.BatchStatus.validating,"
                    + " org.slurmllm.bulk.entity.BatchStatus.in_progress,"
                    + " org.slurmllm.bulk.entity.BatchStatus.finalizing,"
                    + " org.slurmllm.bulk.entity.BatchStatus.cancelling))",
                StoredFile.class)
            .setParameter("now", now)
            .setMaxResults(most)
            .getResultList();
    List<Path> paths = new ArrayList<>();
    for (StoredFile f : due) {
      em.remove(f);
      paths.add(Path.of(f.path));
    }
    return paths;
  }
}
