package org.slurmllm.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PaperSweep's plots (XChart, PNG), drawn from its CSV file into the folder beside it. */
final class SweepPlots {

  private SweepPlots() {}

  static void draw(Path csvFile) throws Exception {
    List<SweepPoint> points = SweepPoint.read(csvFile);
    Path out = csvFile.getParent();
    plot(points, out, "ttft", "Time to first token, p50 (ms)", SweepPoint::ttftP50, true);
    plot(points, out, "e2e", "End-to-end latency, p50 (ms)", SweepPoint::e2eP50, true);
    plot(points, out, "itl", "Inter-token latency, p50 (ms)", SweepPoint::itlP50, true);
    plot(points, out, "throughput", "Output tokens per second", SweepPoint::tokensPerSecond, true);
    addedPlot(points, out);
  }

  static final Color[] COLORS = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0xd62728),
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
      List<SweepPoint> points,
      Path out,
      String name,
      String yTitle,
      ToDoubleFunction<SweepPoint> value,
      boolean logY)
      throws Exception {
    XYChart chart = chart(yTitle + " against concurrency", yTitle, logY);
    int colour = 0;
    for (Map.Entry<String, List<SweepPoint>> profile : byProfile(points).entrySet()) {
      Color c = COLORS[colour++ % COLORS.length];
      for (String route : List.of("gateway", "direct")) {
        List<SweepPoint> line =
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
                line.stream().mapToDouble(SweepPoint::clients).toArray(),
                line.stream().mapToDouble(value).toArray());
        s.setLineColor(c);
        s.setMarkerColor(c);
        s.setMarker(route.equals("gateway") ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        s.setLineStyle(
            route.equals("gateway")
                ? new BasicStroke(2f)
                : new BasicStroke(
                    2f,
                    BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER,
                    10f,
                    new float[] {6f, 4f},
                    0f));
      }
    }
    BitmapEncoder.saveBitmap(chart, out.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** What the gateway adds to the time to first token and to the whole answer, per point. */
  static void addedPlot(List<SweepPoint> points, Path out) throws Exception {
    XYChart chart = chart("What the gateway adds (gateway p50 minus direct p50)", "ms", false);
    int colour = 0;
    for (Map.Entry<String, List<SweepPoint>> profile : byProfile(points).entrySet()) {
      Color c = COLORS[colour++ % COLORS.length];
      List<double[]> ttft = new ArrayList<>();
      for (SweepPoint g : profile.getValue()) {
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
    BitmapEncoder.saveBitmap(
        chart, out.resolve("added").toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  static Map<String, List<SweepPoint>> byProfile(List<SweepPoint> points) {
    Map<String, List<SweepPoint>> by = new LinkedHashMap<>();
    for (SweepPoint p : points) {
      by.computeIfAbsent(p.profile(), k -> new ArrayList<>()).add(p);
    }
    return by;
  }
}
