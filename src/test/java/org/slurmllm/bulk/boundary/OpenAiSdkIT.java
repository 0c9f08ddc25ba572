package org.slurmllm.bulk.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/**
 * The official OpenAI Java SDK, unchanged, against the gateway: chat, streaming, files, batches.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class OpenAiSdkIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();
  final OpenAIClient client =
      OpenAIOkHttpClient.builder()
          .baseUrl("http://127.0.0.1:" + System.getProperty("it.http.port", "8180") + "/v1")
          .apiKey(Api.adminKey())
          .timeout(Duration.ofSeconds(60))
          .build();

  String simModel(int min) {
    String name = Models.uniqueName("sdk");
    assertEquals(
        201,
        api.post(
                "/api/models",
                """
                {"name":"%s","engine":"sim","engineArgs":["--profile","instant"],
                 "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30},
                 "scaling":{"minReplicas":%d,"maxReplicas":1,"targetConcurrency":8,"idleMinutes":10}}"""
                    .formatted(name, min))
            .status());
    return name;
  }

  @Test
  void chatStreamingAndModelsWorkThroughTheSdk() {
    String model = simModel(1);
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(model)
            .addUserMessage("echo: hello from the sdk")
            .maxCompletionTokens(16)
            .build();
    ChatCompletion completion = client.chat().completions().create(params);
    assertEquals("hello from the sdk", completion.choices().get(0).message().content().orElse(""));

    String streamed;
    try (var stream = client.chat().completions().createStreaming(params)) {
      streamed =
          stream.stream()
              .flatMap(chunk -> chunk.choices().stream())
              .map(choice -> choice.delta().content().orElse(""))
              .collect(Collectors.joining());
    }
    assertEquals("hello from the sdk", streamed);
    assertTrue(
        client.models().list().data().stream().anyMatch(m -> m.id().equals(model)),
        "models.list() sees the model");
    api.delete("/api/models/" + model);
  }

  @Test
  void uploadsAFileAndRunsABatchThroughTheSdk(@TempDir Path dir) throws Exception {
    String model = simModel(0);
    Path input = dir.resolve("requests.jsonl");
    Files.write(
        input,
        IntStream.rangeClosed(1, 15)
            .mapToObj(
                i ->
                    """
                    {"custom_id":"sdk-%d","method":"POST","url":"/v1/chat/completions","body":{"model":"%s","messages":[{"role":"user","content":"echo: line %d"}],"max_tokens":4}}"""
                        .formatted(i, model, i))
            .toList());

    FileObject file =
        client
            .files()
            .create(FileCreateParams.builder().file(input).purpose(FilePurpose.BATCH).build());
    assertEquals(Files.size(input), file.bytes());

    Batch batch =
        client
            .batches()
            .create(
                BatchCreateParams.builder()
                    .inputFileId(file.id())
                    .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                    .completionWindow(BatchCreateParams.CompletionWindow._24H)
                    .build());
    Batch done =
        Eventually.await(
            "batch " + batch.id() + " completed",
            Duration.ofSeconds(180),
            () -> client.batches().retrieve(batch.id()),
            b ->
                b.status().equals(Batch.Status.COMPLETED)
                    || b.status().equals(Batch.Status.FAILED));
    assertEquals(Batch.Status.COMPLETED, done.status());
    assertEquals(15, done.requestCounts().orElseThrow().completed());

    String output;
    try (HttpResponse content = client.files().content(done.outputFileId().orElseThrow())) {
      output = new String(content.body().readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> lines = output.lines().toList();
    assertEquals(15, lines.size());
    assertTrue(lines.get(0).contains("\"custom_id\":\"sdk-1\""), lines.get(0));
    assertTrue(lines.get(14).contains("line 15"), lines.get(14));
    api.delete("/api/models/" + model);
  }
}
