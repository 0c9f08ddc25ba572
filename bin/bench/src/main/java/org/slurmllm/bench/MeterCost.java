package org.slurmllm.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CountDownLatch;
import org.slurmllm.metrics.Meters;
import org.slurmllm.routing.control.GatewayMeters;

/**
 * What the meters cost one relayed request: the calls the gateway makes per request (the request
 * counted with its duration, its time to first token, its tokens) against the Prometheus registry
 * WildFly uses, on 1 and 2 threads, with a scrape every 15 s worth of requests in between.
 *
 * <p>bin/bench/run MeterCost
 */
public class MeterCost {

  public static void main(String[] args) throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    GatewayMeters meters = new GatewayMeters(new Meters(registry));
    String[] models = {"llama-3.1-8b", "llama-3.2-1b", "tiny-stories", "embed"};
    int perRound = 2_000_000;
    for (int threads : new int[] {1, 2, 1, 2}) {
      CountDownLatch done = new CountDownLatch(threads);
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        int offset = t;
        new Thread(
                () -> {
                  for (int i = 0; i < perRound; i++) {
                    String model = models[(i + offset) & 3];
                    meters.served(model, "/v1/chat/completions", 200, 20_000_000L + i);
                    meters.firstToken(model, 5_000_000L + i);
                    meters.tokens(model, 17, 16);
                  }
                  done.countDown();
                })
            .start();
      }
      done.await();
      long nanos = System.nanoTime() - start;
      long scrapeStart = System.nanoTime();
      int bytes = registry.scrape().length();
      long scrape = System.nanoTime() - scrapeStart;
      System.out.printf(
          "%d thread(s): %,d requests metered in %.2f s: %.0f ns CPU per request; one scrape %.1f ms (%,d bytes)%n",
          threads,
          (long) perRound * threads,
          nanos / 1e9,
          (double) nanos * threads / ((long) perRound * threads),
          scrape / 1e6,
          bytes);
    }
  }
}
