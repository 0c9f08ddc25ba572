package org.slurmllm.tribunal.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.access.boundary.KeyOwners;
import org.slurmllm.access.entity.QueueRights;
import org.slurmllm.routing.entity.Share;
import org.slurmllm.tribunal.control.Aggregation.Choice;
import org.slurmllm.tribunal.control.Aggregation.Scored;
import org.slurmllm.tribunal.entity.Tribunal;
import org.slurmllm.tribunal.entity.TribunalRequest;

/**
 * Runs tribunals in the background (managed executor, never a request thread) and decides their
 * course: round after round the panel answers and the judges score ({@link TribunalCalls}), then
 * refinement, early stop, quorum, verdict, and how the tribunal ends. Its writes are queued in
 * {@link TribunalWrites} and awaited before the end; its steps are charged by {@link
 * TribunalCharges}; a cancel is noticed through {@link TribunalCancellations}.
 */
@ApplicationScoped
public class TribunalRunner {

  private static final Logger LOG = Logger.getLogger(TribunalRunner.class.getName());
  static final double UNCHANGED = 0.25;

  /**
   * Runners wait on model calls and on their writes, so they and the writes have pools of their own
   * (wildfly-config/concurrency.cli): a wait never holds a thread its awaited work needs.
   */
  @Resource(lookup = "java:jboss/ee/concurrency/executor/tribunal-runs")
  ManagedExecutorService executor;

  @Inject TribunalRecords records;
  @Inject TribunalCalls calls;
  @Inject TribunalWrites writes;
  @Inject TribunalCharges charges;
  @Inject TribunalCancellations cancellations;
  @Inject TribunalSettings settings;
  @Inject KeyOwners owners;

  private final TribunalSlots slots = new TribunalSlots();

  /**
   * A place for a tribunal started through the API, before anything is recorded: a 429 when the
   * gateway's queue is full or the key holds its most already. Admin keys, the operator's, are not
   * limited per key; the queue's bound holds for them too.
   */
  public TribunalSlots.Ticket admit(long keyId, boolean admin) {
    return slots.admit(admin ? null : keyId, settings.maxPerKey(), settings.queue());
  }

  /**
   * Runs a tribunal for the caller (tribunals in bulk): completes with its final record. Never
   * refused: it waits for a runner, and its batch's window of tribunals at once bounds how many.
   */
  public CompletableFuture<Tribunal> submit(TribunalRequest request, Long keyId, Long tenantId) {
    String id = records.create(request.toJson(), keyId, tenantId).id;
    TribunalSlots.Ticket ticket = slots.enter();
    try {
      return CompletableFuture.supplyAsync(
          () -> {
            ticket.started();
            try {
              run(id, request);
            } finally {
              ticket.ended();
            }
            return records.find(id);
          },
          executor);
    } catch (RuntimeException e) {
      ticket.ended();
      throw e;
    }
  }

  /**
   * Runs a recorded tribunal in the background; its ticket is freed when it ends.
   *
   * @return completes with its final record
   */
  public CompletableFuture<Tribunal> start(
      String id, TribunalRequest request, TribunalSlots.Ticket ticket) {
    try {
      return CompletableFuture.supplyAsync(
          () -> {
            ticket.started();
            try {
              run(id, request);
            } finally {
              ticket.ended();
            }
            return records.find(id);
          },
          executor);
    } catch (RuntimeException e) {
      ticket.ended();
      throw e;
    }
  }

  /** Asks a tribunal to stop: it ends cancelled after the calls in flight. */
  public void cancel(String id) {
    cancellations.cancel(id);
  }

  void run(String id, TribunalRequest r) {
    try {
      Tribunal t = records.find(id);
      charges.open(id, t.keyId, t.tenantId);
      calls.open(id, shareOf(t, r.serviceTier()), r.temperature() == null ? 0 : r.temperature());
      runAndFlush(id, r);
    } finally {
      calls.close(id);
      writes.forget(id);
      charges.close(id);
      cancellations.clear(id); // however it ended: a mark left here would stay for good
    }
  }

  /**
   * The tribunal's key's share, at the tier asked for (as the key's rights allow) or the key's
   * default one; the gateway's own without a key.
   */
  private Share shareOf(Tribunal t, String serviceTier) {
    return Optional.ofNullable(t.keyId)
        .flatMap(owners::principal)
        .map(
            p -> {
              QueueRights rights = p.rights() == null ? QueueRights.STANDARD : p.rights();
              return Share.of(
                  p, serviceTier == null ? rights.usual() : rights.tierFor(serviceTier), 0);
            })
        .orElse(Share.SERVICE);
  }

  private void runAndFlush(String id, TribunalRequest r) {
    try {
      if (!records.start(id)) {
        return;
      }
      Optional<Choice> verdict = rounds(id, r);
      writes.flush(id);
      if (cancellations.clear(id)) {
        return;
      }
      if (verdict.isEmpty()) {
        records.end(id, "failed", "no answer received a score", null, null, null);
        return;
      }
      Choice choice = verdict.get();
      records.end(
          id,
          "completed",
          null,
          choice.candidate().text(),
          choice.candidate().model(),
          choice.score());
    } catch (CannotGoOn e) {
      writes.flush(id);
      records.end(id, "failed", e.getMessage(), null, null, null);
    } catch (RuntimeException e) {
      writes.flush(id);
      LOG.log(Level.SEVERE, "tribunal " + id + " failed", e);
      records.end(id, "failed", "internal error: " + e, null, null, null);
    }
  }

  private Optional<Choice> rounds(String id, TribunalRequest r) {
    Map<String, String> answers = new LinkedHashMap<>();
    Map<String, List<String>> critiques = new LinkedHashMap<>();
    List<String> alive = new ArrayList<>(r.panel());
    Map<String, Double> previousMeans = null;
    List<Scored> scored = List.of();
    for (int round = 1; round <= r.rounds() && !cancellations.stopped(id); round++) {
      String refusal = charges.stopReason(id);
      if (refusal != null) {
        throw new CannotGoOn("stopped before round " + round + ": " + refusal);
      }
      calls.propose(id, r, round, alive, answers, critiques);
      if (cancellations.stopped(id)) {
        break; // the answers in flight are recorded; no judging starts
      }
      if (alive.size() < r.quorum()) {
        throw new CannotGoOn(
            "quorum lost in round "
                + round
                + ": "
                + alive.size()
                + " of the panel answered, "
                + r.quorum()
                + " needed");
      }
      List<Candidate> candidates =
          alive.stream().map(m -> new Candidate(m, answers.get(m))).toList();
      Optional<Choice> same = Aggregation.unanimous(candidates);
      if (same.isPresent()) {
        // every member said the same: no judge could choose among them, no round improve it
        writes.roundDone(id, round);
        return same;
      }
      Map<String, List<Double>> scores = new LinkedHashMap<>();
      critiques.clear();
      calls.judge(id, r, round, candidates, scores, critiques);
      scored =
          candidates.stream()
              .map(c -> new Scored(c, scores.getOrDefault(c.model(), List.of())))
              .toList();
      writes.roundDone(id, round);
      Map<String, Double> means = new LinkedHashMap<>();
      scored.forEach(s -> s.mean().ifPresent(m -> means.put(s.candidate().model(), m)));
      double best = means.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
      if (Aggregation.stopEarly(best, r.earlyStopScore(), previousMeans, means, UNCHANGED)
          || Aggregation.judgesAgree(scored, r.agreement())) {
        break;
      }
      previousMeans = means;
    }
    if (cancellations.stopped(id)) {
      return Optional.empty();
    }
    return switch (r.aggregation()) {
      case "vote" -> Aggregation.vote(scored);
      case "synthesize" -> calls.synthesize(id, r, scored);
      default -> Aggregation.best(scored);
    };
  }
}
