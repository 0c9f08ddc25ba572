package org.slurmllm.routing.boundary;

import java.util.concurrent.CompletableFuture;
import org.slurmllm.access.entity.Principal;

/**
 * Models the application composes of other models (a tribunal behind a model name): a chat request
 * to one is not relayed to a replica but handed to the feature that runs it, which calls the
 * members through routing ({@link ModelCalls}) and answers with the result. The gateway writes the
 * answer in OpenAI's format, streamed or not, with the work's id in a header. Implemented by that
 * feature; found as a CDI bean.
 */
public interface ComposedModels {

  /**
   * Starts the work for a chat request to {@code model}; fails with {@link ChatTranslator.Refused}
   * when it cannot start (a bad field, the caller's limits). Runs off the I/O thread.
   */
  CompletableFuture<Work> start(Principal caller, String model, byte[] chatBody, String requestId);

  /** Work under way. */
  interface Work {

    /** Its id, for the header and the answer's id. */
    String id();

    /** The header that carries the id to the client (e.g. {@code X-Tribunal-Id}). */
    String header();

    /** A short line on how far it is, for the keep-alive comments of a stream. */
    CompletableFuture<String> progress();

    /** The answer; fails with {@link ChatTranslator.Refused} (its status) when there is none. */
    CompletableFuture<Answer> answer();

    /** The client left before the answer: the work stops (what it did stays recorded). */
    void cancel();
  }

  /** What the work answered, with the tokens every step of it used. */
  record Answer(String text, long promptTokens, long completionTokens, String finishReason) {}
}
