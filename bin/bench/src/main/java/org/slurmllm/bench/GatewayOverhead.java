package org.slurmllm.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * What the gateway adds: the same requests sent to a sim replica directly and through the gateway,
 * side by side. Open loop at a fixed rate (latency counted from the intended send time, so a stall
 * is not hidden), then closed loop at rising concurrency with streamed answers.
 *
 * <p>bin/bench/run GatewayOverhead GATEWAY_URL DIRECT_URL MODEL [SECONDS] [RATE] [LEVELS]
 */
public class GatewayOverhead {

  static final String KEY = System.getenv().getOrDefault("SLURMLLM_ADMIN_KEY", "");

  /** The replica's own key (its server requires one since replicas have secrets). */
  static final String REPLICA_KEY = System.getenv().getOrDefault("BENCH_REPLICA_KEY", "");

  /** The gateway's address: requests to it carry the admin key, others the replica's. */
  static String gateway = "";

  /** Why requests failed, counted (printed after each result that had errors). */
  static final java.util.Map<String, AtomicInteger> WHY =
      new java.util.concurrent.ConcurrentHashMap<>();

  static void failed(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    String why = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    WHY.computeIfAbsent(why.length() > 90 ? why.substring(0, 90) : why, k -> new AtomicInteger())
        .incrementAndGet();
  }

  static String reasons() {
    String text = WHY.isEmpty() ? "" : "      (" + WHY + ")\n";
    WHY.clear();
    return text;
  }

  record Result(
      List<Long> latenciesNanos,
      List<Long> firstByteNanos,
      int errors,
      double seconds,
      String why) {
    double percentile(List<Long> values, double p) {
      if (values.isEmpty()) {
        return Double.NaN;
      }
      long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
      return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    String row() {
      return String.format(
          "p50 %8.2f ms  p99 %8.2f ms  ttft p50 %7.2f ms  %8.0f req/s  errors %d%n%s",
          percentile(latenciesNanos, 0.50),
          percentile(latenciesNanos, 0.99),
          percentile(firstByteNanos, 0.50),
          latenciesNanos.size() / seconds,
          errors,
          why);
    }
  }

  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .executor(Executors.newFixedThreadPool(4))
          .build();

  static String model;

  /** What a request is: chat, or the Responses API (stored or not). */
  static String mode = "chat";

  public static void main(String[] args) throws Exception {
    if (args[0].equals("responses")) { // responses GATEWAY MODEL SECONDS RATE
      responses(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      System.exit(0);
    }
    if (args[0].equals("single")) { // single URL MODEL CONCURRENCY SECONDS STREAM: one closed loop
      model = args[2];
      boolean stream = Boolean.parseBoolean(args[5]);
      closedLoop(args[1], Integer.parseInt(args[3]), 2, stream);
      System.out.print(
          closedLoop(args[1], Integer.parseInt(args[3]), Integer.parseInt(args[4]), stream).row());
      System.exit(0);
    }
    gateway = args[0];
    String direct = args[1];
    model = args[2];
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int rate = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
    int[] levels =
        args.length > 5
            ? Arrays.stream(args[5].split(",")).mapToInt(Integer::parseInt).toArray()
            : new int[] {1, 16, 64, 256, 1024};

    // WildFly's JIT needs tens of seconds of traffic before its code is compiled well
    System.out.println("warming up (20 s through the gateway, 3 s direct)");
    closedLoop(direct, 8, 3, false);
    closedLoop(gateway, 8, 10, false);
    closedLoop(gateway, 8, 10, true);

    System.out.printf(
        "%nopen loop, %d requests/s for %d s, non-streamed, 16 tokens%n", rate, seconds);
    Result d = openLoop(direct, rate, seconds);
    Result g = openLoop(gateway, rate, seconds);
    System.out.print("  direct   " + d.row());
    System.out.print("  gateway  " + g.row());
    System.out.printf(
        "  added    p50 %+.2f ms  p99 %+.2f ms%n",
        g.percentile(g.latenciesNanos, 0.5) - d.percentile(d.latenciesNanos, 0.5),
        g.percentile(g.latenciesNanos, 0.99) - d.percentile(d.latenciesNanos, 0.99));

    System.out.printf("%nclosed loop, streamed (16 tokens), %d s per level%n", seconds);
    for (int c : levels) {
      Result dc = closedLoop(direct, c, seconds, true);
      Result gc = closedLoop(gateway, c, seconds, true);
      System.out.printf("  c=%-5d direct   %s", c, dc.row());
      System.out.printf("  c=%-5d gateway  %s", c, gc.row());
    }
    System.exit(0);
  }

  /**
   * What the Responses API costs over chat, both through the gateway, open loop at {@code rate}:
   * the translation both ways, and with {@code store} the row kept before the answer is given.
   */
  static void responses(String base, String name, int seconds, int rate) throws Exception {
    gateway = base;
    model = name;
    System.out.println("warming up (30 s through the gateway, each kind of request)");
    for (String m : List.of("chat", "responses", "responses-stored")) {
      mode = m;
      closedLoop(base, 8, 10, false);
    }
    System.out.printf(
        "%nopen loop, %d requests/s for %d s, non-streamed, 16 tokens, through the gateway%n",
        rate, seconds);
    Result[] results = new Result[3];
    String[] modes = {"chat", "responses", "responses-stored"};
    for (int i = 0; i < modes.length; i++) {
      mode = modes[i];
      results[i] = openLoop(base, rate, seconds);
      System.out.printf("  %-17s %s", mode, results[i].row());
    }
    for (int i = 1; i < modes.length; i++) {
      System.out.printf(
          "  %-17s added over chat: p50 %+.2f ms  p99 %+.2f ms%n",
          modes[i],
          results[i].percentile(results[i].latenciesNanos, 0.5)
              - results[0].percentile(results[0].latenciesNanos, 0.5),
          results[i].percentile(results[i].latenciesNanos, 0.99)
              - results[0].percentile(results[0].latenciesNanos, 0.99));
    }
  }

  static HttpRequest request(String base, boolean stream) {
    boolean responses = mode.startsWith("responses");
    String body =
        responses
            ? "{\"model\":\""
                + model
                + "\",\"input\":\"hello\",\"max_output_tokens\":16,\"store\":"
                + mode.equals("responses-stored")
                + (stream ? ",\"stream\":true" : "")
                + "}"
            : "{\"model\":\""
                + model
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"max_tokens\":16"
                + (stream ? ",\"stream\":true" : "")
                + "}";
    return HttpRequest.newBuilder(
            URI.create(base + (responses ? "/v1/responses" : "/v1/chat/completions")))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header(
            "Authorization",
            "Bearer " + (REPLICA_KEY.isEmpty() || base.equals(gateway) ? KEY : REPLICA_KEY))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** One request; completes with its first-byte time, or fails. */
  static CompletableFuture<long[]> send(String base, boolean stream, long start) {
    return HTTP.sendAsync(request(base, stream), HttpResponse.BodyHandlers.ofLines())
        .thenApply(
            response -> {
              long firstByte = System.nanoTime() - start;
              boolean ok = response.statusCode() == 200;
              boolean[] done = {!stream};
              try (Stream<String> lines = response.body()) {
                lines.forEach(
                    l -> {
                      if (l.equals("data: [DONE]")) {
                        done[0] = true;
                      }
                      if (l.startsWith("data: {\"error\"")) {
                        done[0] = false;
                      }
                    });
              }
              if (!ok || !done[0]) {
                throw new IllegalStateException("status " + response.statusCode());
              }
              return new long[] {firstByte, System.nanoTime() - start};
            });
  }

  static Result openLoop(String base, int rate, int seconds) throws Exception {
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> firstBytes = new ConcurrentLinkedQueue<>();
    AtomicInteger errors = new AtomicInteger();
    List<CompletableFuture<?>> all = new ArrayList<>();
    long intervalNanos = 1_000_000_000L / rate;
    long begin = System.nanoTime();
    int total = rate * seconds;
    for (int i = 0; i < total; i++) {
      long intended = begin + i * intervalNanos;
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      all.add(
          send(base, false, intended)
              .whenComplete(
                  (t, failure) -> {
                    if (failure != null) {
                      errors.incrementAndGet();
                      failed(failure);
                    } else {
                      firstBytes.add(t[0]);
                      latencies.add(t[1]);
                    }
                  }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    double elapsed = (System.nanoTime() - begin) / 1e9;
    return new Result(
        List.copyOf(latencies), List.copyOf(firstBytes), errors.get(), elapsed, reasons());
  }

  static Result closedLoop(String base, int concurrency, int seconds, boolean stream) {
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> firstBytes = new ConcurrentLinkedQueue<>();
    AtomicInteger errors = new AtomicInteger();
    long begin = System.nanoTime();
    long end = begin + seconds * 1_000_000_000L;
    List<CompletableFuture<Void>> users = new ArrayList<>();
    for (int u = 0; u < concurrency; u++) {
      users.add(user(base, stream, end, latencies, firstBytes, errors));
    }
    CompletableFuture.allOf(users.toArray(CompletableFuture[]::new)).join();
    double elapsed = (System.nanoTime() - begin) / 1e9;
    return new Result(
        List.copyOf(latencies), List.copyOf(firstBytes), errors.get(), elapsed, reasons());
  }

  /** One simulated client: the next request as soon as the last one ended, until the deadline. */
  static CompletableFuture<Void> user(
      String base,
      boolean stream,
      long end,
      ConcurrentLinkedQueue<Long> latencies,
      ConcurrentLinkedQueue<Long> firstBytes,
      AtomicInteger errors) {
    if (System.nanoTime() >= end) {
      return CompletableFuture.completedFuture(null);
    }
    long start = System.nanoTime();
    return send(base, stream, start)
        .handle(
            (t, failure) -> {
              if (failure != null) {
                errors.incrementAndGet();
                failed(failure);
              } else {
                firstBytes.add(t[0]);
                latencies.add(t[1]);
              }
              return null;
            })
        .thenCompose(v -> user(base, stream, end, latencies, firstBytes, errors));
  }
}
