package org.slurmllm.routing.boundary;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.boundary.KeyAllowances;
import org.slurmllm.access.boundary.KeyRule;
import org.slurmllm.access.boundary.RoleRule;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.QueueRights;
import org.slurmllm.access.entity.Role;
import org.slurmllm.history.boundary.UsageLedger;
import org.slurmllm.rest.BodyBound;
import org.slurmllm.rest.ExchangeErrors;
import org.slurmllm.rest.Refusal;
import org.slurmllm.rest.RequestIds;
import org.slurmllm.rest.RequestView;
import org.slurmllm.routing.control.GatewayMeters;
import org.slurmllm.routing.control.RoutingSettings;
import org.slurmllm.routing.control.admission.ReplicaDirectory;
import org.slurmllm.routing.control.admission.ReplicaDirectory.ModelInfo;
import org.slurmllm.routing.control.relay.Relay;
import org.slurmllm.routing.control.relay.RequestMeter;
import org.slurmllm.routing.control.request.InferenceRequest;
import org.slurmllm.routing.entity.Share;

/**
 * OpenAI's {@code POST /v1/chat/completions}, {@code /v1/completions} and {@code /v1/embeddings},
 * served on Undertow's I/O threads ({@link InferenceHandler}), not by a servlet: the servlet
 * chain's security context, async dispatch and thread hops cost more than the relay itself. It
 * applies the rules every endpoint has ({@link KeyRule}, {@link RoleRule}, {@link BodyBound}, the
 * same the servlet filters and JAX-RS apply), checks what the gateway must know (the model, the
 * context) and hands the request to {@link Relay}; the model server answers everything else, in
 * OpenAI's format. Nothing here blocks: a model not yet in memory is looked up on another thread.
 *
 * <p>Longer than 300 lines because every check a request meets before the relay is here, in the
 * order a client meets them, so that the order can be read in one place.
 */
@ApplicationScoped
@Allowed(Role.USER)
public class InferenceGateway {

  /** The servlet context attribute {@link InferenceHandler} finds the gateway under. */
  static final String ATTRIBUTE = InferenceGateway.class.getName();

  @Inject KeyRule keys;
  @Inject KeyAllowances allowances;
  @Inject ReplicaDirectory directory;
  @Inject Relay relay;
  @Inject UsageLedger ledger;
  @Inject GatewayMeters meters;
  @Inject RoutingSettings settings;

  /** The Responses API's translation, from the feature that owns it. */
  @Inject Instance<ChatTranslator> translators;

  /** Models composed of others (tribunals), from the feature that runs them. */
  @Inject Instance<ComposedModels> composed;

  private static final Logger LOG = Logger.getLogger(InferenceGateway.class.getName());

  /** The request's meter, once its model is known: the status it ended with, for the meters. */
  private static final AttachmentKey<RequestMeter> METER = AttachmentKey.create(RequestMeter.class);

  @Inject
  @ConfigProperty(name = "slurmllm.max.json.bytes", defaultValue = "8388608")
  long maxJsonBytes;

  /** The roles that may call the inference endpoints, by this class's {@link Allowed}. */
  private static final RoleRule ROLES = RoleRule.of(null, InferenceGateway.class);

  private BodyBound bound;

  @PostConstruct
  void readSettings() {
    bound = BodyBound.json(maxJsonBytes);
  }

  /** Published for the handler once the application's beans are ready. */
  void publish(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
    context.setAttribute(ATTRIBUTE, this);
    settings.unansweredWaits().ifPresent(LOG::warning);
  }

  /** Serves one request (on an I/O thread): the key first, as for every other endpoint. */
  void handle(HttpServerExchange exchange, InferenceRequest.Kind kind) {
    long arrived = System.nanoTime();
    exchange.addExchangeCompleteListener(
        (ended, next) -> {
          served(ended, kind, arrived);
          next.proceed();
        });
    RequestView request = RequestView.of(exchange);
    KeyRule.Decision key = keys.decide(request);
    if (key.refusal() != null) {
      key.refusal().sendTo(exchange);
      return;
    }
    if (!exchange.getRequestMethod().toString().equals("POST")) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "POST");
      ExchangeErrors.send(exchange, 405, "Use POST.", null, "method_not_allowed");
      return;
    }
    Principal caller = key.caller();
    Refusal refused = ROLES.check(caller);
    if (refused == null) {
      refused = bound.check(request);
    }
    if (refused != null) {
      refused.sendTo(exchange);
      return;
    }
    BodyReader.read(
        exchange, maxJsonBytes, (ex, body) -> read(ex, kind, caller, body), this::tooLarge);
  }

  private void read(
      HttpServerExchange exchange, InferenceRequest.Kind kind, Principal caller, byte[] body) {
    if (kind == InferenceRequest.Kind.RESPONSE) {
      translate(exchange, caller, body);
      return;
    }
    parsed(exchange, kind, caller, body);
  }

  /**
   * A Responses API request: translated (off the I/O thread: it may read a stored conversation)
   * into a chat request whose answer is rewritten on its way out; then served as any chat request.
   */
  private void translate(HttpServerExchange exchange, Principal caller, byte[] body) {
    TranslatedRequests.translate(
        translators,
        exchange,
        caller,
        body,
        chat -> parsed(exchange, InferenceRequest.Kind.RESPONSE, caller, chat));
  }

  private void parsed(
      HttpServerExchange exchange, InferenceRequest.Kind kind, Principal caller, byte[] body) {
    InferenceRequest inference;
    try {
      inference =
          InferenceRequest.parse(
              body, kind == InferenceRequest.Kind.RESPONSE ? InferenceRequest.Kind.CHAT : kind);
    } catch (InferenceRequest.Invalid e) {
      ExchangeErrors.send(exchange, 400, e.getMessage(), e.param(), e.code(), e.fields());
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
    if (model.tribunal() && kind == InferenceRequest.Kind.COMPLETION) {
      ExchangeErrors.send(
          exchange,
          400,
          "The model '"
              + model.name()
              + "' is a tribunal; it answers chat. Use /v1/chat/completions.",
          "model",
          "model_not_supported");
      return;
    }
    if (model.tribunal() && kind != InferenceRequest.Kind.EMBEDDING && composed.isResolvable()) {
      // a tribunal behind a model name: the tribunal feature runs it and charges its steps
      ComposedAnswers.serve(exchange, composed.get(), caller, model.name(), body, inference);
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
            case RESPONSE -> "input";
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
    if (inference.n() > settings.maxChoices()) {
      ExchangeErrors.send(
          exchange,
          400,
          "n: at most "
              + settings.maxChoices()
              + " choices per request on this service; "
              + inference.n()
              + " were asked for.",
          "n",
          "invalid_value");
      return;
    }
    // the request's worst case is held against its key's budget and tokens per minute, with a
    // place among its requests in flight, until its record has charged what it used
    KeyAllowances.Reservation hold =
        allowances.reserve(
            caller.keyId(), inference.worstCase(kind, body.length, model.contextLength()));
    if (!hold.granted()) {
      Refusal.of(429, hold.message(), null, hold.code())
          .with("Retry-After", Long.toString(hold.retryAfterSeconds()))
          .sendTo(exchange);
      return;
    }
    exchange.addExchangeCompleteListener(
        (ended, next) -> {
          hold.release(); // a request that ended without its record (the meter's end is first)
          next.proceed();
        });
    RequestMeter meter =
        new RequestMeter(
            ledger, meters, caller, kind, inference, body, RequestIds.of(exchange), hold::release);
    exchange.putAttachment(METER, meter);
    byte[] sent =
        inference.stream() && !inference.usageRequested()
            ? InferenceRequest.withUsageReported(body)
            : body;
    relay.forward(
        exchange, kind.upstreamPath(), sent, inference, meter, share(caller, inference, kind));
  }

  /**
   * The request's place in a busy model's queue: its tenant (weighted), its key, the tier it is
   * served at, and the tokens it is expected to use (an answer without {@code max_tokens} is
   * guessed at {@link #UNBOUNDED_GUESS} tokens until it ends).
   */
  private Share share(Principal caller, InferenceRequest inference, InferenceRequest.Kind kind) {
    QueueRights rights = caller.rights() == null ? QueueRights.STANDARD : caller.rights();
    return Share.of(
        caller,
        rights.tierFor(inference.serviceTier()),
        settings.weightedTokens(
            inference.expectedPromptTokens(),
            inference.expectedCompletionTokens(kind, UNBOUNDED_GUESS)));
  }

  /** The tokens a completion without {@code max_tokens} is expected to take. */
  static final long UNBOUNDED_GUESS = 256;

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
    bound.tooLarge().sendTo(exchange);
  }
}
