package org.slurmllm.routing.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP client of the tribunal's model calls ({@link ModelCalls}); relayed requests go over
 * Undertow's client on the I/O threads instead ({@link UpstreamConnections}). Its executor is
 * bounded (java.net.http's default is an unbounded cached pool: a thread per concurrent completion
 * under load): nothing that runs on it blocks, so a few threads carry any number of calls. Its
 * threads are the container's (a managed thread factory), so they carry the application's context.
 */
@ApplicationScoped
public class ReplicaClient {

  @Resource ManagedThreadFactory threads;

  private ExecutorService executor;
  private HttpClient http;

  @PostConstruct
  void open() {
    int size = Math.max(2, Runtime.getRuntime().availableProcessors());
    executor =
        threads == null
            ? Executors.newFixedThreadPool(size)
            : Executors.newFixedThreadPool(size, threads);
    http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(executor)
            .build();
  }

  @PreDestroy
  void close() {
    executor.shutdownNow();
  }

  public HttpClient http() {
    return http;
  }
}
