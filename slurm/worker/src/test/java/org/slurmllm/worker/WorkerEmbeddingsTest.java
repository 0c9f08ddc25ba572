package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A worker serving an embedding model: /v1/embeddings answers, generation is refused clearly. */
class WorkerEmbeddingsTest {

  WorkerServer server;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws Exception {
    WorkerOptions options =
        WorkerOptions.parse(
            new String[] {
              "serve",
              "--engine",
              "sim",
              "--task",
              "embed",
              "--model",
              "emb-1",
              "--context-length",
              "64"
            });
    server = WorkerServer.start(options, options.createEmbedder());
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  @Test
  void embedsAndRefusesGeneration() throws Exception {
    HttpResponse<String> r =
        post("/v1/embeddings", "{\"model\":\"emb-1\",\"input\":[\"a b\",\"c\"]}");
    assertEquals(200, r.statusCode(), r.body());
    JsonObject body = json(r.body());
    assertEquals(2, body.getJsonArray("data").size());
    assertEquals(384, body.getJsonArray("data").getJsonObject(1).getJsonArray("embedding").size());
    assertEquals(2, body.getJsonObject("usage").getInt("prompt_tokens"));

    HttpResponse<String> chat =
        post(
            "/v1/chat/completions",
            "{\"model\":\"emb-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(400, chat.statusCode());
    assertEquals("model_not_supported", json(chat.body()).getJsonObject("error").getString("code"));

    HttpResponse<String> other = post("/v1/embeddings", "{\"model\":\"nope\",\"input\":\"x\"}");
    assertEquals(404, other.statusCode());
  }

  @Test
  void aClientsMistakeHasAWordForItsCode() throws Exception {
    String tooLong = "word ".repeat(5000);
    HttpResponse<String> r =
        post("/v1/embeddings", "{\"model\":\"emb-1\",\"input\":\"" + tooLong + "\"}");
    assertEquals(400, r.statusCode(), r.body());
    assertEquals(
        "context_length_exceeded", json(r.body()).getJsonObject("error").getString("code"));
    HttpResponse<String> format =
        post("/v1/embeddings", "{\"model\":\"emb-1\",\"input\":\"x\",\"encoding_format\":\"hex\"}");
    assertEquals(400, format.statusCode());
    assertEquals("invalid_value", json(format.body()).getJsonObject("error").getString("code"));
  }

  @Test
  void theOptionsTieOnnxToEmbeddingAndItsOwnWeights() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            WorkerOptions.parse(
                new String[] {
                  "serve", "--engine", "onnx", "--model", "m", "--weights", "all-minilm-l6-v2"
                }));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            WorkerOptions.parse(
                new String[] {
                  "serve", "--engine", "onnx", "--task", "embed", "--model", "m", "--weights", "x"
                }));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            WorkerOptions.parse(
                new String[] {"serve", "--engine", "sim", "--task", "rank", "--model", "m"}));
    assertTrue(
        WorkerOptions.parse(
                new String[] {
                  "serve",
                  "--engine",
                  "onnx",
                  "--task",
                  "embed",
                  "--model",
                  "m",
                  "--weights",
                  "all-minilm-l6-v2"
                })
            .embeds());
  }
}
