package org.slurmllm.routing.boundary;

import java.util.concurrent.CompletableFuture;
import org.slurmllm.access.entity.Principal;

/**
 * An endpoint served as a chat completion in disguise (the Responses API): its request is
 * translated into a chat request, relayed like any other (admission, retries, limits, ledger), and
 * the answer rewritten into the endpoint's format on its way to the client. The feature that owns
 * the endpoint implements it; the gateway finds it as a CDI bean.
 */
public interface ChatTranslator {

  /**
   * The chat request to relay for {@code body}, and how its answer is rewritten; fails with {@link
   * Refused} when the request cannot be served (its 4xx). May read stored state: runs off the I/O
   * thread.
   */
  CompletableFuture<Translation> translate(Principal caller, byte[] body, String requestId);

  /** A translated request. */
  record Translation(byte[] chatBody, AnswerRewriter rewriter) {}

  /**
   * Rewrites a successful chat answer's bytes (a stream's events, or the whole JSON) as they pass
   * to the client; error answers pass unchanged (their format is the same).
   */
  interface AnswerRewriter {

    /** The rewritten bytes for this piece of the chat answer (perhaps none yet). */
    byte[] rewrite(byte[] chat);

    /**
     * The last bytes, once the chat answer ended: may wait on work that must be done before the
     * client hears the end (a response stored before its id is given out as final).
     */
    CompletableFuture<byte[]> finish();
  }

  /** A request the endpoint refuses: its status and OpenAI error fields. */
  final class Refused extends RuntimeException {
    public final int status;
    public final String param;
    public final String code;

    public Refused(int status, String message, String param, String code) {
      super(message, null, false, false);
      this.status = status;
      this.param = param;
      this.code = code;
    }
  }
}
