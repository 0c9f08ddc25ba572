package org.slurmllm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One point of PaperSweep's measurement: a profile, a route and a number of clients; a CSV row. */
public record SweepPoint(
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
        profile,
        route,
        clients,
        requests,
        errors,
        seconds,
        ttftP50,
        ttftP95,
        itlP50,
        e2eP50,
        e2eP95,
        requestsPerSecond,
        tokensPerSecond);
  }

  /** The points of a CSV file that PaperSweep wrote. */
  static List<SweepPoint> read(Path csv) throws Exception {
    List<SweepPoint> points = new ArrayList<>();
    for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
      String[] f = line.split(",");
      points.add(
          new SweepPoint(
              f[0],
              f[1],
              Integer.parseInt(f[2]),
              Integer.parseInt(f[3]),
              Integer.parseInt(f[4]),
              Double.parseDouble(f[5]),
              Double.parseDouble(f[6]),
              Double.parseDouble(f[7]),
              Double.parseDouble(f[8]),
              Double.parseDouble(f[9]),
              Double.parseDouble(f[10]),
              Double.parseDouble(f[11]),
              Double.parseDouble(f[12])));
    }
    return points;
  }
}
