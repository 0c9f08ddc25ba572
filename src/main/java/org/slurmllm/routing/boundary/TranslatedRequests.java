package org.slurmllm.routing.boundary;

import io.undertow.server.HttpServerExchange;
import jakarta.enterprise.inject.Instance;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.rest.ExchangeErrors;
import org.slurmllm.rest.RequestIds;

/**
 * A request of an endpoint served as a chat completion in disguise ({@link ChatTranslator}): its
 * translation, which may take another thread, then, back on the exchange's I/O thread, the
 * rewriting of its answer installed and the chat request served; or the translator's refusal.
 */
final class TranslatedRequests {

  private static final Logger LOG = Logger.getLogger(TranslatedRequests.class.getName());

  private TranslatedRequests() {}

  static void translate(
      Instance<ChatTranslator> translators,
      HttpServerExchange exchange,
      Principal caller,
      byte[] body,
      Consumer<byte[]> serveChat) {
    if (!translators.isResolvable()) {
      ExchangeErrors.send(exchange, 404, "No such endpoint.", null, "not_found");
      return;
    }
    translators
        .get()
        .translate(caller, body, RequestIds.of(exchange))
        .whenComplete(
            (translation, failure) ->
                exchange
                    .getIoThread()
                    .execute(
                        () -> {
                          if (failure != null) {
                            refuse(exchange, failure);
                            return;
                          }
                          RewritingConduit.install(exchange, translation.rewriter());
                          serveChat.accept(translation.chatBody());
                        }));
  }

  private static void refuse(HttpServerExchange exchange, Throwable failure) {
    Throwable why = failure.getCause() != null ? failure.getCause() : failure;
    if (why instanceof ChatTranslator.Refused refused) {
      ExchangeErrors.send(
          exchange, refused.status, refused.getMessage(), refused.param, refused.code);
      return;
    }
    LOG.log(Level.SEVERE, "request " + RequestIds.of(exchange) + ": translation failed", why);
    ExchangeErrors.send(exchange, 500, "Internal error.", null, "internal_error");
  }
}
