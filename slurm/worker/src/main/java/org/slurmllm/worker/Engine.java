package org.slurmllm.worker;

import java.util.function.Consumer;

/** A text generator: the simulator or llama.cpp. */
interface Engine extends AutoCloseable {

  /** How a generation ended, with OpenAI's usage counts. */
  record Result(String text, int promptTokens, int completionTokens, String finishReason) {}

  /**
   * Generates, handing each piece of text to {@code onToken} as soon as it exists (streaming), and
   * answers the whole result at the end.
   *
   * @throws EngineException if generation fails (the HTTP layer answers 500)
   */
  Result generate(GenerationRequest request, Consumer<String> onToken);

  /** Most tokens of prompt plus completion. */
  int contextLength();

  /** Counts the tokens of a text as the engine would. */
  int countTokens(String text);

  /**
   * The request as the engine will run it: refused (400) when its prompt cannot be tokenized or
   * fills the context, its {@code max_tokens} cut to the room the context leaves (the engines size
   * their work by it, so a huge value must never reach them).
   *
   * @throws InvalidInput naming the field and the reason
   */
  default GenerationRequest fitted(GenerationRequest request) {
    String field = request.isChat() ? "messages" : "prompt";
    int promptTokens;
    try {
      promptTokens = countTokens(request.text());
    } catch (InvalidInput bad) {
      throw new InvalidInput(field, bad.code, bad.getMessage());
    }
    if (promptTokens >= contextLength()) {
      throw new InvalidInput(
          field,
          "context_length_exceeded",
          "This model's maximum context length is "
              + contextLength()
              + " tokens. However, you requested "
              + promptTokens
              + " tokens in the prompt.");
    }
    return request.withMaxTokens(Math.min(request.maxTokens(), contextLength() - promptTokens));
  }

  @Override
  default void close() {}

  /**
   * Input the engine cannot take (the HTTP layer answers 400, naming the field): checked before the
   * engine sees it, because some engines end the process rather than fail the request.
   */
  final class InvalidInput extends RuntimeException {
    final String param;
    final String code;

    InvalidInput(String param, String code, String message) {
      super(message);
      this.param = param;
      this.code = code;
    }
  }

  /** A generation failed inside the engine. */
  final class EngineException extends RuntimeException {
    EngineException(String message) {
      super(message);
    }
  }
}
