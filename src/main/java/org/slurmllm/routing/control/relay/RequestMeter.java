package org.slurmllm.routing.control.relay;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.slurmllm.access.entity.ContentPolicy;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.history.boundary.UsageLedger;
import org.slurmllm.history.entity.TokenCounts;
import org.slurmllm.history.entity.UsageRecord;
import org.slurmllm.routing.control.GatewayMeters;
import org.slurmllm.routing.control.request.InferenceRequest;

/**
 * What one interactive request costs, gathered as the answer passes through: the replica, when the
 * first token came, the tokens, the status; the text only as the tenant's content policy allows.
 * Its record goes to the usage ledger once, when the request ends, and then the request's hold on
 * its key's budget is given back ({@code settled}): the record has charged what was used.
 */
public final class RequestMeter {

  private final UsageLedger ledger;
  private final GatewayMeters meters;
  private final Principal caller;
  private final String kind;
  private final String model;
  private final Instant at = Instant.now();
  private final long start = System.nanoTime();
  private final int promptChars;
  private final String promptText;
  private final StringBuilder completion;
  private volatile UUID replica;
  private volatile long firstTokenNanos;
  private volatile TokenCounts tokens = TokenCounts.NONE;
  private volatile int completionChars;
  private volatile int chunks;
  private volatile boolean ended;
  private volatile int status;
  private final String requestId;
  private final Runnable settled;

  public RequestMeter(
      UsageLedger ledger,
      GatewayMeters meters,
      Principal caller,
      InferenceRequest.Kind kind,
      InferenceRequest request,
      byte[] body,
      String requestId,
      Runnable settled) {
    this.requestId = requestId;
    this.settled = settled;
    this.ledger = ledger;
    this.meters = meters;
    this.caller = caller;
    this.kind = kind.ledgerName();
    this.model = request.model();
    this.promptChars = request.promptChars();
    boolean full = caller.policy() == ContentPolicy.FULL;
    this.promptText = full ? new String(body, StandardCharsets.UTF_8) : null;
    this.completion = full ? new StringBuilder() : null;
  }

  /**
   * Whether the text of answers is wanted (sizes or text): then chunks are parsed for it. An
   * embeddings answer has no text, only vectors, which are never parsed here.
   */
  boolean wantsContent() {
    return caller.policy() != ContentPolicy.NONE && !kind.equals("embedding");
  }

  void replica(UUID id) {
    replica = id;
  }

  /** A streamed chunk (a {@code data:} line's JSON) went to the client. */
  void chunk(String json) {
    if (firstTokenNanos == 0) {
      firstTokenNanos = System.nanoTime();
    }
    TokenCounts counts = json.contains("\"usage\"") ? TokenCounts.scan(json) : null;
    if (counts != null) {
      tokens = counts;
    } else {
      chunks++;
    }
    if (wantsContent()) {
      content(json, true);
    }
  }

  /** A whole (non-streamed) answer went to the client. */
  void answer(byte[] body) {
    firstTokenNanos = System.nanoTime();
    TokenCounts counts = TokenCounts.scan(new String(body, StandardCharsets.ISO_8859_1));
    if (counts != null) {
      tokens = counts;
    }
    if (wantsContent()) {
      content(new String(body, StandardCharsets.UTF_8), false);
    }
  }

  private void content(String json, boolean delta) {
    try (var reader = JSON.createReader(new StringReader(json))) {
      JsonArray choices = reader.readObject().getJsonArray("choices");
      if (choices == null) {
        return;
      }
      for (int i = 0; i < choices.size(); i++) {
        JsonObject choice = choices.getJsonObject(i);
        JsonObject message = choice.getJsonObject(delta ? "delta" : "message");
        String text =
            message != null && message.get("content") instanceof JsonString s
                ? s.getString()
                : choice.get("text") instanceof JsonString t ? t.getString() : "";
        completionChars += text.length();
        if (completion != null) {
          synchronized (completion) {
            completion.append(text);
          }
        }
      }
    } catch (RuntimeException e) {
      // not an answer we can read the text of: the counts stand without it
    }
  }

  /** The catalog model the request is for. */
  public String model() {
    return model;
  }

  /** The status the request ended with (499: its client left), or 0 while it runs. */
  public int status() {
    return status;
  }

  /** The tokens the request used, as its record charged them once it ended. */
  TokenCounts counted() {
    return tokens;
  }

  /** The request ended with this status: its record goes to the ledger (once). */
  void end(int status) {
    if (ended) {
      return;
    }
    ended = true;
    this.status = status;
    long now = System.nanoTime();
    TokenCounts tokens = this.tokens;
    if (tokens == TokenCounts.NONE && chunks > 0) {
      // the stream ended before its usage chunk (the client left, the replica failed): charged
      // what was sent, a token a chunk, and the prompt at four characters a token
      tokens = new TokenCounts(Math.max(1, promptChars / 4), chunks);
    }
    if (firstTokenNanos != 0) {
      meters.firstToken(model, firstTokenNanos - start);
    }
    meters.tokens(model, tokens.prompt(), tokens.completion());
    this.tokens = tokens;
    boolean metadata = caller.policy() != ContentPolicy.NONE;
    ledger.record(
        new UsageRecord(
            at,
            caller.keyId(),
            caller.tenantId(),
            kind,
            model,
            replica,
            null,
            null,
            tokens.prompt(),
            tokens.completion(),
            (int) ((now - start) / 1_000_000),
            firstTokenNanos == 0 ? null : (int) ((firstTokenNanos - start) / 1_000_000),
            status,
            metadata ? promptChars : null,
            metadata ? completionChars : null,
            promptText,
            completion == null ? null : completion.toString(),
            requestId));
    settled.run(); // after the record charged what was used: the hold is never missing from both
  }
}
