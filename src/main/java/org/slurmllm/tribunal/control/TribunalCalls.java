package org.slurmllm.tribunal.control;

import static org.slurmllm.rest.JsonP.JSON;
import static org.slurmllm.tribunal.control.TribunalSteps.fill;
import static org.slurmllm.tribunal.control.TribunalSteps.reason;
import static org.slurmllm.tribunal.control.TribunalSteps.replicaOf;
import static org.slurmllm.tribunal.control.TribunalSteps.status;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slurmllm.routing.boundary.ModelCalls;
import org.slurmllm.routing.boundary.ModelCalls.Answer;
import org.slurmllm.routing.entity.Share;
import org.slurmllm.tribunal.control.Aggregation.Choice;
import org.slurmllm.tribunal.control.Aggregation.Scored;
import org.slurmllm.tribunal.control.VerdictParser.Verdict;
import org.slurmllm.tribunal.entity.TribunalRequest;
import org.slurmllm.tribunal.entity.TribunalStep;

/**
 * The model calls of a tribunal's round: the panel answers in parallel, then the judges score in
 * parallel, and at the end the aggregator may synthesize. Each call is recorded as a step the
 * moment it ends (queued in {@link TribunalWrites}, charged by {@link TribunalCharges}), on
 * whichever thread ended it.
 */
@ApplicationScoped
public class TribunalCalls {

  static final int JUDGE_MAX_TOKENS = 1024;

  @Inject ModelCalls calls;
  @Inject TribunalWrites writes;
  @Inject TribunalCharges charges;

  /** Each running tribunal's place in a busy model's queue: its key's tenant and tier. */
  private final Map<String, Share> shares = new ConcurrentHashMap<>();

  /** Each running tribunal's sampling temperature, the same for every call. */
  private final Map<String, Double> temperatures = new ConcurrentHashMap<>();

  /** The tribunal's calls wait as its key's requests would, at its tier, with its temperature. */
  void open(String id, Share share, double temperature) {
    shares.put(id, share);
    temperatures.put(id, temperature);
  }

  void close(String id) {
    shares.remove(id);
    temperatures.remove(id);
  }

  private CompletableFuture<Answer> chat(String id, String model, String prompt, int maxTokens) {
    return calls.chat(
        model,
        prompt,
        maxTokens,
        temperatures.getOrDefault(id, 0.0),
        shares.getOrDefault(id, Share.SERVICE));
  }

  /**
   * The panel members still in ({@code alive}) answer: the prompt in round 1, then a refinement
   * from their last answer, its critiques and the others' answers. One that fails is dropped.
   */
  void propose(
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
    prompts.forEach((m, p) -> inFlight.put(m, chat(id, m, p, r.maxTokens())));
    for (var e : inFlight.entrySet()) {
      String m = e.getKey();
      TribunalStep step = TribunalSteps.of(id, round, "proposer", m, prompts.get(m));
      int status = 200;
      try {
        Answer a = e.getValue().join();
        fill(step, a);
        answers.put(m, a.text());
      } catch (CompletionException failure) {
        step.error = "dropped: " + reason(failure);
        step.replicaId = replicaOf(failure);
        status = status(failure);
        alive.remove(m);
      }
      record(id, step, status);
    }
  }

  /** The judges score the candidates assigned to them; the tribunal cannot go on if none can. */
  void judge(
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
    return chat(id, judge, prompt, JUDGE_MAX_TOKENS)
        .handle(
            (answer, failure) -> {
              TribunalStep step = TribunalSteps.of(id, round, "judge", judge, prompt);
              if (failure != null) {
                step.error = "dropped: " + reason(failure);
                step.replicaId = replicaOf(failure);
                record(id, step, status(failure));
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
                record(id, step, 200);
                return CompletableFuture.completedFuture(verdicts);
              }
              step.error =
                  retry == 0 ? "unreadable verdict; asked again" : "unreadable verdict; missing";
              record(id, step, 200); // the model answered: only its verdict was unusable
              return retry == 0
                  ? ask(id, r, round, judge, order, 1)
                  : CompletableFuture.completedFuture(Optional.<List<Verdict>>empty());
            })
        .thenCompose(f -> f);
  }

  /**
   * The aggregator writes one answer from the two best; if it fails, the best answer stands. Empty
   * when no answer received a score.
   */
  Optional<Choice> synthesize(String id, TribunalRequest r, List<Scored> scored) {
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
    TribunalStep step = TribunalSteps.of(id, r.rounds() + 1, "aggregator", r.aggregator(), prompt);
    try {
      Answer a = chat(id, r.aggregator(), prompt, r.maxTokens()).join();
      fill(step, a);
      record(id, step, 200);
      return Optional.of(
          new Choice(new Candidate(r.aggregator(), a.text()), ranked.get(0).mean().getAsDouble()));
    } catch (CompletionException failure) {
      step.error = "aggregator failed: " + reason(failure) + "; the best answer stands";
      step.replicaId = replicaOf(failure);
      record(id, step, status(failure));
      return Aggregation.best(scored);
    }
  }

  /**
   * The step is written in the tribunal's order, and its tokens charged at once, under the status
   * its call ended with.
   */
  private void record(String id, TribunalStep step, int status) {
    writes.step(id, step);
    charges.charge(id, step, status);
  }
}
