package org.slurmllm.tribunal.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Pure parts of the verdict: the mean score of each answer, the best answer, a majority vote over
 * short answers, and when to stop early.
 */
public final class Aggregation {

  /** An answer of the last round with the scores its judges gave it. */
  public record Scored(Candidate candidate, List<Double> scores) {
    public OptionalDouble mean() {
      return scores.stream().mapToDouble(Double::doubleValue).average();
    }
  }

  /** The chosen answer and its score. */
  public record Choice(Candidate candidate, double score) {}

  private Aggregation() {}

  /** {@code best}: the highest mean score; ties go to the earlier panel member. */
  public static Optional<Choice> best(List<Scored> scored) {
    return scored.stream()
        .filter(s -> s.mean().isPresent())
        .max(
            Comparator.comparingDouble((Scored s) -> s.mean().getAsDouble())
                .thenComparing(s -> -scored.indexOf(s)))
        .map(s -> new Choice(s.candidate(), s.mean().getAsDouble()));
  }

  /**
   * {@code vote}: the answer most proposers gave (compared without case, spaces and final
   * punctuation); ties broken by the higher mean score. Its score is the share of votes, 0-10.
   */
  public static Optional<Choice> vote(List<Scored> scored) {
    Map<String, List<Scored>> groups = new LinkedHashMap<>();
    for (Scored s : scored) {
      groups.computeIfAbsent(normalise(s.candidate().text()), k -> new ArrayList<>()).add(s);
    }
    return groups.values().stream()
        .max(
            Comparator.comparingInt((List<Scored> g) -> g.size())
                .thenComparingDouble(
                    g -> g.stream().mapToDouble(s -> s.mean().orElse(0)).max().orElse(0)))
        .map(g -> new Choice(g.get(0).candidate(), 10.0 * g.size() / scored.size()));
  }

  static String normalise(String text) {
    return text.strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("\\s+", " ")
        .replaceAll("[.!?\"'`]+$", "");
  }

  /**
   * Whether another round is pointless: the best mean reached the early-stop score, or no answer's
   * mean moved by more than {@code epsilon} since the last round.
   */
  public static boolean stopEarly(
      double bestNow,
      Double earlyStopScore,
      Map<String, Double> previous,
      Map<String, Double> now,
      double epsilon) {
    if (earlyStopScore != null && bestNow >= earlyStopScore) {
      return true;
    }
    if (previous == null || previous.isEmpty() || !previous.keySet().equals(now.keySet())) {
      return false;
    }
    return now.entrySet().stream()
        .allMatch(e -> Math.abs(e.getValue() - previous.get(e.getKey())) <= epsilon);
  }

  /**
   * When every answer of the panel is the same (compared as {@link #vote} compares them): that
   * answer, scored 10 (all agree), and no judge needs to be asked. Empty for a panel of one, or
   * when any two answers differ.
   */
  public static Optional<Choice> unanimous(List<Candidate> answers) {
    if (answers.size() < 2) {
      return Optional.empty();
    }
    String first = normalise(answers.get(0).text());
    return answers.stream().allMatch(c -> normalise(c.text()).equals(first))
        ? Optional.of(new Choice(answers.get(0), 10.0))
        : Optional.empty();
  }

  /**
   * Whether the judges agree on the best answer within {@code margin}: its scores (two or more) lie
   * within the margin of each other, so another round would ask them again for little. False
   * without a margin.
   */
  public static boolean judgesAgree(List<Scored> scored, Double margin) {
    if (margin == null) {
      return false;
    }
    return scored.stream()
        .filter(s -> s.mean().isPresent())
        .max(Comparator.comparingDouble(s -> s.mean().getAsDouble()))
        .filter(s -> s.scores().size() >= 2)
        .map(
            s ->
                s.scores().stream().mapToDouble(Double::doubleValue).max().orElse(0)
                        - s.scores().stream().mapToDouble(Double::doubleValue).min().orElse(0)
                    <= margin)
        .orElse(false);
  }
}
