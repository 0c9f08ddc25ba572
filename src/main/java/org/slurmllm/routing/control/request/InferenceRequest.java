package org.slurmllm.routing.control.request;

import java.util.List;
import org.slurmllm.rest.ApiError;
import org.slurmllm.rest.FieldProblems;

/**
 * What the gateway itself must know of an OpenAI request before passing it on unchanged: the model,
 * whether to stream, and whether it is well-formed enough to send (the model server does the rest).
 * A pure function of the body; failures name the field, as OpenAI's 400s do. The body is read by
 * {@link InferenceRequestReader}.
 */
public record InferenceRequest(
    String model,
    boolean stream,
    int promptChars,
    boolean usageRequested,
    long maxTokens,
    long n,
    String serviceTier) {

  /**
   * Tokens a prompt template adds beyond the body's bytes (a start token, the generation prompt):
   * each message's own markers are paid for by its JSON ({@code {"role":"user","content":""}} is 28
   * bytes, more than any template's tokens for a message).
   */
  static final int TEMPLATE_TOKENS = 16;

  /**
   * The body is not a valid request: OpenAI's 400. Either it is not JSON at all ({@code
   * invalid_json}), or fields are wrong ({@code invalid_value}): then every one of them is named in
   * the message and the first is the {@code param}.
   */
  public static final class Invalid extends RuntimeException {
    private final String param;
    private final String code;
    private final List<ApiError.Field> fields;

    private Invalid(String param, String code, String message, List<ApiError.Field> fields) {
      super(message, null, false, false);
      this.param = param;
      this.code = code;
      this.fields = fields;
    }

    static Invalid malformed(String message) {
      return new Invalid(null, "invalid_json", message, null);
    }

    static Invalid fields(FieldProblems problems) {
      return new Invalid(problems.param(), "invalid_value", problems.message(), problems.fields());
    }

    /** Every bad field, for the error's {@code fields}; null when the body is not JSON. */
    public List<ApiError.Field> fields() {
      return fields;
    }

    public String param() {
      return param;
    }

    public String code() {
      return code;
    }
  }

  /** The OpenAI endpoints the gateway relays, with the usage ledger's name for each. */
  public enum Kind {
    CHAT("/v1/chat/completions", "chat"),
    COMPLETION("/v1/completions", "completion"),
    EMBEDDING("/v1/embeddings", "embedding"),
    /** The Responses API: translated into a chat completion ({@code ChatTranslator}). */
    RESPONSE("/v1/responses", "response");

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

    /** Where the replica serves it: a response is a chat completion to the model server. */
    public String upstreamPath() {
      return this == RESPONSE ? CHAT.path : path;
    }

    /** The kind served at the path, or null. */
    public static Kind at(String path) {
      return switch (path) {
        case "/v1/chat/completions" -> CHAT;
        case "/v1/completions" -> COMPLETION;
        case "/v1/embeddings" -> EMBEDDING;
        case "/v1/responses" -> RESPONSE;
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
   * The tokens the request is expected to use, for its tenant's fair share until its answer tells:
   * the prompt at four characters a token, each choice's {@code max_tokens} (or {@code
   * unboundedGuess} when not set). Corrected by what it used once it ends.
   */
  public long expectedPromptTokens() {
    return promptChars / 4 + TEMPLATE_TOKENS;
  }

  public long expectedCompletionTokens(Kind kind, long unboundedGuess) {
    if (kind == Kind.EMBEDDING) {
      return 0;
    }
    return Math.max(1, n) * (maxTokens > 0 ? maxTokens : unboundedGuess);
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
   * The most tokens the request can use, to hold against its key's budget while it runs: cheap and
   * never below what the model server will count. The prompt is at most one token per byte of the
   * body (byte-level tokenizers never make more tokens than bytes, and the body holds the prompt,
   * its tools and its markup), and at most the context; each of the {@code n} choices at most
   * {@code max_tokens}, or the context when it is not set. An embedding has its inputs only.
   */
  public long worstCase(Kind kind, int bodyBytes, int contextLength) {
    long prompt = (long) bodyBytes + TEMPLATE_TOKENS;
    if (kind == Kind.EMBEDDING) {
      return prompt; // several inputs may each fill a context: the body bounds them all
    }
    long perChoice = maxTokens > 0 ? Math.min(maxTokens, contextLength) : contextLength;
    return Math.min(prompt, contextLength) + Math.max(1, n) * perChoice;
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
