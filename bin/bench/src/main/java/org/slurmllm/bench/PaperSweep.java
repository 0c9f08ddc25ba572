package org.slurmllm.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * The seed paper's experiment (arXiv 2508.17814) on the sim latency profiles: closed-loop streamed
 * chat at 1 to 128 clients, each profile asked directly at its replica and through the gateway. Per
 * point: time to first token, inter-token latency and end-to-end latency (p50, p95), requests and
 * tokens per second, errors. One profile per run, appended to a CSV; then PNG plots (XChart) drawn
 * from the CSV beside it.
 *
 * <p>BENCH_REPLICA_KEY=... bin/bench/run PaperSweep run CSV GATEWAY SECONDS TOKENS LEVELS PROFILE
 * MODEL ENDPOINT<br>
 * bin/bench/run PaperSweep plot CSV
 */
public class PaperSweep {

  static final String KEY = System.getenv().getOrDefault("SLURMLLM_ADMIN_KEY", "");
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  record Target(String profile, String model, String directUrl, String replicaKey) {}

  /** One request's timings, in nanoseconds from its send; null ttft when it failed. */
  record Timing(boolean ok, long ttft, long end, double meanGap, int tokens) {}

  public static void main(String[] args) throws Exception {
    Path csvFile = Path.of(args[1]);
    if (args[0].equals("plot")) {
      SweepPlots.draw(csvFile);
      System.out.println("plots written beside " + csvFile);
      return;
    }
    // run CSV GATEWAY SECONDS TOKENS LEVELS PROFILE MODEL ENDPOINT: appends its points (the
    // replica's key comes in BENCH_REPLICA_KEY: a command line is readable by every user)
    String gateway = args[2];
    int seconds = Integer.parseInt(args[3]);
    int tokens = Integer.parseInt(args[4]);
    int[] levels = Arrays.stream(args[5].split(",")).mapToInt(Integer::parseInt).toArray();
    Target t =
        new Target(
            args[6],
            args[7],
            "http://" + args[8],
            System.getenv().getOrDefault("BENCH_REPLICA_KEY", ""));
    boolean fresh = !Files.exists(csvFile);
    try (PrintWriter csv =
        new PrintWriter(
            Files.newBufferedWriter(
                csvFile,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND))) {
      if (fresh) {
        csv.println(SweepPoint.header());
      }
      for (int clients : levels) {
        for (String route : List.of("direct", "gateway")) {
          String base = route.equals("direct") ? t.directUrl() : gateway;
          String key = route.equals("direct") ? t.replicaKey() : KEY;
          SweepPoint p = run(t, route, base, key, clients, seconds, tokens);
          csv.println(p.csv());
          csv.flush();
          System.out.println(p.csv());
        }
      }
    }
  }

  /** One point: {@code clients} closed loops for {@code seconds}, requests begun are finished. */
  static SweepPoint run(
      Target t, String route, String base, String key, int clients, int seconds, int tokens)
      throws InterruptedException {
    ConcurrentLinkedQueue<Timing> timings = new ConcurrentLinkedQueue<>();
    AtomicInteger errors = new AtomicInteger();
    long start = System.nanoTime();
    long deadline = start + Duration.ofSeconds(seconds).toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread thread =
          new Thread(
              () -> {
                int n = 0;
                while (System.nanoTime() < deadline) {
                  Timing timing = send(base, key, t.model(), tokens, client, n++);
                  if (timing.ok()) {
                    timings.add(timing);
                  } else {
                    errors.incrementAndGet();
                  }
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    List<Timing> all = new ArrayList<>(timings);
    long tokenCount = all.stream().mapToLong(Timing::tokens).sum();
    return new SweepPoint(
        t.profile(),
        route,
        clients,
        all.size(),
        errors.get(),
        elapsed,
        percentile(all, x -> x.ttft() / 1e6, 50),
        percentile(all, x -> x.ttft() / 1e6, 95),
        percentile(all, x -> x.meanGap() / 1e6, 50),
        percentile(all, x -> x.end() / 1e6, 50),
        percentile(all, x -> x.end() / 1e6, 95),
        all.size() / elapsed,
        tokenCount / elapsed);
  }

  /** A streamed chat request, read line by line as it comes. */
  static Timing send(String base, String key, String model, int tokens, int client, int n) {
    String body =
        String.format(
            Locale.ROOT,
            "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Client %d asks question %d.\"}],"
                + "\"max_tokens\":%d,\"stream\":true}",
            model,
            client,
            n,
            tokens);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
            .timeout(Duration.ofMinutes(5))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    long sent = System.nanoTime();
    try {
      HttpResponse<java.io.InputStream> r =
          HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() != 200) {
        r.body().close();
        return new Timing(false, 0, 0, 0, 0);
      }
      long first = 0;
      long last = 0;
      int chunks = 0;
      boolean done = false;
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.equals("data: [DONE]")) {
            done = true;
          } else if (line.startsWith("data: {\"error\"")) {
            return new Timing(false, 0, 0, 0, 0);
          } else if (line.startsWith("data: ") && line.contains("\"content\"")) {
            long now = System.nanoTime();
            if (first == 0) {
              first = now;
            }
            last = now;
            chunks++;
          }
        }
      }
      if (!done || chunks == 0) {
        return new Timing(false, 0, 0, 0, 0);
      }
      long end = System.nanoTime();
      double gap = chunks > 1 ? (double) (last - first) / (chunks - 1) : 0;
      return new Timing(true, first - sent, end - sent, gap, chunks);
    } catch (Exception e) {
      return new Timing(false, 0, 0, 0, 0);
    }
  }

  static double percentile(List<Timing> timings, ToDoubleFunction<Timing> f, int p) {
    if (timings.isEmpty()) {
      return Double.NaN;
    }
    double[] v = timings.stream().mapToDouble(f).sorted().toArray();
    return v[Math.min(v.length - 1, (int) Math.ceil(p / 100.0 * v.length) - 1)];
  }
}
