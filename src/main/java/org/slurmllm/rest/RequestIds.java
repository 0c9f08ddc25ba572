package org.slurmllm.rest;

import io.undertow.client.ClientRequest;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every request's id ({@code X-Request-Id}): the client's own when it is sane, else one made here.
 * It is on every answer (errors too), goes to the replica, is kept in the usage record and named in
 * the gateway's log lines about the request, so a client's error leads to its record.
 */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  private static final HttpString HEADER_NAME = new HttpString(HEADER);
  private static final AttachmentKey<String> KEY = AttachmentKey.create(String.class);
  static final int LONGEST = 64;

  private RequestIds() {}

  /** The client's id if it is 1-64 characters of letters, digits and {@code . _ : -}; else new. */
  public static String accept(String offered) {
    if (offered != null && !offered.isEmpty() && offered.length() <= LONGEST) {
      boolean sane = true;
      for (int i = 0; i < offered.length() && sane; i++) {
        char c = offered.charAt(i);
        sane =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == '_'
                || c == ':'
                || c == '-';
      }
      if (sane) {
        return offered;
      }
    }
    return made();
  }

  /** A new id: 96 random bits, cheap (no SecureRandom: an id, not a secret). */
  static String made() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "req_"
        + Long.toHexString(random.nextLong() | Long.MIN_VALUE).substring(1)
        + Integer.toHexString(random.nextInt() | Integer.MIN_VALUE).substring(1);
  }

  /** Gives the exchange its id (on the answer's headers at once, so every answer carries it). */
  public static String assign(HttpServerExchange exchange) {
    String id = accept(exchange.getRequestHeaders().getFirst(HEADER_NAME));
    exchange.putAttachment(KEY, id);
    exchange.getResponseHeaders().put(HEADER_NAME, id);
    return id;
  }

  /** The exchange's id (null before {@link #assign}). */
  public static String of(HttpServerExchange exchange) {
    return exchange.getAttachment(KEY);
  }

  /** Puts the id on a request to a replica. */
  public static void pass(ClientRequest request, String id) {
    if (id != null) {
      request.getRequestHeaders().put(HEADER_NAME, id);
    }
  }
}
