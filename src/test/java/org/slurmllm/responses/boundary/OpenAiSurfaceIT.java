package org.slurmllm.responses.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.StructuredChatCompletion;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Access;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/**
 * The OpenAI API portals call in 2026, with the official clients unchanged against replicas on
 * SLURM: openai-java's structured outputs and its Responses API (streamed, and a second turn by
 * {@code previous_response_id}) on the tiny real model under llama.cpp; LangChain4j's AI services
 * calling a {@code @Tool} and returning a record; openai-node streaming a response. Stored
 * responses stay with their tenant.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class OpenAiSurfaceIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();
  final String base = "http://127.0.0.1:" + admin.port() + "/v1";

  OpenAIClient client() {
    return OpenAIOkHttpClient.builder()
        .baseUrl(base)
        .apiKey(Api.adminKey())
        .maxRetries(0)
        .timeout(Duration.ofSeconds(90))
        .build();
  }

  /** A model serving now: its first request answered. */
  String ready(String name) {
    Eventually.await(
        "a replica of " + name + " answering",
        Duration.ofSeconds(120),
        () ->
            admin.post(
                "/v1/chat/completions",
                "{\"model\":\""
                    + name
                    + "\",\"max_tokens\":2,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
        r -> r.status() == 200);
    return name;
  }

  /** The text of a response's output messages, as the SDK reads it. */
  static String text(Response r) {
    StringBuilder text = new StringBuilder();
    r.output()
        .forEach(
            item ->
                item.message()
                    .ifPresent(
                        m ->
                            m.content()
                                .forEach(
                                    c -> c.outputText().ifPresent(t -> text.append(t.text())))));
    return text.toString();
  }

  /** What a structured answer is parsed into: openai-java makes the schema from it. */
  public static class Person {
    public String name;
    public long age;
  }

  @Test
  void theTinyModelAnswersJsonOfTheSchemaAndTheResponsesApiContinuesAConversation() {
    String tiny = ready(Models.tinyServing(admin, "surface-tiny"));
    OpenAIClient client = client();

    StructuredChatCompletion<Person> structured =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model(tiny)
                    .addUserMessage("A person.")
                    .maxCompletionTokens(60)
                    .responseFormat(Person.class)
                    .build());
    Person person = structured.choices().get(0).message().content().orElseThrow();
    assertNotNull(person.name, "parsed into the class");

    Response first =
        client
            .responses()
            .create(
                ResponseCreateParams.builder()
                    .model(tiny)
                    .input("Once upon a time")
                    .maxOutputTokens(20)
                    .build());
    assertTrue(first.id().startsWith("resp_"), first.id());
    assertEquals(200, admin.get("/v1/responses/" + first.id()).status(), "kept before its answer");
    assertFalse(text(first).isBlank(), first.toString());
    assertTrue(first.usage().orElseThrow().outputTokens() > 0);
    Response second =
        client
            .responses()
            .create(
                ResponseCreateParams.builder()
                    .model(tiny)
                    .input("and then?")
                    .previousResponseId(first.id())
                    .maxOutputTokens(20)
                    .build());
    assertEquals(first.id(), second.previousResponseId().orElseThrow());
    // the second turn's prompt held the first turn: more input tokens than its own words
    assertTrue(
        second.usage().orElseThrow().inputTokens() > first.usage().orElseThrow().inputTokens(),
        "the stored conversation reached the model");

    List<String> types = new ArrayList<>();
    StringBuilder deltas = new StringBuilder();
    try (StreamResponse<ResponseStreamEvent> stream =
        client
            .responses()
            .createStreaming(
                ResponseCreateParams.builder()
                    .model(tiny)
                    .input("Once")
                    .maxOutputTokens(12)
                    .build())) {
      stream.stream()
          .forEach(
              e -> {
                e.outputTextDelta().ifPresent(d -> deltas.append(d.delta()));
                e.completed().ifPresent(c -> types.add("completed " + text(c.response())));
                e.created().ifPresent(c -> types.add("created"));
              });
    }
    assertEquals("created", types.get(0));
    assertEquals("completed " + deltas, types.get(types.size() - 1));
    assertFalse(deltas.isEmpty());

    // what is stored is the caller's: read back, its items listed, deleted
    JsonObject stored = admin.get("/v1/responses/" + first.id()).json();
    assertEquals(
        text(first),
        stored
            .getJsonArray("output")
            .getJsonObject(0)
            .getJsonArray("content")
            .getJsonObject(0)
            .getString("text"));
    assertEquals(
        "Once upon a time",
        admin
            .get("/v1/responses/" + first.id() + "/input_items")
            .json()
            .getJsonArray("data")
            .getJsonObject(0)
            .getJsonArray("content")
            .getJsonObject(0)
            .getString("text"));
    assertEquals(200, admin.delete("/v1/responses/" + first.id()).status());
    assertEquals(404, admin.get("/v1/responses/" + first.id()).status());
    Api.Reply gone =
        admin.post(
            "/v1/responses",
            "{\"model\":\""
                + tiny
                + "\",\"input\":\"x\",\"previous_response_id\":\""
                + first.id()
                + "\"}");
    assertEquals(404, gone.status(), gone.body());
    assertEquals("previous_response_id", gone.error().getString("param"));
  }

  /** A tool the model is given; it records that it was called. */
  public static class Weather {
    final List<String> asked = new ArrayList<>();

    @Tool("The weather in a city now")
    public String weather(String city) {
      asked.add(city);
      return "sunny and 21 degrees in " + city;
    }
  }

  interface Assistant {
    String chat(String message);
  }

  public record Forecast(String city, int degrees, boolean sunny) {}

  interface Forecaster {
    Forecast forecast(String text);
  }

  @Test
  void langChain4jsServicesCallAToolAndReturnARecord() {
    String sim = ready(Models.serving(admin, "surface-sim", "instant", 8));
    ChatModel model =
        OpenAiChatModel.builder()
            .baseUrl(base)
            .apiKey(Api.adminKey())
            .modelName(sim)
            .maxTokens(64)
            .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
            .strictJsonSchema(true)
            .timeout(Duration.ofSeconds(60))
            .build();
    Weather weather = new Weather();
    Assistant assistant =
        AiServices.builder(Assistant.class).chatModel(model).tools(weather).build();
    String answer = assistant.chat("What is the weather in Paris?");
    assertEquals(1, weather.asked.size(), "the model called the tool once: " + weather.asked);
    assertTrue(
        answer.contains("sunny and 21 degrees in " + weather.asked.get(0)),
        "the tool's result came back and was answered: " + answer);

    Forecast forecast =
        AiServices.create(Forecaster.class, model).forecast("Paris: sunny, 21 degrees.");
    assertNotNull(forecast.city(), "parsed into the record: " + forecast);
  }

  @Test
  void openaiNodeStreamsAResponse() throws Exception {
    String sim = ready(Models.serving(admin, "surface-node", "instant", 8));
    Path script = Path.of("src/test/node/responses-stream.mjs");
    assertTrue(
        Files.isDirectory(Path.of("src/test/node/node_modules/openai")),
        "openai-node is installed (bin/slurm-llm test runs npm ci in src/test/node)");
    Process node =
        new ProcessBuilder("node", script.toString(), base, Api.adminKey(), sim)
            .redirectErrorStream(true)
            .start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    node.getInputStream().transferTo(out);
    assertTrue(node.waitFor(60, TimeUnit.SECONDS));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, node.exitValue(), printed);
    JsonObject seen =
        jakarta.json.Json.createReader(
                new java.io.StringReader(printed.strip().lines().reduce((a, b) -> b).orElseThrow()))
            .readObject();
    List<String> types =
        seen.getJsonArray("types").getValuesAs(jakarta.json.JsonString.class).stream()
            .map(jakarta.json.JsonString::getString)
            .toList();
    assertEquals("response.created", types.get(0), printed);
    assertTrue(types.contains("response.output_text.delta"), printed);
    assertEquals("response.completed", types.get(types.size() - 1), printed);
    assertEquals(seen.getString("text"), seen.getString("outputText"), printed);
  }

  @Test
  void aTenantSeesOnlyItsOwnResponsesAndOneThatKeepsNoTextStoresNone() {
    String sim = ready(Models.serving(admin, "surface-tenants", "instant", 8));
    Access access = new Access(admin);
    Api physics = access.as(access.key(access.tenant("phys", "full"), "user"));
    Api chemistry = access.as(access.key(access.tenant("chem", "full"), "user"));
    Api quiet = access.as(access.key(access.tenant("quiet"), "user"));

    JsonObject kept =
        physics
            .post("/v1/responses", "{\"model\":\"" + sim + "\",\"input\":\"echo: hello\"}")
            .json();
    assertTrue(kept.getBoolean("store"));
    String id = kept.getString("id");
    assertEquals(200, physics.get("/v1/responses/" + id).status());
    assertEquals(404, chemistry.get("/v1/responses/" + id).status());
    assertEquals(404, chemistry.delete("/v1/responses/" + id).status());
    Api.Reply foreign =
        chemistry.post(
            "/v1/responses",
            "{\"model\":\"" + sim + "\",\"input\":\"x\",\"previous_response_id\":\"" + id + "\"}");
    assertEquals(404, foreign.status(), foreign.body());

    JsonObject unkept =
        quiet.post("/v1/responses", "{\"model\":\"" + sim + "\",\"input\":\"echo: hi\"}").json();
    assertFalse(unkept.getBoolean("store"), "content policy none keeps no text");
    assertEquals(404, quiet.get("/v1/responses/" + unkept.getString("id")).status());
    Api.Reply refused =
        quiet.post(
            "/v1/responses",
            "{\"model\":\"" + sim + "\",\"input\":\"x\",\"previous_response_id\":\"" + id + "\"}");
    assertEquals(400, refused.status(), refused.body());
    assertEquals("previous_response_id", refused.error().getString("param"));
    assertTrue(refused.error().getString("message").contains("content policy"), refused.body());

    Api.Reply builtIn =
        physics.post(
            "/v1/responses",
            "{\"model\":\"" + sim + "\",\"input\":\"x\",\"tools\":[{\"type\":\"web_search\"}]}");
    assertEquals(400, builtIn.status());
    assertEquals("tools[0].type", builtIn.error().getString("param"));
  }

  @Test
  void aBatchOfResponsesLinesAnswersResponses() {
    String sim = ready(Models.serving(admin, "surface-batch", "instant", 8));
    String input =
        String.join(
            "\n",
            "{\"custom_id\":\"r-1\",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":{\"model\":\""
                + sim
                + "\",\"input\":\"echo: first\"}}",
            "{\"custom_id\":\"r-2\",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":{\"model\":\""
                + sim
                + "\",\"instructions\":\"Be brief.\",\"input\":[{\"role\":\"user\",\"content\":\"echo: second\"}]}}",
            "{\"custom_id\":\"r-3\",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":{\"model\":\""
                + sim
                + "\",\"input\":\"x\",\"previous_response_id\":\"resp_1\"}}");
    String file =
        admin
            .upload("/v1/files", "batch", "responses.jsonl", input.getBytes(StandardCharsets.UTF_8))
            .json()
            .getString("id");
    String batch =
        admin
            .post(
                "/v1/batches",
                "{\"input_file_id\":\""
                    + file
                    + "\",\"endpoint\":\"/v1/responses\","
                    + "\"completion_window\":\"24h\"}")
            .json()
            .getString("id");
    JsonObject done =
        Eventually.await(
            "the batch of responses lines ends",
            Duration.ofSeconds(180),
            () -> admin.get("/v1/batches/" + batch).json(),
            b -> b.getString("status").equals("completed"));
    assertEquals(2, done.getJsonObject("request_counts").getInt("completed"), done.toString());
    assertEquals(1, done.getJsonObject("request_counts").getInt("failed"), done.toString());
    String output = admin.get("/v1/files/" + done.getString("output_file_id") + "/content").body();
    List<String> texts = new ArrayList<>();
    for (String line : output.strip().split("\n")) {
      JsonObject response =
          jakarta.json.Json.createReader(new java.io.StringReader(line))
              .readObject()
              .getJsonObject("response")
              .getJsonObject("body");
      assertEquals("response", response.getString("object"), line);
      texts.add(
          response
              .getJsonArray("output")
              .getJsonObject(0)
              .getJsonArray("content")
              .getJsonObject(0)
              .getString("text"));
    }
    assertEquals(List.of("first", "second"), texts);
    String errors = admin.get("/v1/files/" + done.getString("error_file_id") + "/content").body();
    assertTrue(errors.contains("r-3") && errors.contains("previous_response_id"), errors);
  }
}
