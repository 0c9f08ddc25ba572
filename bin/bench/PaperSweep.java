import java.awt.BasicStroke;
import java.awt.Color;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The seed paper's experiment (arXiv 2508.17814) on the sim latency profiles: closed-loop streamed
 * chat at 1 to 128 clients, each profile asked directly at its replica and through the gateway.
 * Per point: time to first token, inter-token latency and end-to-end latency (p50, p95), requests
 * and tokens per second, errors. One profile per run, appended to a CSV; then PNG plots (XChart)
 * drawn from the CSV beside it.
 *
 * <p>BENCH_REPLICA_KEY=... java -cp xchart.jar PaperSweep.java run CSV GATEWAY SECONDS TOKENS
 * LEVELS PROFILE MODEL ENDPOINT<br>
 * java -cp xchart.jar PaperSweep.java plot CSV
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

  record Point(
      String profile,
      String route,
      int clients,
      int requests,
      int errors,
      double seconds,
      double ttftP50,
      double ttftP95,
      double itlP50,
      double e2eP50,
      double e2eP95,
      double requestsPerSecond,
      double tokensPerSecond) {

    static String header() {
      return "profile,route,clients,requests,errors,seconds,ttft_p50_ms,ttft_p95_ms,itl_p50_ms,"
          + "e2e_p50_ms,e2e_p95_ms,requests_per_s,tokens_per_s";
    }

    String csv() {
      return String.format(
          Locale.ROOT,
          "%s,%s,%d,%d,%d,%.2f,%.1f,%.1f,%.2f,%.1f,%.1f,%.2f,%.1f",
          profile, route, clients, requests, errors, seconds, ttftP50, ttftP95, itlP50, e2eP50,
          e2eP95, requestsPerSecond, tokensPerSecond);
    }
  }

  public static void main(String[] args) throws Exception {
    Path csvFile = Path.of(args[1]);
    if (args[0].equals("plot")) {
      List<Point> points = read(csvFile);
      Path out = csvFile.getParent();
      plot(points, out, "ttft", "Time to first token, p50 (ms)", Point::ttftP50, true);
      plot(points, out, "e2e", "End-to-end latency, p50 (ms)", Point::e2eP50, true);
      plot(points, out, "itl", "Inter-token latency, p50 (ms)", Point::itlP50, true);
      plot(points, out, "throughput", "Output tokens per second", Point::tokensPerSecond, true);
      addedPlot(points, out);
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
            args[6], args[7], "http://" + args[8], System.getenv().getOrDefault("BENCH_REPLICA_KEY", ""));
    boolean fresh = !Files.exists(csvFile);
    try (PrintWriter csv =
        new PrintWriter(
            Files.newBufferedWriter(
                csvFile,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND))) {
      if (fresh) {
        csv.println(Point.header());
      }
      for (int clients : levels) {
        for (String route : List.of("direct", "gateway")) {
          String base = route.equals("direct") ? t.directUrl() : gateway;
          String key = route.equals("direct") ? t.replicaKey() : KEY;
          Point p = run(t, route, base, key, clients, seconds, tokens);
          csv.println(p.csv());
          csv.flush();
          System.out.println(p.csv());
        }
      }
    }
  }

  static List<Point> read(Path csv) throws Exception {
    List<Point> points = new ArrayList<>();
    for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
      String[] f = line.split(",");
      points.add(
          new Point(
              f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
              Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
              Double.parseDouble(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10]),
              Double.parseDouble(f[11]), Double.parseDouble(f[12])));
    }
    return points;
  }

  /** One point: {@code clients} closed loops for {@code seconds}, requests begun are finished. */
  static Point run(
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
    return new Point(
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
            model, client, n, tokens);
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

  static final Color[] COLORS = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
    new Color(0x9467bd)
  };

  static XYChart chart(String title, String yTitle, boolean logY) {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(560)
            .title(title)
            .xAxisTitle("concurrent clients (closed loop, streamed)")
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(logY);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendBackgroundColor(Color.WHITE);
    chart.getStyler().setMarkerSize(6);
    return chart;
  }

  /** One solid line per profile through the gateway, a dashed one directly to its replica. */
  static void plot(
      List<Point> points,
      Path out,
      String name,
      String yTitle,
      ToDoubleFunction<Point> value,
      boolean logY)
      throws Exception {
    XYChart chart = chart(yTitle + " against concurrency", yTitle, logY);
    int colour = 0;
    for (Map.Entry<String, List<Point>> profile : byProfile(points).entrySet()) {
      Color c = COLORS[colour++ % COLORS.length];
      for (String route : List.of("gateway", "direct")) {
        List<Point> line =
            profile.getValue().stream()
                .filter(p -> p.route().equals(route))
                .filter(p -> !Double.isNaN(value.applyAsDouble(p)) && value.applyAsDouble(p) > 0)
                .toList();
        if (line.isEmpty()) {
          continue;
        }
        XYSeries s =
            chart.addSeries(
                profile.getKey() + " " + route,
                line.stream().mapToDouble(Point::clients).toArray(),
                line.stream().mapToDouble(value).toArray());
        s.setLineColor(c);
        s.setMarkerColor(c);
        s.setMarker(route.equals("gateway") ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        s.setLineStyle(
            route.equals("gateway")
                ? new BasicStroke(2f)
                : new BasicStroke(
                    2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      }
    }
    BitmapEncoder.saveBitmap(chart, out.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** What the gateway adds to the time to first token and to the whole answer, per point. */
  static void addedPlot(List<Point> points, Path out) throws Exception {
    XYChart chart = chart("What the gateway adds (gateway p50 minus direct p50)", "ms", false);
    int colour = 0;
    for (Map.Entry<String, List<Point>> profile : byProfile(points).entrySet()) {
      Color c = COLORS[colour++ % COLORS.length];
      List<double[]> ttft = new ArrayList<>();
      for (Point g : profile.getValue()) {
        if (!g.route().equals("gateway")) {
          continue;
        }
        profile.getValue().stream()
            .filter(d -> d.route().equals("direct") && d.clients() == g.clients())
            .findFirst()
            .ifPresent(d -> ttft.add(new double[] {g.clients(), g.ttftP50() - d.ttftP50()}));
      }
      if (ttft.isEmpty()) {
        continue;
      }
      XYSeries s =
          chart.addSeries(
              profile.getKey() + " TTFT",
              ttft.stream().mapToDouble(x -> x[0]).toArray(),
              ttft.stream().mapToDouble(x -> x[1]).toArray());
      s.setLineColor(c);
      s.setMarkerColor(c);
      s.setMarker(SeriesMarkers.CIRCLE);
    }
    BitmapEncoder.saveBitmap(chart, out.resolve("added").toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  static Map<String, List<Point>> byProfile(List<Point> points) {
    Map<String, List<Point>> by = new LinkedHashMap<>();
    for (Point p : points) {
      by.computeIfAbsent(p.profile(), k -> new ArrayList<>()).add(p);
    }
    return by;
  }
}
