package org.slurmllm.worker;

import java.util.function.Consumer;

/** A text generator: the simulator or llama.cpp. */
interface Engine extends AutoCloseable {

  /** How a generation ended, with OpenAI's usage counts. */
  record Result(String text, int promptTokens, int completionTokens, String finishReason) {}

  /**
   * Generates, handing each piece of text to {@code onToken} as soon as it exists (streaming),
   * and answers the whole result at the end.
   *
   * @throws EngineException if generation fails (the HTTP layer answers 500)
   */
  Result generate(GenerationRequest request, Consumer<String> onToken);

  /** Most tokens of prompt plus completion. */
  int contextLength();

  /** Counts the tokens of a text as the engine would. */
  int countTokens(String text);

  @Override
  default void close() {}

  /** A generation failed inside the engine. */
  final class EngineException extends RuntimeException {
    EngineException(String message) {
      super(message);
    }
  }
}
