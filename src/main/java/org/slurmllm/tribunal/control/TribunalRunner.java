package org.slurmllm.tribunal.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.access.boundary.KeyAllowances;
import org.slurmllm.history.boundary.UsageLedger;
import org.slurmllm.history.entity.UsageRecord;
import org.slurmllm.routing.boundary.ModelCalls;
import org.slurmllm.routing.boundary.ModelCalls.Answer;
import org.slurmllm.tribunal.control.Aggregation.Choice;
import org.slurmllm.tribunal.control.Aggregation.Scored;
import org.slurmllm.tribunal.control.VerdictParser.Verdict;
import org.slurmllm.tribunal.entity.Tribunal;
import org.slurmllm.tribunal.entity.TribunalRequest;
import org.slurmllm.tribunal.entity.TribunalStep;

/**
 * Runs tribunals in the background (managed executor, never a request thread): per round the panel
 * answers in parallel, then the judges score in parallel; refinement, early stop, quorum, verdict.
 * Each call is written as a step the moment it ends.
 */
@ApplicationScoped
public class TribunalRunner {

  private static final Logger LOG = Logger.getLogger(TribunalRunner.class.getName());
  static final int JUDGE_MAX_TOKENS = 1024;
  static final double UNCHANGED = 0.25;

  /**
   * Runners wait on model calls and on their writes, so they and the writes have pools of their own
   * (wildfly-config/concurrency.cli): a wait never holds a thread its awaited work needs.
   */
  @Resource(lookup = "java:jboss/ee/concurrency/executor/tribunal-runs")
  ManagedExecutorService executor;

  @Resource(lookup = "java:jboss/ee/concurrency/executor/tribunal-writes")
  ManagedExecutorService writer;

  @Inject TribunalRecords records;
  @Inject ModelCalls calls;
  @Inject UsageLedger ledger;
  @Inject KeyAllowances keys;

  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

  /** Runs a tribunal for the caller (tribunals in bulk): completes with its final record. */
  public CompletableFuture<Tribunal> submit(TribunalRequest request, Long keyId, Long tenantId) {
    String id = records.create(request.toJson(), keyId, tenantId).id;
    return CompletableFuture.supplyAsync(
        () -> {
          run(id, request);
          return records.find(id);
        },
        executor);
  }

  public void start(String id, TribunalRequest request) {
    executor.execute(() -> run(id, request));
  }

  /** Asks a tribunal to stop: it ends cancelled after the calls in flight. */
  public void cancel(String id) {
    if (records.end(id, "cancelled", null, null, null, null)) {
      cancelled.add(id); // only a tribunal that was still going: its runner removes the mark
    }
  }

  /**
   * Each tribunal's writes, in order, off its critical path: a step is written while the next calls
   * already run (about 4 ms a write here, which made 8 % of a short tribunal). The tribunal ends
   * only after all its writes.
   */
  private final Map<String, CompletableFuture<Void>> writes = new ConcurrentHashMap<>();

  private void write(String id, TribunalStep step) {
    writes.compute(id, (k, tail) -> after(tail, () -> records.step(step)));
    Owner owner = owners.get(id);
    ledger.record(
        new UsageRecord(
            Instant.now(),
            owner == null ? null : owner.keyId(),
            owner == null ? null : owner.tenantId(),
            "tribunal",
            step.model,
            step.replicaId,
            null,
            id,
            step.promptTokens == null ? 0 : step.promptTokens,
            step.completionTokens == null ? 0 : step.completionTokens,
            step.latencyMs == null ? null : step.latencyMs.intValue(),
            null,
            step.error == null ? 200 : 502,
            null,
            null,
            null,
            null,
            null));
  }

  /** Whose tribunal it is: its steps are charged to this key and tenant. */
  private record Owner(Long keyId, Long tenantId) {}

  private final Map<String, Owner> owners = new ConcurrentHashMap<>();

  private CompletableFuture<Void> after(CompletableFuture<Void> tail, Runnable write) {
    CompletableFuture<Void> previous =
        tail == null ? CompletableFuture.completedFuture(null) : tail;
    return previous
        .exceptionally(
            e -> {
              LOG.log(Level.SEVERE, "a tribunal write failed", e);
              return null;
            })
        .thenRunAsync(write, writer);
  }

  private void flush(String id) {
    CompletableFuture<Void> tail = writes.remove(id);
    if (tail != null) {
      tail.exceptionally(e -> null).join();
    }
  }

  void run(String id, TribunalRequest r) {
    try {
      Tribunal t = records.find(id);
      owners.put(id, new Owner(t.keyId, t.tenantId));
      runAndFlush(id, r);
    } finally {
      writes.remove(id);
      owners.remove(id);
    }
  }

  private void runAndFlush(String id, TribunalRequest r) {
    try {
      if (!records.start(id)) {
        return;
      }
      Optional<Choice> verdict = rounds(id, r);
      flush(id);
      if (cancelled.remove(id)) {
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
      flush(id);
      records.end(id, "failed", e.getMessage(), null, null, null);
    } catch (RuntimeException e) {
      flush(id);
      LOG.log(Level.SEVERE, "tribunal " + id + " failed", e);
      records.end(id, "failed", "internal error: " + e, null, null, null);
    }
  }

  /**
   * Whether the tribunal was cancelled: through this gateway (in memory), or through another one
   * (its status in the database; read at most twice a round).
   */
  private boolean stopped(String id) {
    return cancelled.contains(id) || "cancelled".equals(records.find(id).status);
  }

  private Optional<Choice> rounds(String id, TribunalRequest r) {
    Map<String, String> answers = new LinkedHashMap<>();
    Map<String, List<String>> critiques = new LinkedHashMap<>();
    List<String> alive = new ArrayList<>(r.panel());
    Map<String, Double> previousMeans = null;
    List<Scored> scored = List.of();
    for (int round = 1; round <= r.rounds() && !stopped(id); round++) {
      Owner owner = owners.get(id);
      String refusal = owner == null ? null : keys.stopReason(owner.keyId());
      if (refusal != null) {
        throw new CannotGoOn("stopped before round " + round + ": " + refusal);
      }
      propose(id, r, round, alive, answers, critiques);
      if (stopped(id)) {
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
      Map<String, List<Double>> scores = new LinkedHashMap<>();
      critiques.clear();
      judge(id, r, round, candidates, scores, critiques);
      scored =
          candidates.stream()
              .map(c -> new Scored(c, scores.getOrDefault(c.model(), List.of())))
              .toList();
      int done = round;
      writes.compute(id, (k, tail) -> after(tail, () -> records.roundDone(id, done)));
      Map<String, Double> means = new LinkedHashMap<>();
      scored.forEach(s -> s.mean().ifPresent(m -> means.put(s.candidate().model(), m)));
      double best = means.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
      if (Aggregation.stopEarly(best, r.earlyStopScore(), previousMeans, means, UNCHANGED)) {
        break;
      }
      previousMeans = means;
    }
    if (stopped(id)) {
      return Optional.empty();
    }
    return switch (r.aggregation()) {
      case "vote" -> Aggregation.vote(scored);
      case "synthesize" -> synthesize(id, r, scored);
      default -> Aggregation.best(scored);
    };
  }

  private void propose(
      String id,
      TribunalRequest r,
      int round,
      List<String> alive,
      Map<String, String> answers,
      Map<String, List<String>> critiques) {
    Map<String, String> prompts = new LinkedHashMap<>();
    for (String m : alive) {
      prompts.put(
          m,
          round == 1
              ? r.prompt()
              : Prompts.refine(
                  r.prompt(),
                  answers.get(m),
                  critiques.getOrDefault(m, List.of()),
                  alive.stream().filter(o -> !o.equals(m)).map(answers::get).toList()));
    }
    Map<String, CompletableFuture<Answer>> inFlight = new LinkedHashMap<>();
    prompts.forEach((m, p) -> inFlight.put(m, calls.chat(m, p, r.maxTokens())));
    for (var e : inFlight.entrySet()) {
      String m = e.getKey();
      TribunalStep step = step(id, round, "proposer", m, prompts.get(m));
      try {
        Answer a = e.getValue().join();
        fill(step, a);
        answers.put(m, a.text());
      } catch (CompletionException failure) {
        step.error = "dropped: " + reason(failure);
        step.replicaId = replicaOf(failure);
        alive.remove(m);
      }
      write(id, step);
    }
  }

  private void judge(
      String id,
      TribunalRequest r,
      int round,
      List<Candidate> candidates,
      Map<String, List<Double>> scores,
      Map<String, List<String>> critiques) {
    Map<String, List<Candidate>> plan =
        JudgeAssignment.assign(r.judges(), candidates, id.hashCode() * 31L + round);
    Map<String, CompletableFuture<Optional<List<Verdict>>>> inFlight = new LinkedHashMap<>();
    for (var e : plan.entrySet()) {
      if (!e.getValue().isEmpty()) {
        inFlight.put(e.getKey(), ask(id, r, round, e.getKey(), e.getValue(), 0));
      }
    }
    int heard = 0;
    for (var e : inFlight.entrySet()) {
      Optional<List<Verdict>> verdicts = e.getValue().join();
      if (verdicts.isEmpty()) {
        continue;
      }
      heard++;
      List<Candidate> order = plan.get(e.getKey());
      for (int i = 0; i < order.size(); i++) {
        String model = order.get(i).model();
        scores.computeIfAbsent(model, k -> new ArrayList<>()).add(verdicts.get().get(i).score());
        critiques
            .computeIfAbsent(model, k -> new ArrayList<>())
            .add(verdicts.get().get(i).critique());
      }
    }
    if (heard == 0 && !inFlight.isEmpty()) {
      throw new CannotGoOn("no judge gave a readable verdict in round " + round);
    }
  }

  /** One judge call; an unreadable verdict is asked again once, then counted as missing. */
  private CompletableFuture<Optional<List<Verdict>>> ask(
      String id, TribunalRequest r, int round, String judge, List<Candidate> order, int retry) {
    String prompt = Prompts.judge(r.prompt(), r.rubric(), order);
    return calls
        .chat(judge, prompt, JUDGE_MAX_TOKENS)
        .handle(
            (answer, failure) -> {
              TribunalStep step = step(id, round, "judge", judge, prompt);
              if (failure != null) {
                step.error = "dropped: " + reason(failure);
                step.replicaId = replicaOf(failure);
                write(id, step);
                return CompletableFuture.completedFuture(Optional.<List<Verdict>>empty());
              }
              fill(step, answer);
              Optional<List<Verdict>> verdicts =
                  VerdictParser.parseAll(answer.text(), order.size());
              if (verdicts.isPresent()) {
                var list = JSON.createArrayBuilder();
                for (int i = 0; i < order.size(); i++) {
                  list.add(
                      JSON.createObjectBuilder()
                          .add("model", order.get(i).model())
                          .add("score", verdicts.get().get(i).score())
                          .add("critique", verdicts.get().get(i).critique()));
                }
                step.scores = list.build().toString();
                write(id, step);
                return CompletableFuture.completedFuture(verdicts);
              }
              step.error =
                  retry == 0 ? "unreadable verdict; asked again" : "unreadable verdict; missing";
              write(id, step);
              return retry == 0
                  ? ask(id, r, round, judge, order, 1)
                  : CompletableFuture.completedFuture(Optional.<List<Verdict>>empty());
            })
        .thenCompose(f -> f);
  }

  private Optional<Choice> synthesize(String id, TribunalRequest r, List<Scored> scored) {
    List<Scored> ranked =
        scored.stream()
            .filter(s -> s.mean().isPresent())
            .sorted(Comparator.comparingDouble((Scored s) -> s.mean().getAsDouble()).reversed())
            .limit(2)
            .toList();
    if (ranked.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> best = new LinkedHashMap<>();
    ranked.forEach(s -> best.put(s.candidate().model(), s.candidate().text()));
    String prompt = Prompts.synthesize(r.prompt(), best);
    TribunalStep step = step(id, r.rounds() + 1, "aggregator", r.aggregator(), prompt);
    try {
      Answer a = calls.chat(r.aggregator(), prompt, r.maxTokens()).join();
      fill(step, a);
      write(id, step);
      return Optional.of(
          new Choice(new Candidate(r.aggregator(), a.text()), ranked.get(0).mean().getAsDouble()));
    } catch (CompletionException failure) {
      step.error = "aggregator failed: " + reason(failure) + "; the best answer stands";
      write(id, step);
      return Aggregation.best(scored);
    }
  }

  private static TribunalStep step(String id, int round, String role, String model, String prompt) {
    TribunalStep s = new TribunalStep();
    s.tribunalId = id;
    s.round = round;
    s.role = role;
    s.model = model;
    s.prompt = prompt;
    return s;
  }

  private static void fill(TribunalStep step, Answer a) {
    step.replicaId = a.replicaId();
    step.output = a.text();
    step.latencyMs = a.latencyMillis();
    step.promptTokens = a.promptTokens();
    step.completionTokens = a.completionTokens();
  }

  private static String reason(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  private static UUID replicaOf(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause instanceof ModelCalls.CallFailed f ? f.replicaId : null;
  }

  /** The tribunal cannot go on: too few members answered, or its key may spend no more. */
  static final class CannotGoOn extends RuntimeException {
    CannotGoOn(String message) {
      super(message, null, false, false);
    }
  }
}
