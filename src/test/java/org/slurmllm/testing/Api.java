package org.slurmllm.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/** A client of the HTTP API as users see it: status, headers and JSON bodies. */
public final class Api {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI base;

  public Api(URI base) {
    this.base = base;
  }

  /** The API of the test server that Arquillian manages. */
  public static Api ofTestServer() {
    return new Api(URI.create("http://127.0.0.1:" + System.getProperty("it.http.port", "8180")));
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

  public Reply put(String path, String json) {
    return send(request(path).PUT(BodyPublishers.ofString(json)));
  }

  public Reply send(String method, String path, String contentType, String body) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .method(method, BodyPublishers.ofString(body)));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
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
