package org.slurmllm.tribunal.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a judge's answer: a JSON object {"score": 0-10, "critique": "..."} (also when wrapped in
 * prose or a code fence), or failing that a line "Score: N". Anything else, or a score outside
 * 0-10, is no verdict (the judge is asked again once). A pure function.
 */
public final class VerdictParser {

  /** A judge's score of one answer and why. */
  public record Verdict(double score, String critique) {}

  private static final Pattern SCORE_LINE =
      Pattern.compile("(?im)^\\s*\\**score\\**\\s*[:=]\\s*(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*10)?");

  private VerdictParser() {}

  public static Optional<Verdict> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int open = text.indexOf('{');
    int close = text.lastIndexOf('}');
    if (open >= 0 && close > open) {
      try (var reader = JSON.createReader(new StringReader(text.substring(open, close + 1)))) {
        JsonObject json = reader.readObject();
        if (json.get("score") instanceof JsonNumber n) {
          String critique =
              json.get("critique") instanceof JsonString s ? s.getString().strip() : "";
          return valid(n.doubleValue(), critique);
        }
      } catch (RuntimeException e) {
        // not JSON after all: try the plain form
      }
    }
    Matcher m = SCORE_LINE.matcher(text);
    if (m.find()) {
      String critique = text.substring(m.end()).strip();
      return valid(Double.parseDouble(m.group(1)), critique);
    }
    return Optional.empty();
  }

  /**
   * A judge's verdicts on {@code count} answers shown as "Answer 1".."Answer n": a JSON object
   * {"scores":[{"answer":1,"score":7,"critique":"..."},...]} naming every answer once, in any
   * order. Answers in the judge's numbering; anything less is no verdict.
   */
  public static Optional<List<Verdict>> parseAll(String text, int count) {
    if (text == null) {
      return Optional.empty();
    }
    int open = text.indexOf('{');
    int close = text.lastIndexOf('}');
    if (open < 0 || close <= open) {
      return count == 1 ? parse(text).map(List::of) : Optional.empty();
    }
    try (var reader = JSON.createReader(new StringReader(text.substring(open, close + 1)))) {
      JsonObject json = reader.readObject();
      if (!(json.get("scores") instanceof JsonArray scores)) {
        return count == 1 ? parse(text).map(List::of) : Optional.empty();
      }
      Verdict[] byAnswer = new Verdict[count];
      for (var value : scores) {
        if (!(value instanceof JsonObject item)
            || !(item.get("answer") instanceof JsonNumber answer)
            || !(item.get("score") instanceof JsonNumber score)) {
          return Optional.empty();
        }
        int i = answer.intValue() - 1;
        String critique = item.get("critique") instanceof JsonString s ? s.getString().strip() : "";
        Optional<Verdict> v = valid(score.doubleValue(), critique);
        if (i < 0 || i >= count || byAnswer[i] != null || v.isEmpty()) {
          return Optional.empty();
        }
        byAnswer[i] = v.get();
      }
      return Arrays.stream(byAnswer).allMatch(Objects::nonNull)
          ? Optional.of(List.of(byAnswer))
          : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Verdict> valid(double score, String critique) {
    return score >= 0 && score <= 10 && !Double.isNaN(score)
        ? Optional.of(new Verdict(score, critique))
        : Optional.empty();
  }
}
