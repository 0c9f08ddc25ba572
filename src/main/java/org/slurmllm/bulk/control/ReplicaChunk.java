package org.slurmllm.bulk.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.slurmllm.access.boundary.KeyOwners;
import org.slurmllm.access.entity.ServiceTier;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.cluster.boundary.SharedDirectory;
import org.slurmllm.routing.boundary.ModelCalls;
import org.slurmllm.routing.entity.Share;

/**
 * A chunk whose model already serves: its lines go to the model's READY replicas at the {@code
 * flex} tier instead of a SLURM job that would load the model again. Interactive requests go before
 * them whenever both wait, so the batch fills idle capacity and yields it the moment people need
 * it. The output is the chunk job's (one line per request, in input order), written aside and
 * renamed; if the replicas fail it (gone, 5xx twice, admission's refusal), nothing is kept and the
 * chunk runs as a job after all.
 */
@ApplicationScoped
public class ReplicaChunk {

  private static final Logger LOG = Logger.getLogger(ReplicaChunk.class.getName());

  /** Lines in flight at once: enough to fill a replica's slots when nobody else needs them. */
  static final int AT_ONCE = 8;

  @Inject ModelCalls calls;
  @Inject KeyOwners owners;
  @Inject SharedDirectory shared;
  @Inject BatchRecords records;
  @Inject BulkSettings settings;

  /** Whether the chunk's lines may go to its model's replicas now. */
  boolean suits(BatchChunk chunk) {
    return settings.linesToReplicas() && calls.serving(chunk.modelName);
  }

  /** Answers the chunk's lines on the replicas; false (nothing written) when they failed it. */
  boolean run(BatchChunk chunk, BatchFiles work, BooleanSupplier stopping) throws IOException {
    Batch batch = records.batch(chunk.batchId);
    Share share =
        owners.principal(batch.keyId).map(p -> Share.of(p, ServiceTier.FLEX, 0)).orElse(null);
    if (share == null) {
      return false; // the key is gone: the job path says why
    }
    Path output = work.output(chunk.index);
    Path partial = output.resolveSibling(output.getFileName() + ".partial");
    try (BufferedReader in =
            Files.newBufferedReader(work.input(chunk.index), StandardCharsets.UTF_8);
        BufferedWriter out = shared.newWriter(partial)) {
      Deque<CompletableFuture<String>> window = new ArrayDeque<>();
      String line;
      while ((line = in.readLine()) != null && !stopping.getAsBoolean()) {
        if (!line.isBlank()) {
          window.add(answer(line, chunk.modelName, batch.endpoint, share, stopping));
        }
        if (window.size() >= AT_ONCE) {
          write(out, window.removeFirst().join());
        }
      }
      while (!window.isEmpty()) {
        write(out, window.removeFirst().join());
      }
    } catch (CompletionException e) {
      Files.deleteIfExists(partial);
      LOG.info(
          () ->
              "batch "
                  + chunk.batchId
                  + " chunk "
                  + chunk.index
                  + ": its model's replicas failed it ("
                  + e.getCause().getMessage()
                  + "); it runs as a job");
      return false;
    }
    if (stopping.getAsBoolean()) {
      Files.deleteIfExists(partial);
      return false;
    }
    Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  private CompletableFuture<String> answer(
      String line, String model, String endpoint, Share share, BooleanSupplier stopping) {
    JsonObject request;
    try (JsonReader reader = JSON.createReader(new StringReader(line))) {
      request = reader.readObject();
    }
    String customId = request.getString("custom_id");
    String id = PrepareBatch.requestId();
    // a line goes where its url says: a Responses line was made a chat completion
    String path = request.getString("url", endpoint);
    return send(model, path, request.getJsonObject("body").toString(), share, stopping)
        .thenApply(reply -> outputLine(id, customId, reply.status(), reply.body()));
  }

  /**
   * The line sent until a replica answers it: a 429 of admission (the queue, or the tenant's share
   * of it, is full of others' requests) means wait, not fail, and the line asks again a second
   * later. Any other failure fails the chunk's way through the replicas.
   */
  private CompletableFuture<ModelCalls.Reply> send(
      String model, String endpoint, String body, Share share, BooleanSupplier stopping) {
    return calls
        .post(model, endpoint, body, share)
        .exceptionallyCompose(
            failure -> {
              Throwable why =
                  failure instanceof CompletionException && failure.getCause() != null
                      ? failure.getCause()
                      : failure;
              if (why instanceof ModelCalls.CallFailed refused
                  && refused.status == TOO_MANY
                  && !stopping.getAsBoolean()) {
                return CompletableFuture.supplyAsync(
                        () -> null, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS))
                    .thenCompose(x -> send(model, endpoint, body, share, stopping));
              }
              return CompletableFuture.failedFuture(why);
            });
  }

  private static final int TOO_MANY = 429;

  /**
   * The batch output line of one answer, as a chunk job writes it; an answer names the tier that
   * served it, as interactive ones do.
   */
  static String outputLine(String id, String customId, int status, String body) {
    JsonValue parsed;
    try (JsonReader reader = JSON.createReader(new StringReader(body))) {
      parsed = reader.readValue();
    } catch (RuntimeException e) {
      parsed = JSON.createValue(body);
    }
    if (status == 200 && parsed instanceof JsonObject answer) {
      parsed =
          JSON.createObjectBuilder(answer).add("service_tier", ServiceTier.FLEX.value()).build();
    }
    String requestId =
        parsed instanceof JsonObject o && o.get("id") instanceof jakarta.json.JsonString s
            ? s.getString()
            : id;
    return JSON.createObjectBuilder()
        .add("id", id)
        .add("custom_id", customId)
        .add(
            "response",
            JSON.createObjectBuilder()
                .add("status_code", status)
                .add("request_id", requestId)
                .add("body", parsed))
        .add("error", JsonValue.NULL)
        .build()
        .toString();
  }

  private static void write(BufferedWriter out, String line) throws IOException {
    out.write(line);
    out.newLine();
  }
}
