package org.slurmllm.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Embeddings per second of one replica, asked directly and through the gateway: requests of 1, 16
 * and 128 inputs (sentences of about 12 words), closed loop with CLIENTS clients for SECONDS each.
 *
 * <p>BENCH_REPLICA_KEY=... bin/bench/run EmbeddingsRate GATEWAY DIRECT MODEL SECONDS CLIENTS
 */
public class EmbeddingsRate {

  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  public static void main(String[] args) throws Exception {
    String gateway = args[0];
    String direct = args[1];
    String model = args[2];
    int seconds = Integer.parseInt(args[3]);
    int clients = Integer.parseInt(args[4]);
    String adminKey = System.getenv().getOrDefault("SLURMLLM_ADMIN_KEY", "");
    String replicaKey = System.getenv().getOrDefault("BENCH_REPLICA_KEY", "");
    System.out.printf("%d clients, %d s per row, %s%n%n", clients, seconds, model);
    System.out.println(
        "| inputs per request | direct: embeddings/s | gateway: embeddings/s | direct p50 | gateway p50 | gateway adds (p50) |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    for (int batch : new int[] {1, 16, 128}) {
      String body = body(model, batch);
      run(direct, replicaKey, body, 2, 1); // warm-up
      run(gateway, adminKey, body, 2, 1);
      double[] d = run(direct, replicaKey, body, seconds, clients);
      double[] g = run(gateway, adminKey, body, seconds, clients);
      System.out.printf(
          Locale.ROOT,
          "| %d | %.0f | %.0f | %.1f ms | %.1f ms | %.1f ms |%n",
          batch,
          d[0] * batch,
          g[0] * batch,
          d[1],
          g[1],
          g[1] - d[1]);
    }
  }

  static String body(String model, int inputs) {
    StringBuilder b = new StringBuilder("{\"model\":\"" + model + "\",\"input\":[");
    for (int i = 0; i < inputs; i++) {
      b.append(i == 0 ? "" : ",")
          .append("\"Sentence number ")
          .append(i)
          .append(" tells of a cluster that runs language models as batch jobs.\"");
    }
    return b.append("]}").toString();
  }

  /** Requests per second and the median latency in ms. */
  static double[] run(String base, String key, String body, int seconds, int clients)
      throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    AtomicLong done = new AtomicLong();
    List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      Thread t =
          new Thread(
              () -> {
                while (System.nanoTime() < end) {
                  long sent = System.nanoTime();
                  try {
                    HttpResponse<String> r =
                        HTTP.send(
                            HttpRequest.newBuilder(URI.create(base + "/v1/embeddings"))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + key)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                      done.incrementAndGet();
                      latencies.add(System.nanoTime() - sent);
                    } else {
                      System.err.println(r.statusCode() + " " + r.body());
                    }
                  } catch (Exception e) {
                    System.err.println(e);
                  }
                }
              });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    double p50 = sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2] / 1e6;
    return new double[] {done.get() / elapsed, p50};
  }
}
