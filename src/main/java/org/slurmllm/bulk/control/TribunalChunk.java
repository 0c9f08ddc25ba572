package org.slurmllm.bulk.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
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
import java.util.function.BooleanSupplier;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.catalog.boundary.ModelCatalog;
import org.slurmllm.cluster.boundary.SharedDirectory;
import org.slurmllm.rest.ApiException;
import org.slurmllm.tribunal.boundary.Tribunals;
import org.slurmllm.tribunal.entity.Tribunal;
import org.slurmllm.tribunal.entity.TribunalRequest;

/**
 * A chunk of tribunal lines (batch endpoint {@code /v1/tribunals}): each line runs as a tribunal in
 * the gateway (its calls go to the models' replicas on the cluster), a few at a time; the output
 * line, in the batch output format, holds the verdict and the tribunal's id, whose transcript is at
 * /api/tribunals/{id}. Written aside and renamed, like a chunk job's output.
 */
@ApplicationScoped
public class TribunalChunk {

  static final int AT_ONCE = 8;

  @Inject SharedDirectory shared;
  @Inject Tribunals tribunals;
  @Inject ModelCatalog catalog;
  @Inject BatchRecords records;

  void run(BatchChunk chunk, BatchFiles work, BooleanSupplier stopping) throws IOException {
    Path output = work.output(chunk.index);
    Path partial = output.resolveSibling(output.getFileName() + ".partial");
    try (BufferedReader in =
            Files.newBufferedReader(work.input(chunk.index), StandardCharsets.UTF_8);
        BufferedWriter out = shared.newWriter(partial)) {
      Deque<CompletableFuture<String>> window = new ArrayDeque<>();
      Batch batch = records.batch(chunk.batchId);
      String line;
      while ((line = in.readLine()) != null && !stopping.getAsBoolean()) {
        window.add(start(line, batch));
        if (window.size() >= AT_ONCE) {
          write(out, window.removeFirst().join());
        }
      }
      while (!window.isEmpty()) {
        write(out, window.removeFirst().join());
      }
    }
    if (!stopping.getAsBoolean()) {
      Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private CompletableFuture<String> start(String line, Batch batch) {
    JsonObject request;
    try (var reader = JSON.createReader(new StringReader(line))) {
      request = reader.readObject();
    }
    String customId = request.getString("custom_id");
    TribunalRequest tribunal;
    try {
      tribunal =
          TribunalRequest.of(
              request.getJsonObject("body"),
              m -> catalog.usableInWorkOf(m, batch.tenantId),
              tribunals.limits());
    } catch (ApiException e) {
      // valid when the batch was read; a model removed or a bound lowered since fails this line
      // only
      return CompletableFuture.completedFuture(failureLine(customId, e.getMessage()));
    }
    return tribunals
        .run(tribunal, batch.keyId, batch.tenantId)
        .thenApply(t -> outputLine(customId, t))
        .exceptionally(e -> failureLine(customId, e.toString()));
  }

  static String outputLine(String customId, Tribunal t) {
    boolean ok = t.status.equals("completed");
    JsonObject body =
        JSON.createObjectBuilder()
            .add("id", t.id)
            .add("object", "tribunal")
            .add("status", t.status)
            .add(
                "verdict",
                ok
                    ? JSON.createObjectBuilder()
                        .add("text", t.verdictText)
                        .add("model", t.verdictModel)
                        .add("score", t.verdictScore == null ? 0 : t.verdictScore)
                        .build()
                    : JsonValue.NULL)
            .add("error", t.error == null ? JsonValue.NULL : JSON.createValue(t.error))
            .build();
    return JSON.createObjectBuilder()
        .add("id", "batch_req_" + t.id)
        .add("custom_id", customId)
        .add(
            "response",
            JSON.createObjectBuilder()
                .add("status_code", ok ? 200 : 500)
                .add("request_id", t.id)
                .add("body", body))
        .add("error", JsonValue.NULL)
        .build()
        .toString();
  }

  static String failureLine(String customId, String message) {
    return new InputLine(customId, null, "tribunal_failed", message)
        .errorLine(PrepareBatch.requestId());
  }

  private static void write(BufferedWriter out, String line) throws IOException {
    out.write(line);
    out.newLine();
  }
}
