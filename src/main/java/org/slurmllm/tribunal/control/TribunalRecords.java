package org.slurmllm.tribunal.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slurmllm.database.NewestFirst;
import org.slurmllm.fleet.boundary.Fleet;
import org.slurmllm.tribunal.entity.Tribunal;
import org.slurmllm.tribunal.entity.TribunalStep;

/** Every fact of a tribunal in its own short transaction, written as it happens. */
@ApplicationScoped
@Transactional(TxType.REQUIRES_NEW)
public class TribunalRecords {

  @PersistenceContext EntityManager em;

  @Inject Fleet fleet;
  @Inject TribunalMeters meters;

  public Tribunal create(String request, Long keyId, Long tenantId) {
    Tribunal t = new Tribunal();
    t.owner = fleet.self();
    t.keyId = keyId;
    t.tenantId = tenantId;
    t.id = "trb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    t.status = "queued";
    t.request = request;
    t.createdAt = Instant.now();
    em.persist(t);
    meters.reached(t.status);
    return t;
  }

  public Tribunal find(String id) {
    return em.find(Tribunal.class, id);
  }

  public List<TribunalStep> steps(String id) {
    return em.createNamedQuery(TribunalStep.OF_TRIBUNAL, TribunalStep.class)
        .setParameter("t", id)
        .getResultList();
  }

  /** Newest first, after the tribunal {@code after} when given; one tenant's, or all (null). */
  public List<Tribunal> list(String after, int limit, Long tenant) {
    return NewestFirst.page(em, Tribunal.class, after, tenant, limit);
  }

  /** Moves a queued tribunal to running; false if it is no longer queued (cancelled). */
  public boolean start(String id) {
    Tribunal t = em.find(Tribunal.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (!t.status.equals("queued")) {
      return false;
    }
    t.status = "running";
    t.startedAt = Instant.now();
    return true;
  }

  /**
   * Records a step of a tribunal still running here; false, and nothing written, when it ended or
   * has another owner (its gateway was paused past the heartbeats' bound and the others failed its
   * tribunal meanwhile: what it computes after that is not the tribunal's).
   */
  public boolean step(TribunalStep step) {
    if (!runningHere(step.tribunalId)) {
      return false;
    }
    step.createdAt = Instant.now();
    em.persist(step);
    return true;
  }

  /** Whether the tribunal runs and is this gateway's (read under a share lock: fencing). */
  private boolean runningHere(String id) {
    Tribunal t = em.find(Tribunal.class, id, LockModeType.PESSIMISTIC_READ);
    return t != null
        && "running".equals(t.status)
        && (t.owner == null || t.owner.equals(fleet.self()));
  }

  /**
   * One column by its own statement: an entity loaded here and flushed would write every column
   * back, a cancel committed meanwhile with them (the tribunal ran on as "running").
   */
  public void roundDone(String id, int round) {
    em.createQuery(
            "update Tribunal t set t.roundsRun = :round where t.id = :id and t.status = 'running'"
                + " and (t.owner is null or t.owner = :self)")
        .setParameter("round", round)
        .setParameter("id", id)
        .setParameter("self", fleet.self())
        .executeUpdate();
  }

  /**
   * Fails the tribunals whose runner is gone: this gateway's own from before its start (a restart),
   * and those of gateways whose heartbeat is stale (killed). A living gateway's tribunals are left
   * to it. Their steps so far stay readable; rerunning would call every model again.
   */
  public int failInterrupted(Instant bootedAt) {
    // not the entities: end() must read each row afresh under its lock, not a stale copy
    List<Object[]> open =
        em.createQuery(
                "select t.id, t.owner, t.createdAt from Tribunal t"
                    + " where t.status in ('queued', 'running')",
                Object[].class)
            .getResultList();
    int failed = 0;
    for (Object[] row : open) {
      String id = (String) row[0];
      String owner = (String) row[1];
      boolean mine = fleet.self().equals(owner) || owner == null;
      boolean gone = mine ? ((Instant) row[2]).isBefore(bootedAt) : !fleet.alive(owner);
      // only if still going: a tribunal that ended since the list was read keeps its end
      if (gone
          && end(
              id,
              "failed",
              mine
                  ? "interrupted by a restart of the server; steps so far are kept"
                  : "its gateway (" + owner + ") stopped; steps so far are kept",
              null,
              null,
              null)) {
        failed++;
      }
    }
    return failed;
  }

  /** Steps after the one with id {@code afterId}, oldest first. */
  public List<TribunalStep> stepsAfter(String id, long afterId) {
    return em.createQuery(
            "select s from TribunalStep s where s.tribunalId = :t and s.id > :after order by s.id",
            TribunalStep.class)
        .setParameter("t", id)
        .setParameter("after", afterId)
        .getResultList();
  }

  /** Ends the tribunal unless it already ended; answers whether this call ended it. */
  public boolean end(
      String id, String status, String error, String text, String model, Double score) {
    Tribunal t = em.find(Tribunal.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (t == null || List.of("completed", "failed", "cancelled").contains(t.status)) {
      return false;
    }
    t.status = status;
    t.error = error == null ? null : error.length() > 2000 ? error.substring(0, 2000) : error;
    t.verdictText = text;
    t.verdictModel = model;
    t.verdictScore = score;
    t.endedAt = Instant.now();
    meters.reached(status);
    return true;
  }
}
