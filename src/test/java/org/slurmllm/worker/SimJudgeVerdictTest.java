package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slurmllm.tribunal.control.Candidate;
import org.slurmllm.tribunal.control.Prompts;
import org.slurmllm.tribunal.control.VerdictParser;

/**
 * What the worker's sim engine and the tribunal must agree on: the sim judges a tribunal's prompt
 * with verdicts the tribunal reads. Two programs, so the test sits here, where the gateway's
 * classes and the worker's (in its package, for the sim's own) are both on the class path.
 */
class SimJudgeVerdictTest {

  final SimEngine instant = new SimEngine(LatencyProfile.named("instant"), Faults.NONE, 4096);

  @Test
  void aJudgeRequestGetsAVerdictTheTribunalCanReadWithScoresFixedByTheAnswers() {
    var a = new Candidate("a", "Seven is prime.");
    var b = new Candidate("b", "Nine.");
    String request = Prompts.judge("Name a prime.", null, List.of(b, a));
    GenerationRequest chat =
        new GenerationRequest(
            null,
            List.of(new GenerationRequest.Message("user", request)),
            512,
            1,
            1,
            List.of(),
            null);
    Engine.Result r = instant.generate(chat, t -> {});
    var verdicts = VerdictParser.parseAll(r.text(), 2).orElseThrow();
    assertEquals(SimEngine.simScore("Nine."), verdicts.get(0).score());
    assertEquals(SimEngine.simScore("Seven is prime."), verdicts.get(1).score());
  }
}
