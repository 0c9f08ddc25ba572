package org.slurmllm.tribunal.control;

import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.slurmllm.routing.boundary.ModelCalls;
import org.slurmllm.routing.boundary.ModelCalls.Answer;
import org.slurmllm.tribunal.entity.TribunalStep;

/** A tribunal step made from a model call: what was asked, and what came back or why not. */
final class TribunalSteps {

  private TribunalSteps() {}

  static TribunalStep of(String id, int round, String role, String model, String prompt) {
    TribunalStep s = new TribunalStep();
    s.tribunalId = id;
    s.round = round;
    s.role = role;
    s.model = model;
    s.prompt = prompt;
    return s;
  }

  static void fill(TribunalStep step, Answer a) {
    step.replicaId = a.replicaId();
    step.output = a.text();
    step.latencyMs = a.latencyMillis();
    step.promptTokens = a.promptTokens();
    step.completionTokens = a.completionTokens();
  }

  /** A failed call's message, unwrapped from the future's CompletionException. */
  static String reason(Throwable failure) {
    Throwable cause = cause(failure);
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  /** The replica a failed call reached, if it reached one. */
  static UUID replicaOf(Throwable failure) {
    return cause(failure) instanceof ModelCalls.CallFailed f ? f.replicaId : null;
  }

  /**
   * The status a failed call is recorded with in the ledger: what the call ended with (a replica's
   * 4xx as it is, admission's 429 or 503), else 502.
   */
  static int status(Throwable failure) {
    return cause(failure) instanceof ModelCalls.CallFailed f ? f.status : 502;
  }

  private static Throwable cause(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }
}
