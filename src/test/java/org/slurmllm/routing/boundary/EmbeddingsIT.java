package org.slurmllm.routing.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/**
 * {@code POST /v1/embeddings} through the gateway to replicas on SLURM: the simulator's embedder
 * for the format, the worker's all-MiniLM-L6-v2 (ONNX, in-process) for meaning; the task a model
 * has decides which endpoint it answers; batches of embeddings.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class EmbeddingsIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();

  String embedModel(String prefix, String engine) {
    return Models.embedding(admin, prefix, engine);
  }

  Api.Reply embed(String body) {
    return admin.post("/v1/embeddings", body);
  }

  static float[] floats(JsonArray a) {
    float[] v = new float[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) a.getJsonNumber(i).doubleValue();
    }
    return v;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  @Test
  void stringsArraysTokensAndBase64AreAnsweredInOpenAisFormat() {
    String model = embedModel("emb", "sim");
    Api.Reply one = embed("{\"model\":\"" + model + "\",\"input\":\"The cat sits on the mat\"}");
    assertEquals(200, one.status(), one::body);
    JsonObject body = one.json();
    assertEquals("list", body.getString("object"));
    assertEquals(model, body.getString("model"));
    JsonObject first = body.getJsonArray("data").getJsonObject(0);
    assertEquals("embedding", first.getString("object"));
    assertEquals(0, first.getInt("index"));
    float[] vector = floats(first.getJsonArray("embedding"));
    assertEquals(384, vector.length);
    assertTrue(body.getJsonObject("usage").getInt("prompt_tokens") > 0);
    String requestId = one.header("X-Request-Id");
    JsonObject record =
        Eventually.await(
                "the request's usage record",
                Duration.ofSeconds(15),
                () -> admin.get("/api/usage?requestId=" + requestId).json(),
                u -> u.getJsonArray("data").size() == 1)
            .getJsonArray("data")
            .getJsonObject(0);
    assertEquals("embedding", record.getString("kind"));
    assertEquals(model, record.getString("model"));
    assertEquals(
        body.getJsonObject("usage").getInt("prompt_tokens"), record.getInt("promptTokens"));
    assertEquals(0, record.getInt("completionTokens"));

    Api.Reply three =
        embed("{\"model\":\"" + model + "\",\"input\":[\"a\",\"The cat sits on the mat\",\"c\"]}");
    assertEquals(200, three.status(), three::body);
    JsonArray data = three.json().getJsonArray("data");
    assertEquals(3, data.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(i, data.getJsonObject(i).getInt("index"));
    }
    // the same text, the same vector, whichever way it was asked for
    assertEquals(
        1.0, cosine(vector, floats(data.getJsonObject(1).getJsonArray("embedding"))), 1e-6);

    Api.Reply base64 =
        embed(
            "{\"model\":\"%s\",\"input\":\"The cat sits on the mat\",\"encoding_format\":\"base64\"}"
                .formatted(model));
    assertEquals(200, base64.status(), base64::body);
    byte[] bytes =
        Base64.getDecoder()
            .decode(base64.json().getJsonArray("data").getJsonObject(0).getString("embedding"));
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(384 * 4, bytes.length);
    for (float x : vector) {
      assertEquals(x, buffer.getFloat(), 1e-6);
    }

    Api.Reply tokens = embed("{\"model\":\"" + model + "\",\"input\":[[1,2,3],[4,5]]}");
    assertEquals(200, tokens.status(), tokens::body);
    assertEquals(2, tokens.json().getJsonArray("data").size());
    Api.Reply flat = embed("{\"model\":\"" + model + "\",\"input\":[1,2,3]}");
    assertEquals(200, flat.status(), flat::body);
    assertEquals(1, flat.json().getJsonArray("data").size());

    Api.Reply same = embed("{\"model\":\"" + model + "\",\"input\":\"x\",\"dimensions\":384}");
    assertEquals(200, same.status(), same::body);
  }

  @Test
  void badInputIsA400NamingTheFieldAndTheTaskDecidesTheEndpoint() {
    String model = embedModel("emb", "sim");
    assertEquals(200, embed("{\"model\":\"" + model + "\",\"input\":\"warm\"}").status());
    String[][] cases = {
      {"{\"model\":\"%s\"}", "input"},
      {"{\"model\":\"%s\",\"input\":\"\"}", "input"},
      {"{\"model\":\"%s\",\"input\":[]}", "input"},
      {"{\"model\":\"%s\",\"input\":42}", "input"},
      {"{\"model\":\"%s\",\"input\":[\"ok\",{\"a\":1}]}", "input"},
      {"{\"model\":\"%s\",\"input\":[[1,-2]]}", "input"},
      {"{\"model\":\"%s\",\"input\":\"x\",\"encoding_format\":\"hex\"}", "encoding_format"},
      {"{\"model\":\"%s\",\"input\":\"x\",\"dimensions\":0}", "dimensions"},
      {"{\"model\":\"%s\",\"input\":\"x\",\"dimensions\":128}", "dimensions"},
    };
    for (String[] c : cases) {
      Api.Reply r = embed(c[0].formatted(model));
      assertEquals(400, r.status(), c[0] + " -> " + r.body());
      assertEquals(c[1], r.error().getString("param"), c[0] + " -> " + r.body());
    }
    Api.Reply chat =
        admin.post(
            "/v1/chat/completions",
            "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(400, chat.status(), chat::body);
    assertEquals("model_not_supported", chat.error().getString("code"));
    assertTrue(chat.error().getString("message").contains("/v1/embeddings"), chat::body);

    String generating = Models.serving(admin, "gen", "instant", 8);
    Api.Reply wrong = embed("{\"model\":\"" + generating + "\",\"input\":\"x\"}");
    assertEquals(400, wrong.status(), wrong::body);
    assertEquals("model_not_supported", wrong.error().getString("code"));

    Api.Reply tribunal =
        admin.post(
            "/api/tribunals",
            "{\"prompt\":\"q\",\"panel\":[\"%s\",\"%s\"],\"judges\":[\"%s\"]}"
                .formatted(generating, model, generating));
    assertEquals(400, tribunal.status(), tribunal::body);
    assertEquals("panel[1]", tribunal.error().getString("param"), tribunal::body);

    JsonObject listed = admin.get("/v1/models/" + model).json();
    assertEquals("embed", listed.getString("task"));
    assertEquals("generate", admin.get("/v1/models/" + generating).json().getString("task"));
  }

  @Test
  void theOnnxEngineEmbedsMeaningAndRefusesAnInputOverItsLimitByIndex() {
    String model = embedModel("minilm", "onnx");
    Api.Reply bare =
        admin.post(
            "/api/models",
            "{\"name\":\"%s\",\"engine\":\"onnx\"}".formatted(Models.uniqueName("bare")));
    assertEquals(201, bare.status(), bare::body);
    assertEquals("embed", bare.json().getString("task"), "the onnx engine's default");
    assertEquals("all-minilm-l6-v2", bare.json().getString("weights"), "the onnx engine's default");
    Api.Reply r =
        Eventually.await(
            "the onnx replica answering",
            Duration.ofSeconds(120),
            () ->
                embed(
                    """
                    {"model":"%s","input":["The cat sits on the mat.",
                     "A kitten is resting on a rug.",
                     "Quarterly revenue grew by five percent."]}"""
                        .formatted(model)),
            x -> x.status() != 503);
    assertEquals(200, r.status(), r::body);
    JsonArray data = r.json().getJsonArray("data");
    float[] cat = floats(data.getJsonObject(0).getJsonArray("embedding"));
    float[] kitten = floats(data.getJsonObject(1).getJsonArray("embedding"));
    float[] revenue = floats(data.getJsonObject(2).getJsonArray("embedding"));
    assertEquals(384, cat.length);
    assertTrue(
        cosine(cat, kitten) > cosine(cat, revenue) + 0.2,
        "cat~kitten " + cosine(cat, kitten) + ", cat~revenue " + cosine(cat, revenue));

    String longText = "word ".repeat(700);
    Api.Reply tooLong =
        embed("{\"model\":\"%s\",\"input\":[\"short\",\"%s\"]}".formatted(model, longText));
    assertEquals(400, tooLong.status(), tooLong::body);
    assertEquals("input", tooLong.error().getString("param"));
    assertTrue(tooLong.error().getString("message").contains("input[1]"), tooLong::body);

    Api.Reply onnxGenerates =
        admin.post(
            "/api/models",
            "{\"name\":\"%s\",\"engine\":\"onnx\",\"task\":\"generate\"}"
                .formatted(Models.uniqueName("bad")));
    assertEquals(400, onnxGenerates.status(), onnxGenerates::body);
    assertEquals("task", onnxGenerates.error().getString("param"));
  }

  @Test
  void aBatchOfEmbeddingsRunsAsAChunkJob() {
    String model = embedModel("embb", "sim");
    String generating = Models.sim(Models.uniqueName("gen"));
    String generator = admin.post("/api/models", generating).json().getString("name");
    StringBuilder input = new StringBuilder();
    // a line for a model that generates: refused at validation, the others run
    input.append(
        """
        {"custom_id":"g-1","method":"POST","url":"/v1/embeddings","body":{"model":"%s","input":"x"}}
        """
            .formatted(generator));
    for (int i = 1; i <= 5; i++) {
      input.append(
          """
          {"custom_id":"e-%d","method":"POST","url":"/v1/embeddings","body":{"model":"%s","input":["line %d","more"]}}
          """
              .formatted(i, model, i));
    }
    String file =
        admin
            .upload(
                "/v1/files",
                "batch",
                "embed.jsonl",
                input.toString().getBytes(StandardCharsets.UTF_8))
            .json()
            .getString("id");
    String batch =
        admin
            .post(
                "/v1/batches",
                "{\"input_file_id\":\"%s\",\"endpoint\":\"/v1/embeddings\",\"completion_window\":\"24h\"}"
                    .formatted(file))
            .json()
            .getString("id");
    JsonObject done =
        Eventually.await(
            "the embeddings batch completed",
            Duration.ofSeconds(120),
            () -> admin.get("/v1/batches/" + batch).json(),
            b ->
                b.getString("status").equals("completed")
                    || b.getString("status").equals("failed"));
    assertEquals("completed", done.getString("status"), done::toString);
    assertEquals(5, done.getJsonObject("request_counts").getInt("completed"), done::toString);
    assertEquals(1, done.getJsonObject("request_counts").getInt("failed"), done::toString);
    String errors = admin.get("/v1/files/" + done.getString("error_file_id") + "/content").body();
    assertTrue(errors.contains("\"g-1\"") && errors.contains("model_not_supported"), errors);
    String output = admin.get("/v1/files/" + done.getString("output_file_id") + "/content").body();
    String[] lines = output.strip().split("\n");
    assertEquals(5, lines.length);
    JsonObject line = Json.createReader(new StringReader(lines[0])).readObject();
    JsonObject response = line.getJsonObject("response");
    assertEquals(200, response.getInt("status_code"));
    assertEquals(2, response.getJsonObject("body").getJsonArray("data").size());
    assertEquals(
        384,
        response
            .getJsonObject("body")
            .getJsonArray("data")
            .getJsonObject(0)
            .getJsonArray("embedding")
            .size());
  }
}
