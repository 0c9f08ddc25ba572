package org.slurmllm.tribunal.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slurmllm.tribunal.control.Aggregation.Scored;
import org.slurmllm.tribunal.control.VerdictParser.Verdict;
import org.slurmllm.tribunal.entity.Tribunal;

class TribunalRulesTest {

  static final Candidate A = new Candidate("a", "Seven.");
  static final Candidate B = new Candidate("b", "seven");
  static final Candidate C = new Candidate("c", "Eleven");

  @Test
  void noJudgeScoresItsOwnModelsAnswerWhenAnotherJudgeCan() {
    Map<String, List<Candidate>> plan = JudgeAssignment.assign(List.of("a", "j"), List.of(A, B), 1);
    assertEquals(Set.of(B), Set.copyOf(plan.get("a")), "a does not judge its own answer");
    assertEquals(Set.of(A, B), Set.copyOf(plan.get("j")));
    // the panel judging itself: each judges the other's answer only
    Map<String, List<Candidate>> self = JudgeAssignment.assign(List.of("a", "b"), List.of(A, B), 1);
    assertEquals(List.of(B), self.get("a"));
    assertEquals(List.of(A), self.get("b"));
    // a lone judge that is also a proposer still judges everything (no one else can)
    assertEquals(
        Set.of(A, B), Set.copyOf(JudgeAssignment.assign(List.of("a"), List.of(A, B), 1).get("a")));
  }

  @Test
  void everyJudgeSeesTheAnswersInItsOwnOrder() {
    List<Candidate> three = List.of(A, B, C);
    for (long seed = 0; seed < 20; seed++) {
      Map<String, List<Candidate>> plan =
          JudgeAssignment.assign(List.of("x", "y", "z", "w"), three, seed);
      assertEquals(4, Set.copyOf(plan.values()).size(), "four judges, four orders; seed " + seed);
      assertEquals(Set.copyOf(three), Set.copyOf(plan.get("y")));
    }
    Set<List<Candidate>> firstJudgeOrders = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      firstJudgeOrders.add(JudgeAssignment.assign(List.of("x"), three, seed).get("x"));
    }
    assertTrue(firstJudgeOrders.size() > 1, "the order changes from round to round too");
  }

  @Test
  void verdictsAreReadFromJsonProseOrAScoreLineAndNothingElse() {
    assertEquals(
        Optional.of(new Verdict(7, "ok")),
        VerdictParser.parse("{\"score\":7,\"critique\":\"ok\"}"));
    assertEquals(
        7.5,
        VerdictParser.parse("Sure!\n```json\n{\"score\": 7.5, \"critique\": \"fine\"}\n```")
            .orElseThrow()
            .score());
    assertEquals(8, VerdictParser.parse("Score: 8/10\nClear and right.").orElseThrow().score());
    assertTrue(VerdictParser.parse("I like it a lot").isEmpty());
    assertTrue(VerdictParser.parse("{\"score\": 11}").isEmpty(), "outside 0-10");
    assertTrue(VerdictParser.parse(null).isEmpty());
  }

  @Test
  void aJudgesVerdictsOnSeveralAnswersMustNameEachOnce() {
    String two =
        "{\"scores\":[{\"answer\":2,\"score\":3,\"critique\":\"wrong\"},"
            + "{\"answer\":1,\"score\":9,\"critique\":\"right\"}]}";
    List<Verdict> v = VerdictParser.parseAll(two, 2).orElseThrow();
    assertEquals(9, v.get(0).score());
    assertEquals("wrong", v.get(1).critique());
    assertTrue(VerdictParser.parseAll(two, 3).isEmpty(), "an answer without a score");
    assertTrue(
        VerdictParser.parseAll(
                "{\"scores\":[{\"answer\":1,\"score\":9},{\"answer\":1,\"score\":2}]}", 2)
            .isEmpty(),
        "the same answer twice");
    assertTrue(VerdictParser.parseAll("garbage", 2).isEmpty());
    assertEquals(4, VerdictParser.parseAll("Score: 4", 1).orElseThrow().get(0).score());
  }

  @Test
  void bestTakesTheHighestMeanAndVoteTheMostCommonAnswer() {
    List<Scored> scored =
        List.of(
            new Scored(A, List.of(6.0, 8.0)),
            new Scored(B, List.of(7.0)),
            new Scored(C, List.of(9.0, 9.0)));
    assertEquals(C, Aggregation.best(scored).orElseThrow().candidate());
    assertEquals(9.0, Aggregation.best(scored).orElseThrow().score());
    Aggregation.Choice vote = Aggregation.vote(scored).orElseThrow();
    assertEquals("seven", Aggregation.normalise(vote.candidate().text()), "Seven. and seven agree");
    assertEquals(10.0 * 2 / 3, vote.score(), 1e-9);
    assertTrue(Aggregation.best(List.of(new Scored(A, List.of()))).isEmpty(), "no scores, no best");
  }

  @Test
  void stopsEarlyAtTheThresholdOrWhenScoresStopMoving() {
    assertTrue(Aggregation.stopEarly(9.5, 9.0, null, Map.of("a", 9.5), 0.25));
    assertFalse(Aggregation.stopEarly(8.0, 9.0, null, Map.of("a", 8.0), 0.25));
    assertTrue(
        Aggregation.stopEarly(
            8.0, null, Map.of("a", 8.0, "b", 6.0), Map.of("a", 8.1, "b", 6.0), 0.25));
    assertFalse(
        Aggregation.stopEarly(
            8.0, null, Map.of("a", 7.0, "b", 6.0), Map.of("a", 8.0, "b", 6.0), 0.25));
  }

  @Test
  void onlyACompletedTribunalWithFewerRoundsThanAskedStoppedEarly() {
    Tribunal t = new Tribunal();
    t.status = "completed";
    t.roundsRun = 1;
    assertTrue(t.stoppedEarly(2));
    assertFalse(t.stoppedEarly(1), "every round asked ran");
    for (String other : List.of("queued", "running", "failed", "cancelled")) {
      t.status = other;
      assertFalse(t.stoppedEarly(2), other + " ended (or goes on) for another reason");
    }
  }

  @Test
  void promptsCarryWhatEachRoleNeeds() {
    String judge = Prompts.judge("Name a prime.", null, List.of(C, A));
    assertTrue(judge.indexOf("Eleven") < judge.indexOf("Seven."), "in the judge's order");
    assertTrue(judge.contains(Prompts.VERDICT_FORMAT));
    assertFalse(judge.contains("\"a\""), "answers are anonymous");
    String refine = Prompts.refine("Name a prime.", "9", List.of("9 is not prime"), List.of("7"));
    assertTrue(refine.contains("9 is not prime") && refine.contains("[1] 7"));
  }

  @Test
  void aUnanimousPanelNeedsNoJudgeAndAgreeingJudgesEndTheRounds() {
    assertEquals(
        Optional.of(new Aggregation.Choice(new Candidate("a", "Seven."), 10.0)),
        Aggregation.unanimous(List.of(new Candidate("a", "Seven."), new Candidate("b", " seven"))));
    assertEquals(
        Optional.empty(),
        Aggregation.unanimous(List.of(new Candidate("a", "7"), new Candidate("b", "11"))));
    assertEquals(Optional.empty(), Aggregation.unanimous(List.of(new Candidate("a", "7"))));

    List<Scored> close =
        List.of(
            new Scored(new Candidate("a", "7"), List.of(8.0, 8.5)),
            new Scored(new Candidate("b", "9"), List.of(2.0, 6.0)));
    assertTrue(Aggregation.judgesAgree(close, 1.0), "the best one's scores differ by 0.5");
    assertFalse(Aggregation.judgesAgree(close, 0.25));
    assertFalse(Aggregation.judgesAgree(close, null), "no margin, no stop");
    assertFalse(
        Aggregation.judgesAgree(List.of(new Scored(new Candidate("a", "7"), List.of(8.0))), 5.0),
        "one judge agrees with no one");
  }
}
