package org.slurmllm.routing.control;

/**
 * What the gateway itself must know of an OpenAI request before passing it on unchanged: the model,
 * whether to stream, and whether it is well-formed enough to send (the model server does the rest).
 * A pure function of the body; failures name the field, as OpenAI's 400s do. The body is read by
 * {@link InferenceRequestReader}.
 */
public record InferenceRequest(
    String model, boolean stream, int promptChars, boolean usageRequested, long maxTokens) {

  /** The body is not a valid request: OpenAI's 400, with the field. */
  public static final class Invalid extends RuntimeException {
    private final String param;

    Invalid(String param, String message) {
      super(message, null, false, false);
      this.param = param;
    }

    public String param() {
      return param;
    }
  }

  /** The OpenAI endpoints the gateway relays, with the usage ledger's name for each. */
  public enum Kind {
    CHAT("/v1/chat/completions", "chat"),
    COMPLETION("/v1/completions", "completion"),
    EMBEDDING("/v1/embeddings", "embedding");

    private final String path;
    private final String ledgerName;

    Kind(String path, String ledgerName) {
      this.path = path;
      this.ledgerName = ledgerName;
    }

    public String path() {
      return path;
    }

    public String ledgerName() {
      return ledgerName;
    }

    /** The kind served at the path, or null. */
    public static Kind at(String path) {
      return switch (path) {
        case "/v1/chat/completions" -> CHAT;
        case "/v1/completions" -> COMPLETION;
        case "/v1/embeddings" -> EMBEDDING;
        default -> null;
      };
    }
  }

  public static InferenceRequest parse(byte[] body, boolean chat) {
    return parse(body, chat ? Kind.CHAT : Kind.COMPLETION);
  }

  public static InferenceRequest parse(byte[] body, Kind kind) {
    return new InferenceRequestReader(body, kind).read();
  }

  /**
   * The body of a streamed request with {@code stream_options.include_usage} set, so the model
   * server counts the stream's tokens for the ledger (see {@link StreamUsageSplice}).
   */
  public static byte[] withUsageReported(byte[] body) {
    return StreamUsageSplice.withUsageReported(body);
  }

  /**
   * Whether the prompt cannot fit the context, checked before any replica is bothered: common
   * tokenizers give about one token per four characters of English and never fewer than one per
   * eight, so more than eight characters per context token cannot fit. Closer cases are the model
   * server's to refuse (it counts exactly; its 400 is passed on).
   */
  public boolean certainlyExceeds(int contextLength) {
    return promptChars / 8 > contextLength;
  }

  /**
   * Whether the completion asked for cannot fit the context even after an empty prompt (vLLM and
   * OpenAI refuse such requests too). Model servers size their work by it: a bound here keeps a
   * {@code max_tokens} of a billion from ever reaching one.
   */
  public boolean asksMoreThan(int contextLength) {
    return maxTokens > contextLength;
  }
}
