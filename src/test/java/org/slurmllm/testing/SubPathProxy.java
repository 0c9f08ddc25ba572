package org.slurmllm.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A reverse proxy that serves the test server under a sub-path (/llm/...), as a site's proxy would:
 * the prefix is cut before forwarding and nothing is rewritten on the way back, so only pages with
 * relative links work through it. Answers are passed on as they arrive (server-sent events
 * included).
 */
public final class SubPathProxy implements AutoCloseable {

  public static final String PREFIX = "/llm";
  private static final List<String> REQUEST_HEADERS =
      List.of("Authorization", "Content-Type", "Accept");
  private static final List<String> ANSWER_HEADERS =
      List.of(
          "Content-Type",
          "Location",
          "Content-Security-Policy",
          "X-Frame-Options",
          "Referrer-Policy",
          "Cache-Control",
          "Content-Disposition");

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient client = HttpClient.newHttpClient();
  private final String target;

  public SubPathProxy(String target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(PREFIX + "/", this::forward);
    server.setExecutor(threads);
    server.start();
  }

  /** Where the proxied service is: http://127.0.0.1:PORT/llm */
  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PREFIX;
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI asked = exchange.getRequestURI();
      String path = asked.getRawPath().substring(PREFIX.length());
      String query = asked.getRawQuery() == null ? "" : "?" + asked.getRawQuery();
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(target + path + query))
              .method(
                  exchange.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      for (String name : REQUEST_HEADERS) {
        String value = exchange.getRequestHeaders().getFirst(name);
        if (value != null) {
          request.header(name, value);
        }
      }
      HttpResponse<InputStream> answer =
          client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      for (String name : ANSWER_HEADERS) {
        answer
            .headers()
            .firstValue(name)
            .ifPresent(v -> exchange.getResponseHeaders().add(name, v));
      }
      int status = answer.statusCode();
      exchange.sendResponseHeaders(status, status == 204 || status == 304 ? -1 : 0);
      try (InputStream in = answer.body();
          OutputStream out = exchange.getResponseBody()) {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
