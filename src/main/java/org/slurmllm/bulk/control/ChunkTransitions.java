package org.slurmllm.bulk.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.bulk.entity.BatchChunk.State;
import org.slurmllm.fleet.boundary.Fleet;

/**
 * Moves a chunk to another state and writes what the move entails (its job, attempts, node, times,
 * counts): every state a chunk takes, from its first, is set here, so the moves a chunk may make
 * are the table {@link #NEXT} and nowhere else. A move the table does not hold is logged and
 * refused with an {@link IllegalStateException}: a partition that tries it fails rather than loop.
 *
 * <p>Each move is its own short transaction under the chunk's row lock, like {@link BatchRecords}'
 * writes: a step that runs for hours commits every fact as it learns it.
 */
@ApplicationScoped
@Transactional(TxType.REQUIRES_NEW)
public class ChunkTransitions {

  private static final Logger LOG = Logger.getLogger(ChunkTransitions.class.getName());

  /**
   * For each state, the states a chunk may move to. DONE and FAILED are final (a chunk ends once:
   * it is counted and charged then); a cancelled chunk is only cancelled again. A chunk may stay
   * PENDING (a submission refused spends an attempt) and RUNNING (a restarted partition notes its
   * running job again); a RUNNING chunk goes back to SUBMITTED when SLURM requeues its job (the
   * same job waits to run again); any live chunk may end DONE when its answers are found, or
   * FAILED.
   */
  static final Map<State, Set<State>> NEXT = new EnumMap<>(State.class);

  static {
    NEXT.put(
        State.PENDING,
        EnumSet.of(State.PENDING, State.SUBMITTED, State.DONE, State.FAILED, State.CANCELLED));
    NEXT.put(
        State.SUBMITTED,
        EnumSet.of(State.RUNNING, State.PENDING, State.DONE, State.FAILED, State.CANCELLED));
    NEXT.put(
        State.RUNNING,
        EnumSet.of(
            State.RUNNING,
            State.SUBMITTED,
            State.PENDING,
            State.DONE,
            State.FAILED,
            State.CANCELLED));
    NEXT.put(State.DONE, EnumSet.noneOf(State.class));
    NEXT.put(State.FAILED, EnumSet.noneOf(State.class));
    NEXT.put(State.CANCELLED, EnumSet.of(State.CANCELLED));
  }

  /** The state every chunk starts in: its job is yet to be submitted. */
  static final State FIRST = State.PENDING;

  @PersistenceContext EntityManager em;
  @Inject Fleet fleet;

  static boolean allowed(State from, State to) {
    return NEXT.get(from).contains(to);
  }

  static boolean ended(State s) {
    return NEXT.get(s).isEmpty();
  }

  /** The batch's chunks, each in the first state, in place of any an earlier try made. */
  public void created(String batchId, List<BatchChunk> chunks) {
    em.createQuery("delete from BatchChunk c where c.batchId = :b")
        .setParameter("b", batchId)
        .executeUpdate();
    for (BatchChunk c : chunks) {
      c.state = FIRST;
      em.persist(c);
    }
  }

  /** A job given to the chunk (submitted or adopted): SUBMITTED, one attempt spent. */
  public BatchChunk submitted(String batchId, int index, String jobId) {
    return move(
        batchId,
        index,
        State.SUBMITTED,
        "job " + jobId,
        c -> {
          c.jobId = jobId;
          c.attempts++;
          c.submittedAt = Instant.now();
          c.startedAt = null;
          c.node = null;
        });
  }

  /** The scheduler refused or did not answer: PENDING, one attempt spent, tried again later. */
  public BatchChunk refused(String batchId, int index, String why) {
    return move(
        batchId,
        index,
        State.PENDING,
        why,
        c -> {
          c.attempts++;
          c.jobId = null;
          c.message = why;
        });
  }

  /** Nothing can run the chunk (its model is gone): every attempt spent, its state unchanged. */
  public BatchChunk unrunnable(String batchId, int index, int attempts, String why) {
    BatchChunk c = locked(batchId, index);
    c.attempts = attempts;
    c.message = why;
    return c;
  }

  /** Its job runs: RUNNING, on that node since then. */
  public BatchChunk running(String batchId, int index, String node, Instant since) {
    return move(
        batchId,
        index,
        State.RUNNING,
        node,
        c -> {
          c.node = node;
          c.startedAt = since;
        });
  }

  /**
   * SLURM requeued its running job (preempted, or {@code scontrol requeue}): the same job waits to
   * run again, SUBMITTED, no attempt spent. Its output is written whole at the end, so the lines
   * answered before are not repeated: the rerun answers the chunk afresh.
   */
  public BatchChunk requeued(String batchId, int index, String why) {
    return move(
        batchId,
        index,
        State.SUBMITTED,
        why,
        c -> {
          c.message = why;
          c.startedAt = null;
          c.node = null;
        });
  }

  /**
   * Its job was preempted and ended (a partition whose preemption cancels): PENDING, to be
   * submitted again, and the attempt given back: the chunk did not fail, it yielded.
   */
  public BatchChunk preempted(String batchId, int index, String why) {
    return ended(batchId, index, why, true);
  }

  /** Its job ended without its answers: PENDING, without a job, to be submitted again. */
  public BatchChunk jobEnded(String batchId, int index, String why) {
    return ended(batchId, index, why, false);
  }

  private BatchChunk ended(String batchId, int index, String why, boolean attemptGivenBack) {
    return move(
        batchId,
        index,
        State.PENDING,
        why,
        c -> {
          c.jobId = null;
          c.message = why;
          c.endedAt = Instant.now();
          if (attemptGivenBack) {
            c.attempts = Math.max(0, c.attempts - 1);
          }
        });
  }

  /** Stopped by a cancel (or the batch's end) before its answers came. */
  public BatchChunk cancelled(String batchId, int index) {
    return move(batchId, index, State.CANCELLED, null, c -> c.endedAt = Instant.now());
  }

  /**
   * The chunk's end (DONE or FAILED) and its counts in the batch, together (a crash cannot count
   * them twice or not at all); false, and nothing changed, when the chunk has already ended.
   */
  public boolean ended(
      String batchId, int index, State to, int completed, int failed, String message) {
    if (!ended(to)) {
      throw new IllegalArgumentException(to + " is not an end");
    }
    Batch b = fenced(batchId);
    BatchChunk c = locked(batchId, index);
    if (ended(c.state)) {
      return false;
    }
    apply(
        c,
        to,
        message,
        chunk -> {
          chunk.completed = completed;
          chunk.failed = failed;
          chunk.endedAt = Instant.now();
          if (message != null) {
            chunk.message = message;
          }
        });
    if (!b.status.terminal()) { // a finished batch's counts are its files', final
      b.completed += completed;
      b.failed += failed;
    }
    return true;
  }

  private BatchChunk move(
      String batchId, int index, State to, String reason, Consumer<BatchChunk> with) {
    fenced(batchId);
    BatchChunk c = locked(batchId, index);
    apply(c, to, reason, with);
    return c;
  }

  static void apply(BatchChunk c, State to, String reason, Consumer<BatchChunk> with) {
    State from = c.state;
    if (!allowed(from, to)) {
      String refused =
          "batch " + c.batchId + " chunk " + c.index + ": " + from + " -> " + to + " refused";
      LOG.warning(refused);
      throw new IllegalStateException(refused);
    }
    c.state = to;
    with.accept(c);
    if (from != to) {
      LOG.log(
          Level.FINE,
          "batch {0} chunk {1}: {2} -> {3}{4}",
          new Object[] {c.batchId, c.index, from, to, reason == null ? "" : " (" + reason + ")"});
    }
  }

  /**
   * The batch, locked (always before its chunk: one order for every transaction), if this gateway
   * still owns it: fencing, so a gateway that was paused past the heartbeats' bound cannot write
   * over the one that took the batch over.
   *
   * @throws FencedOut if another gateway owns it now
   */
  private Batch fenced(String batchId) {
    Batch b = em.find(Batch.class, batchId, LockModeType.PESSIMISTIC_WRITE);
    if (b != null && b.owner != null && fleet != null && !b.owner.equals(fleet.self())) {
      throw new FencedOut(batchId, b.owner);
    }
    return b;
  }

  private BatchChunk locked(String batchId, int index) {
    return em.find(
        BatchChunk.class, new BatchChunk.Key(batchId, index), LockModeType.PESSIMISTIC_WRITE);
  }
}
