package org.slurmllm.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The worker's HTTP side: binds, publishes its endpoint, answers health and model queries. */
final class WorkerServer {

  private final HttpServer http;
  private final WorkerOptions options;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private WorkerServer(HttpServer http, WorkerOptions options) {
    this.http = http;
    this.options = options;
  }

  static WorkerServer start(WorkerOptions options) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress("0.0.0.0", options.port()), 1024);
    WorkerServer server = new WorkerServer(http, options);
    http.setExecutor(server.threads);
    http.createContext("/health", server::health);
    http.createContext("/v1/models", server::models);
    http.start();
    server.publishEndpoint();
    return server;
  }

  String host() {
    return options.host();
  }

  int port() {
    return http.getAddress().getPort();
  }

  /** Writes "host port" atomically: the gateway never reads a half-written file. */
  private void publishEndpoint() throws IOException {
    Path file = options.endpointFile();
    if (file == null) {
      return;
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, host() + " " + port() + "\n");
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private void health(HttpExchange exchange) throws IOException {
    respond(exchange, 200, "{\"status\":\"ok\"}");
  }

  private void models(HttpExchange exchange) throws IOException {
    respond(exchange, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"" + options.model()
        + "\",\"object\":\"model\",\"created\":0,\"owned_by\":\"slurm-llm\"}]}");
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  void stop() {
    http.stop(0);
    threads.shutdownNow();
    try {
      if (options.endpointFile() != null) {
        Files.deleteIfExists(options.endpointFile());
      }
    } catch (IOException e) {
      // the gateway notices the job's end anyway
    }
    stopped.countDown();
  }

  void awaitStop() throws InterruptedException {
    stopped.await();
  }
}
