package org.slurmllm.tribunal.control;

import java.util.List;
import java.util.Map;

/**
 * The texts a tribunal sends: the question to the panel, the refinement request (own answer, the
 * critiques, the others' answers), and the judge's request (rubric, question, answers numbered in
 * the judge's own order, the verdict's JSON shape). Pure.
 */
public final class Prompts {

  /** Marks a judge request; the sim engine answers it with a verdict (see the worker). */
  public static final String VERDICT_FORMAT =
      "Reply with only this JSON: {\"scores\":[{\"answer\":<number>,\"score\":<0-10>,"
          + "\"critique\":\"<one or two sentences>\"}]} with one entry for every answer.";

  static final String DEFAULT_RUBRIC =
      "Correctness first, then completeness, then clarity. 10 is flawless, 0 is wrong or empty.";

  private Prompts() {}

  public static String refine(
      String question, String ownAnswer, List<String> critiques, List<String> otherAnswers) {
    StringBuilder p = new StringBuilder();
    p.append("Question:\n")
        .append(question)
        .append("\n\nYour previous answer:\n")
        .append(ownAnswer);
    p.append("\n\nWhat the judges said of it:\n");
    if (critiques.isEmpty()) {
      p.append("- (no critique)\n");
    }
    critiques.forEach(c -> p.append("- ").append(c).append('\n'));
    if (!otherAnswers.isEmpty()) {
      p.append("\nOther answers to the same question:\n");
      for (int i = 0; i < otherAnswers.size(); i++) {
        p.append("[").append(i + 1).append("] ").append(otherAnswers.get(i)).append('\n');
      }
    }
    p.append("\nWrite an improved answer to the question. Reply with the answer only.");
    return p.toString();
  }

  public static String judge(String question, String rubric, List<Candidate> inOrder) {
    StringBuilder p = new StringBuilder();
    p.append("You are a judge. Score each answer to the question from 0 to 10.\n\nRubric: ")
        .append(rubric == null || rubric.isBlank() ? DEFAULT_RUBRIC : rubric)
        .append("\n\nQuestion:\n")
        .append(question)
        .append("\n\n");
    for (int i = 0; i < inOrder.size(); i++) {
      p.append("Answer ").append(i + 1).append(":\n").append(inOrder.get(i).text()).append("\n\n");
    }
    return p.append(VERDICT_FORMAT).toString();
  }

  public static String synthesize(String question, Map<String, String> bestAnswers) {
    StringBuilder p = new StringBuilder("Question:\n").append(question);
    p.append("\n\nThe best answers the panel gave:\n");
    bestAnswers.values().forEach(a -> p.append("- ").append(a).append('\n'));
    return p.append(
            "\nWrite one final answer that keeps what is right in them. Reply with the answer only.")
        .toString();
  }
}
