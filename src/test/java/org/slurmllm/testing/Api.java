package org.slurmllm.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** A client of the HTTP API as users see it: status, headers and JSON bodies. */
public final class Api {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI base;
  private final String key;

  /** A client of the server at {@code base} that sends the test servers' admin key. */
  public Api(URI base) {
    this(base, adminKey());
  }

  private Api(URI base, String key) {
    this.base = base;
    this.key = key;
  }

  /** The API of the test server that Arquillian manages, as its admin. */
  public static Api ofTestServer() {
    return new Api(URI.create("http://127.0.0.1:" + System.getProperty("it.http.port", "8180")));
  }

  /** The port the API listens on (for raw connections). */
  public int port() {
    return base.getPort();
  }

  /** The admin key the test servers start with (SLURMLLM_ADMIN_KEY). */
  public static String adminKey() {
    return System.getProperty("it.admin.key", "sk-test-admin-0123456789abcdef0123456789");
  }

  /** The part of a key the service shows (lists, the audit log): at most a quarter of it. */
  public static String prefixOf(String key) {
    return key.substring(0, Math.min(11, key.length() / 4));
  }

  /** The same server, called with another key (null: no key at all). */
  public Api withKey(String otherKey) {
    return new Api(base, otherKey);
  }

  public Reply get(String path) {
    return send(request(path).GET());
  }

  public Reply delete(String path) {
    return send(request(path).DELETE());
  }

  public Reply post(String path, String json) {
    return send(request(path).POST(BodyPublishers.ofString(json)));
  }

  /** Uploads a file as OpenAI's SDKs do: multipart with {@code purpose} and {@code file}. */
  public Reply upload(String path, String purpose, String filename, byte[] content) {
    String boundary = "----slurmllm" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Charset utf8 = StandardCharsets.UTF_8;
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n"
                + purpose
                + "\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename
                + "\"\r\nContent-Type: application/jsonl\r\n\r\n")
            .getBytes(utf8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(utf8));
    return send(
        authorized(HttpRequest.newBuilder(base.resolve(path)))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(BodyPublishers.ofByteArray(body.toByteArray())));
  }

  /** Posts without waiting (for concurrent requests). */
  public CompletableFuture<Reply> postAsync(String path, String json) {
    return HTTP.sendAsync(
            request(path)
                .timeout(Duration.ofSeconds(120))
                .POST(BodyPublishers.ofString(json))
                .build(),
            BodyHandlers.ofString())
        .thenApply(Reply::new);
  }

  /**
   * Posts a request answered with server-sent events and reads the answer line by line as it
   * arrives, noting when each line came.
   */
  public Streamed stream(String path, String json) {
    try {
      HttpResponse<Stream<String>> response =
          HTTP.send(
              request(path)
                  .timeout(Duration.ofSeconds(120))
                  .header("Accept", "text/event-stream")
                  .POST(BodyPublishers.ofString(json))
                  .build(),
              BodyHandlers.ofLines());
      List<Streamed.Line> lines = new ArrayList<>();
      try (var body = response.body()) {
        body.forEach(line -> lines.add(new Streamed.Line(line, System.nanoTime())));
      }
      return new Streamed(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          List.copyOf(lines));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A streamed answer: every line, when it arrived. */
  public record Streamed(int status, String contentType, List<Line> lines) {
    public record Line(String text, long atNanos) {}

    /** The payloads of the {@code data:} lines, in order. */
    public List<String> data() {
      return lines.stream()
          .map(Line::text)
          .filter(l -> l.startsWith("data: "))
          .map(l -> l.substring(6))
          .toList();
    }

    /** The data payloads that are JSON objects, parsed. */
    public List<JsonObject> events() {
      return data().stream()
          .filter(d -> d.startsWith("{"))
          .map(d -> Json.createReader(new StringReader(d)).readObject())
          .toList();
    }

    /** When the first and the last data line arrived. */
    public long firstDataNanos() {
      return lines.stream()
          .filter(l -> l.text().startsWith("data: "))
          .findFirst()
          .orElseThrow()
          .atNanos();
    }

    public long lastDataNanos() {
      return lines.stream()
          .filter(l -> l.text().startsWith("data: "))
          .reduce((a, b) -> b)
          .orElseThrow()
          .atNanos();
    }
  }

  public Reply put(String path, String json) {
    return send(request(path).PUT(BodyPublishers.ofString(json)));
  }

  public Reply send(String method, String path, String contentType, String body) {
    return send(
        authorized(HttpRequest.newBuilder(base.resolve(path)))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .method(method, BodyPublishers.ofString(body)));
  }

  /** The status of a GET whose answer is a stream that may never end; the stream is closed. */
  public int statusOfStream(String path) {
    try {
      HttpResponse<InputStream> r =
          HTTP.send(
              authorized(HttpRequest.newBuilder(base.resolve(path)))
                  .timeout(Duration.ofSeconds(30))
                  .header("Accept", "text/event-stream")
                  .build(),
              BodyHandlers.ofInputStream());
      r.body().close();
      return r.statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return key == null ? request : request.header("Authorization", "Bearer " + key);
  }

  private HttpRequest.Builder request(String path) {
    return authorized(HttpRequest.newBuilder(base.resolve(path)))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json");
  }

  private static Reply send(HttpRequest.Builder request) {
    try {
      return new Reply(HTTP.send(request.build(), BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** One HTTP answer. */
  public record Reply(HttpResponse<String> response) {
    public int status() {
      return response.statusCode();
    }

    public String body() {
      return response.body();
    }

    public String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    public JsonObject json() {
      return (JsonObject) parse();
    }

    public JsonStructure parse() {
      try (var reader = Json.createReader(new StringReader(response.body()))) {
        return reader.read();
      }
    }

    /** The OpenAI error object of an error answer. */
    public JsonObject error() {
      return json().getJsonObject("error");
    }

    @Override
    public String toString() {
      return status() + " " + body();
    }
  }
}
