package org.slurmllm.tribunal.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Access;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/**
 * A tribunal recipe in the catalog, called by its model name with the official clients unchanged:
 * openai-java and LangChain4j get the verdict, streamed and not, with the transcript one id away; a
 * recipe whose member fails answers while its quorum holds and fails clearly when it does not; a
 * recipe limited to a tenant is another tenant's 404.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class TribunalModelsIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();
  final String base = "http://127.0.0.1:" + api.port() + "/v1";

  String sim(String prefix, String... args) {
    return Models.simWith(api, prefix, args);
  }

  void ready(String model) {
    Eventually.await(
        model + " answering",
        Duration.ofSeconds(120),
        () ->
            api.post(
                "/v1/chat/completions",
                "{\"model\":\""
                    + model
                    + "\",\"max_tokens\":2,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
        r -> r.status() == 200);
  }

  String recipe(String prefix, String body) {
    String name = Models.uniqueName(prefix);
    Reply r =
        api.post(
            "/api/models",
            "{\"name\":\"" + name + "\",\"engine\":\"tribunal\",\"tribunal\":" + body + "}");
    assertEquals(201, r.status(), r::toString);
    return name;
  }

  OpenAIClient client() {
    return OpenAIOkHttpClient.builder()
        .baseUrl(base)
        .apiKey(Api.adminKey())
        .maxRetries(0)
        .timeout(Duration.ofSeconds(120))
        .build();
  }

  @Test
  void aRecipeIsCalledByNameWithTheOfficialClientsAndItsTranscriptIsOneIdAway() throws Exception {
    String a = sim("tma", "--profile", "instant");
    String b = sim("tmb", "--profile", "instant");
    String council =
        recipe(
            "council",
            "{\"panel\":[\""
                + a
                + "\",\""
                + b
                + "\"],\"judges\":[\""
                + b
                + "\"],"
                + "\"rounds\":1,\"aggregation\":\"best\",\"quorum\":1}");
    ready(a);
    ready(b);
    JsonObject listed = api.get("/v1/models/" + council).json();
    assertEquals("generate", listed.getString("task"));
    JsonObject stored = api.get("/api/models/" + council).json();
    assertEquals(
        List.of(a, b),
        stored
            .getJsonObject("tribunal")
            .getJsonArray("panel")
            .getValuesAs(jakarta.json.JsonString.class)
            .stream()
            .map(jakarta.json.JsonString::getString)
            .toList());

    ChatCompletion verdict =
        client()
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model(council)
                    .addSystemMessage("Answer with one number.")
                    .addUserMessage("Name a prime number.")
                    .maxCompletionTokens(16)
                    .build());
    String text = verdict.choices().get(0).message().content().orElseThrow();
    assertFalse(text.isBlank());
    JsonObject transcript = api.get("/api/tribunals/" + verdict.id()).json();
    assertEquals("completed", transcript.getString("status"));
    assertEquals(text, transcript.getJsonObject("verdict").getString("text"));
    assertEquals(
        "Answer with one number.",
        transcript.getJsonObject("request").getString("rubric"),
        "the system message is the rubric");
    long stepTokens =
        transcript.getJsonArray("steps").getValuesAs(JsonObject.class).stream()
            .mapToLong(
                s ->
                    (s.isNull("promptTokens") ? 0 : s.getInt("promptTokens"))
                        + (s.isNull("completionTokens") ? 0 : s.getInt("completionTokens")))
            .sum();
    assertEquals(stepTokens, verdict.usage().orElseThrow().totalTokens(), "usage sums the steps");

    Reply completion =
        api.post("/v1/completions", "{\"model\":\"" + council + "\",\"prompt\":\"Hi\"}");
    assertEquals(400, completion.status(), completion.body());
    assertEquals("model", completion.error().getString("param"));

    Reply raw =
        api.post(
            "/v1/chat/completions",
            "{\"model\":\""
                + council
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertEquals(raw.json().getString("id"), raw.header("X-Tribunal-Id"));

    List<String> pieces = new ArrayList<>();
    String streamedId;
    try (StreamResponse<ChatCompletionChunk> stream =
        client()
            .chat()
            .completions()
            .createStreaming(
                ChatCompletionCreateParams.builder()
                    .model(council)
                    .addUserMessage("Name a prime number.")
                    .maxCompletionTokens(16)
                    .build())) {
      List<ChatCompletionChunk> chunks = stream.stream().toList();
      streamedId = chunks.get(0).id();
      chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(pieces::add)));
    }
    assertFalse(String.join("", pieces).isBlank());
    assertEquals(200, api.get("/api/tribunals/" + streamedId).status());

    StreamingChatModel streaming =
        OpenAiStreamingChatModel.builder()
            .baseUrl(base)
            .apiKey(Api.adminKey())
            .modelName(council)
            .maxTokens(16)
            .timeout(Duration.ofSeconds(120))
            .build();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    streaming.chat(
        "Name a prime number.",
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {}

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    assertFalse(done.get(120, TimeUnit.SECONDS).aiMessage().text().isBlank());
    String blocking =
        OpenAiChatModel.builder()
            .baseUrl(base)
            .apiKey(Api.adminKey())
            .modelName(council)
            .maxTokens(16)
            .timeout(Duration.ofSeconds(120))
            .build()
            .chat("Name a prime number.");
    assertFalse(blocking.isBlank());
  }

  @Test
  void aFailingMemberIsCarriedByTheQuorumAndItsLossIsAClearError() {
    String good = sim("tmg", "--profile", "instant");
    String bad = sim("tmx", "--profile", "instant", "--error-rate", "1");
    ready(good);
    String lenient =
        recipe(
            "lenient",
            "{\"panel\":[\""
                + good
                + "\",\""
                + bad
                + "\"],\"judges\":[\""
                + good
                + "\"],\"quorum\":1}");
    String strict =
        recipe(
            "strict",
            "{\"panel\":[\""
                + good
                + "\",\""
                + bad
                + "\"],\"judges\":[\""
                + good
                + "\"],\"quorum\":2}");
    Reply held =
        api.post(
            "/v1/chat/completions",
            "{\"model\":\""
                + lenient
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertEquals(200, held.status(), held.body());
    Reply lost =
        api.post(
            "/v1/chat/completions",
            "{\"model\":\"" + strict + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertEquals(502, lost.status(), lost.body());
    assertTrue(lost.error().getString("message").contains("/api/tribunals/"), lost.body());
    assertEquals("tribunal_failed", lost.error().getString("code"));
  }

  @Test
  void recipesAreCheckedAndKeptToTheirTenants() {
    String a = sim("tmt", "--profile", "instant");
    Reply self =
        api.post(
            "/api/models",
            "{\"name\":\"loop-x\",\"engine\":\"tribunal\",\"tribunal\":{\"panel\":[\"loop-x\"],"
                + "\"judges\":[\""
                + a
                + "\"]}}");
    assertEquals(400, self.status(), self.body());
    assertEquals("tribunal.panel[0]", self.error().getString("param"));
    Reply missing =
        api.post(
            "/api/models",
            "{\"name\":\""
                + Models.uniqueName("nope")
                + "\",\"engine\":\"tribunal\","
                + "\"tribunal\":{\"panel\":[\"no-such-model\"],\"judges\":[\""
                + a
                + "\"]}}");
    assertEquals(400, missing.status());

    Access access = new Access(api);
    String physics = access.tenant("tmphys");
    String chemistry = access.tenant("tmchem");
    String name = Models.uniqueName("physics-council");
    Reply limited =
        api.post(
            "/api/models",
            "{\"name\":\""
                + name
                + "\",\"engine\":\"tribunal\",\"tenants\":[\""
                + physics
                + "\"],"
                + "\"tribunal\":{\"panel\":[\""
                + a
                + "\"],\"judges\":[\""
                + a
                + "\"]}}");
    assertEquals(201, limited.status(), limited.body());
    Api chemist = access.as(access.key(chemistry, "user"));
    assertEquals(404, chemist.get("/v1/models/" + name).status());
    Reply refused =
        chemist.post(
            "/v1/chat/completions",
            "{\"model\":\"" + name + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertEquals(404, refused.status(), refused.body());
  }

  @Test
  void aClientThatLeavesAStreamedCallStopsItsTribunal() throws Exception {
    String slow = sim("tmslow", "--profile", "llama-3.1-8b");
    ready(slow);
    String recipe =
        recipe(
            "slowcouncil",
            "{\"panel\":[\""
                + slow
                + "\"],\"judges\":[\""
                + slow
                + "\"],\"rounds\":3,\"quorum\":1,"
                + "\"maxTokens\":200}");
    String body =
        "{\"model\":\""
            + recipe
            + "\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell a long story.\"}]}";
    String id;
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", api.port())) {
      byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      socket
          .getOutputStream()
          .write(
              ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      + "Authorization: Bearer "
                      + Api.adminKey()
                      + "\r\n"
                      + "Content-Type: application/json\r\nContent-Length: "
                      + bytes.length
                      + "\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().write(bytes);
      var in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
      String line;
      String found = null;
      while ((line = in.readLine()) != null && found == null) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-tribunal-id:")) {
          found = line.substring(line.indexOf(':') + 1).strip();
        }
      }
      id = found;
    } // the client leaves while the panel deliberates
    assertTrue(id != null && id.startsWith("trb_"), "the id came in a header: " + id);
    JsonObject t =
        Eventually.await(
            "tribunal " + id + " stopped",
            Duration.ofSeconds(60),
            () -> api.get("/api/tribunals/" + id).json(),
            x ->
                !x.getString("status").equals("running")
                    && !x.getString("status").equals("queued"));
    assertEquals("cancelled", t.getString("status"), t::toString);
  }
}
