package org.slurmllm.routing.boundary;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slurmllm.access.boundary.AccessDenied;
import org.slurmllm.access.boundary.KeyCheck;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.history.boundary.UsageLedger;
import org.slurmllm.rest.ExchangeErrors;
import org.slurmllm.rest.RequestIds;
import org.slurmllm.routing.control.GatewayMeters;
import org.slurmllm.routing.control.InferenceRequest;
import org.slurmllm.routing.control.Relay;
import org.slurmllm.routing.control.ReplicaDirectory;
import org.slurmllm.routing.control.ReplicaDirectory.ModelInfo;
import org.slurmllm.routing.control.RequestMeter;

/**
 * OpenAI's {@code POST /v1/chat/completions}, {@code /v1/completions} and {@code /v1/embeddings},
 * served on Undertow's I/O threads ({@link InferenceHandler}), not by a servlet: the servlet
 * chain's security context, async dispatch and thread hops cost more than the relay itself. It
 * checks what the gateway must know (the key and its limits, the body's size, the model, the
 * context) and hands the request to {@link Relay}; the model server answers everything else, in
 * OpenAI's format. Nothing here blocks: a model not yet in memory is looked up on another thread.
 */
@ApplicationScoped
public class InferenceGateway {

  /** The servlet context attribute {@link InferenceHandler} finds the gateway under. */
  static final String ATTRIBUTE = InferenceGateway.class.getName();

  @Inject KeyCheck keys;
  @Inject ReplicaDirectory directory;
  @Inject Relay relay;
  @Inject UsageLedger ledger;
  @Inject GatewayMeters meters;

  /** The request's meter, once its model is known: the status it ended with, for the meters. */
  private static final AttachmentKey<RequestMeter> METER = AttachmentKey.create(RequestMeter.class);

  @Inject
  @ConfigProperty(name = "slurmllm.max.json.bytes", defaultValue = "8388608")
  long maxJsonBytes;

  /** Published for the handler once the application's beans are ready. */
  void publish(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
    context.setAttribute(ATTRIBUTE, this);
  }

  /** Serves one request (on an I/O thread): the key first, as for every other endpoint. */
  void handle(HttpServerExchange exchange, InferenceRequest.Kind kind) {
    long arrived = System.nanoTime();
    exchange.addExchangeCompleteListener(
        (ended, next) -> {
          served(ended, kind, arrived);
          next.proceed();
        });
    KeyCheck.Verdict verdict =
        keys.check(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
    if (!verdict.admitted()) {
      if (verdict.status() == 401) {
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
      } else {
        exchange
            .getResponseHeaders()
            .put(Headers.RETRY_AFTER, Long.toString(verdict.retryAfterSeconds()));
      }
      ExchangeErrors.send(exchange, verdict.status(), verdict.message(), null, verdict.code());
      return;
    }
    if (!exchange.getRequestMethod().toString().equals("POST")) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "POST");
      ExchangeErrors.send(exchange, 405, "Use POST.", null, "method_not_allowed");
      return;
    }
    Principal caller = verdict.principal();
    if (caller.role() == Role.AUDITOR) {
      ExchangeErrors.send(
          exchange, 403, new AccessDenied(caller.role().value()).getMessage(), null, "forbidden");
      return;
    }
    if (exchange.getRequestContentLength() > maxJsonBytes) {
      tooLarge(exchange);
      return;
    }
    BodyReader.read(
        exchange, maxJsonBytes, (ex, body) -> read(ex, kind, caller, body), this::tooLarge);
  }

  private void read(
      HttpServerExchange exchange, InferenceRequest.Kind kind, Principal caller, byte[] body) {
    InferenceRequest inference;
    try {
      inference = InferenceRequest.parse(body, kind);
    } catch (InferenceRequest.Invalid e) {
      ExchangeErrors.send(
          exchange,
          400,
          e.getMessage(),
          e.param(),
          e.param() == null ? "invalid_json" : "invalid_value");
      return;
    }
    directory
        .modelSoon(inference.model())
        .whenComplete(
            (model, failure) -> {
              Runnable next = () -> route(exchange, kind, caller, body, inference, model, failure);
              if (Thread.currentThread() == exchange.getIoThread()) {
                next.run();
              } else {
                exchange.getIoThread().execute(next);
              }
            });
  }

  private void route(
      HttpServerExchange exchange,
      InferenceRequest.Kind kind,
      Principal caller,
      byte[] body,
      InferenceRequest inference,
      Optional<ModelInfo> found,
      Throwable failure) {
    if (failure != null) {
      ExchangeErrors.send(
          exchange,
          503,
          "The model catalog cannot be read right now. Retry in a little while.",
          null,
          "database_unavailable");
      return;
    }
    ModelInfo model = found.filter(m -> m.usableBy(caller)).orElse(null);
    if (model == null) {
      ExchangeErrors.send(
          exchange,
          404,
          "The model '" + inference.model() + "' does not exist.",
          "model",
          "model_not_found");
      return;
    }
    if (model.embeds() != (kind == InferenceRequest.Kind.EMBEDDING)) {
      ExchangeErrors.send(
          exchange,
          400,
          model.embeds()
              ? "The model '"
                  + model.name()
                  + "' embeds text; it does not generate. Use /v1/embeddings."
              : "The model '"
                  + model.name()
                  + "' generates text; it does not embed. Use an embedding model (task embed).",
          "model",
          "model_not_supported");
      return;
    }
    // an embeddings request's limit is per input: the model server counts each exactly
    if (kind != InferenceRequest.Kind.EMBEDDING
        && inference.certainlyExceeds(model.contextLength())) {
      ExchangeErrors.send(
          exchange,
          400,
          "This model's maximum context length is "
              + model.contextLength()
              + " tokens; the prompt is longer.",
          switch (kind) {
            case CHAT -> "messages";
            case COMPLETION -> "prompt";
            case EMBEDDING -> "input";
          },
          "context_length_exceeded");
      return;
    }
    if (inference.asksMoreThan(model.contextLength())) {
      ExchangeErrors.send(
          exchange,
          400,
          "max_tokens: "
              + inference.maxTokens()
              + " is more than this model's maximum context length of "
              + model.contextLength()
              + " tokens.",
          "max_tokens",
          "context_length_exceeded");
      return;
    }
    RequestMeter meter =
        new RequestMeter(ledger, meters, caller, kind, inference, body, RequestIds.of(exchange));
    exchange.putAttachment(METER, meter);
    byte[] sent =
        inference.stream() && !inference.usageRequested()
            ? InferenceRequest.withUsageReported(body)
            : body;
    relay.forward(exchange, kind.path(), sent, inference, meter);
  }

  /**
   * Counts the ended request: by the status its meter ended with (a client that left is 499, as in
   * the ledger), else by the status answered; by model once one was found.
   */
  private void served(HttpServerExchange exchange, InferenceRequest.Kind kind, long arrived) {
    RequestMeter meter = exchange.getAttachment(METER);
    int status = meter != null && meter.status() != 0 ? meter.status() : exchange.getStatusCode();
    meters.served(
        meter != null ? meter.model() : GatewayMeters.NO_MODEL,
        kind.path(),
        status,
        System.nanoTime() - arrived);
  }

  /**
   * 413, and the connection stays open: Undertow reads the rest of the body and discards it (up to
   * the listener's max-post-size, beyond which it closes). Closed at once, with the client still
   * sending, the kernel resets the connection and the client may never see the 413 (1 in 30 here).
   */
  private void tooLarge(HttpServerExchange exchange) {
    ExchangeErrors.send(
        exchange,
        413,
        "Request body larger than " + maxJsonBytes + " bytes.",
        null,
        "request_too_large");
  }
}
