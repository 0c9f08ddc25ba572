package org.slurmllm.tribunal.control;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Which answers each judge scores, and in which order. Two bias controls: every judge sees the
 * answers in its own order (position bias), and a judge does not score its own model's answer when
 * another judge can (self-preference); an answer only its own model can judge is judged by it,
 * rather than not at all. A pure function of its inputs and the seed.
 */
public final class JudgeAssignment {

  private JudgeAssignment() {}

  /** For each judge, the candidates it scores, in the order it sees them. */
  public static Map<String, List<Candidate>> assign(
      List<String> judges, List<Candidate> candidates, long seed) {
    Map<String, List<Candidate>> plan = new LinkedHashMap<>();
    for (int j = 0; j < judges.size(); j++) {
      String judge = judges.get(j);
      List<Candidate> mine = new ArrayList<>();
      for (Candidate c : candidates) {
        boolean own = c.model().equals(judge);
        boolean someoneElse = judges.stream().anyMatch(other -> !other.equals(c.model()));
        if (!own || !someoneElse) {
          mine.add(c);
        }
      }
      // a different order for every judge (and every round: the caller varies the seed)
      Random random = new Random(seed * 31 + j);
      Collections.shuffle(mine, random);
      for (int tries = 0; tries < 64 && mine.size() > 1 && plan.containsValue(mine); tries++) {
        Collections.shuffle(mine, random); // not an order another judge already has, if avoidable
      }
      plan.put(judge, mine);
    }
    return plan;
  }
}
