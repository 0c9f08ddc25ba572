package org.slurmllm.routing.boundary;

import static org.slurmllm.rest.JsonP.JSON;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.rest.ExchangeErrors;
import org.slurmllm.rest.RequestIds;
import org.slurmllm.rest.ServletErrors;
import org.slurmllm.routing.control.relay.ClientWatch;
import org.slurmllm.routing.control.request.InferenceRequest;
import org.xnio.XnioExecutor;

/**
 * A chat request to a composed model ({@link ComposedModels}), answered in OpenAI's format: whole,
 * once the work is done; or streamed, a comment line every {@link #KEEP_ALIVE_SECONDS} while it
 * works (SDKs ignore comments; proxies and clients see the connection alive), then the answer as
 * ordinary chunks and {@code [DONE]}. The work's id is in a header from the start. All writes on
 * the exchange's I/O thread, none blocking.
 */
final class ComposedAnswers {

  private static final Logger LOG = Logger.getLogger(ComposedAnswers.class.getName());

  /** How often a stream says the work goes on (the issue asks for at least every 10 s). */
  static final long KEEP_ALIVE_SECONDS = 5;

  private ComposedAnswers() {}

  static void serve(
      HttpServerExchange exchange,
      ComposedModels composed,
      Principal caller,
      String model,
      byte[] body,
      InferenceRequest inference) {
    composed
        .start(caller, model, body, RequestIds.of(exchange))
        .whenComplete(
            (work, failure) ->
                onIoThread(
                    exchange,
                    () -> {
                      if (failure != null) {
                        refuse(exchange, failure);
                        return;
                      }
                      exchange.getResponseHeaders().put(new HttpString(work.header()), work.id());
                      // a client that leaves before the answer stops the work it asked for (the
                      // connection is read for its end, as the relay does for its requests)
                      ClientWatch.watch(
                          exchange,
                          () -> {
                            if (!work.answer().isDone()) {
                              work.cancel();
                            }
                          });
                      work.answer()
                          .whenComplete(
                              (a, f) -> onIoThread(exchange, () -> ClientWatch.stop(exchange)));
                      if (inference.stream()) {
                        stream(exchange, work, model, inference.usageRequested());
                      } else {
                        whole(exchange, work, model);
                      }
                    }));
  }

  private static void whole(HttpServerExchange exchange, ComposedModels.Work work, String model) {
    work.answer()
        .whenComplete(
            (answer, failure) ->
                onIoThread(
                    exchange,
                    () -> {
                      if (failure != null) {
                        refuse(exchange, failure);
                        return;
                      }
                      byte[] json =
                          completion(work.id(), model, answer).getBytes(StandardCharsets.UTF_8);
                      exchange.setStatusCode(200);
                      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                      exchange.setResponseContentLength(json.length);
                      exchange.getResponseSender().send(ByteBuffer.wrap(json));
                    }));
  }

  private static void stream(
      HttpServerExchange exchange, ComposedModels.Work work, String model, boolean usage) {
    exchange.setStatusCode(200);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
    exchange.getResponseHeaders().put(new HttpString("X-Accel-Buffering"), "no");
    EventWriter out = new EventWriter(exchange);
    out.send(": started " + work.id() + "\n\n");
    XnioExecutor.Key keepAlive =
        exchange
            .getIoThread()
            .executeAtInterval(
                () ->
                    work.progress()
                        .thenAccept(p -> onIoThread(exchange, () -> out.send(": " + p + "\n\n"))),
                KEEP_ALIVE_SECONDS,
                TimeUnit.SECONDS);
    work.answer()
        .whenComplete(
            (answer, failure) ->
                onIoThread(
                    exchange,
                    () -> {
                      keepAlive.remove();
                      if (failure != null) {
                        Throwable why = cause(failure);
                        out.send(
                            "data: "
                                + ServletErrors.body(
                                    why.getMessage(),
                                    "server_error",
                                    null,
                                    why instanceof ChatTranslator.Refused r ? r.code : "failed",
                                    null)
                                + "\n\n");
                      } else {
                        chunks(out, work.id(), model, answer, usage);
                      }
                      out.end();
                    }));
  }

  /** The answer as a stream's chunks: the role, the text a few words at a time, the end. */
  private static void chunks(
      EventWriter out, String id, String model, ComposedModels.Answer answer, boolean usage) {
    long created = Instant.now().getEpochSecond();
    out.data(
        chunk(
            id,
            model,
            created,
            JSON.createObjectBuilder().add("role", "assistant").add("content", ""),
            null));
    String[] words = answer.text().split("(?<=\\s)");
    StringBuilder piece = new StringBuilder();
    for (int i = 0; i < words.length; i++) {
      piece.append(words[i]);
      if (piece.length() >= 24 || i == words.length - 1) {
        out.data(
            chunk(
                id,
                model,
                created,
                JSON.createObjectBuilder().add("content", piece.toString()),
                null));
        piece.setLength(0);
      }
    }
    out.data(chunk(id, model, created, JSON.createObjectBuilder(), answer.finishReason()));
    if (usage) {
      out.data(
          JSON.createObjectBuilder()
              .add("id", id)
              .add("object", "chat.completion.chunk")
              .add("created", created)
              .add("model", model)
              .add("choices", JSON.createArrayBuilder())
              .add("usage", usage(answer))
              .build()
              .toString());
    }
    out.send("data: [DONE]\n\n");
  }

  private static String chunk(
      String id, String model, long created, JsonObjectBuilder delta, String finish) {
    return JSON.createObjectBuilder()
        .add("id", id)
        .add("object", "chat.completion.chunk")
        .add("created", created)
        .add("model", model)
        .add(
            "choices",
            JSON.createArrayBuilder()
                .add(
                    JSON.createObjectBuilder()
                        .add("index", 0)
                        .add("delta", delta)
                        .add("logprobs", JsonValue.NULL)
                        .add(
                            "finish_reason",
                            finish == null ? JsonValue.NULL : JSON.createValue(finish))))
        .build()
        .toString();
  }

  static String completion(String id, String model, ComposedModels.Answer answer) {
    return JSON.createObjectBuilder()
        .add("id", id)
        .add("object", "chat.completion")
        .add("created", Instant.now().getEpochSecond())
        .add("model", model)
        .add(
            "choices",
            JSON.createArrayBuilder()
                .add(
                    JSON.createObjectBuilder()
                        .add("index", 0)
                        .add(
                            "message",
                            JSON.createObjectBuilder()
                                .add("role", "assistant")
                                .add("content", answer.text())
                                .add("refusal", JsonValue.NULL))
                        .add("logprobs", JsonValue.NULL)
                        .add("finish_reason", answer.finishReason())))
        .add("usage", usage(answer))
        .build()
        .toString();
  }

  private static JsonObject usage(ComposedModels.Answer answer) {
    return JSON.createObjectBuilder()
        .add("prompt_tokens", answer.promptTokens())
        .add("completion_tokens", answer.completionTokens())
        .add("total_tokens", answer.promptTokens() + answer.completionTokens())
        .build();
  }

  private static void refuse(HttpServerExchange exchange, Throwable failure) {
    Throwable why = cause(failure);
    if (why instanceof ChatTranslator.Refused refused) {
      ExchangeErrors.send(
          exchange, refused.status, refused.getMessage(), refused.param, refused.code);
      return;
    }
    LOG.log(Level.SEVERE, "request " + RequestIds.of(exchange) + ": a composed model failed", why);
    ExchangeErrors.send(exchange, 500, "Internal error.", null, "internal_error");
  }

  private static Throwable cause(Throwable failure) {
    Throwable why = failure;
    while (why.getCause() != null
        && (why instanceof java.util.concurrent.CompletionException
            || why instanceof java.util.concurrent.ExecutionException)) {
      why = why.getCause();
    }
    return why;
  }

  private static void onIoThread(HttpServerExchange exchange, Runnable task) {
    if (Thread.currentThread() == exchange.getIoThread()) {
      task.run();
    } else {
      exchange.getIoThread().execute(task);
    }
  }
}
