package org.slurmllm.routing.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
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
 * A small retrieval-augmented chatbot written with LangChain4j's OpenAI module, pointed at the
 * gateway's /v1 and changed in nothing else: the project's README split into passages, embedded
 * through /v1/embeddings (all-MiniLM-L6-v2 on a SLURM replica), kept in an in-memory store; a
 * question retrieves its passages and is answered, streamed, through /v1/chat/completions. The same
 * retrieval with the official OpenAI Java SDK.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class RagChatbotIT {

  private static final Logger LOG = Logger.getLogger(RagChatbotIT.class.getName());
  static final String QUESTION = "Which header tells a client when to retry?";

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();
  final String base = "http://127.0.0.1:" + admin.port() + "/v1";

  String minilm() {
    String name = Models.embedding(admin, "rag-minilm", "onnx");
    Eventually.await(
        "the embedding replica answering",
        Duration.ofSeconds(120),
        () -> admin.post("/v1/embeddings", "{\"model\":\"" + name + "\",\"input\":\"warm\"}"),
        x -> x.status() == 200);
    return name;
  }

  @Test
  void theReadmesRetrySectionRanksFirstAndTheAnswerStreams() throws Exception {
    String embedder = minilm();
    String chat = Models.serving(admin, "rag-chat", "instant", 8);
    EmbeddingModel embeddings =
        OpenAiEmbeddingModel.builder()
            .baseUrl(base)
            .apiKey(Api.adminKey())
            .modelName(embedder)
            .timeout(Duration.ofSeconds(120))
            .build();

    List<TextSegment> passages =
        DocumentSplitters.recursive(600, 60)
            .split(Document.from(Files.readString(Path.of("README.md"))));
    assertTrue(passages.size() > 20, "passages: " + passages.size());
    List<Embedding> vectors = embeddings.embedAll(passages).content();
    assertEquals(passages.size(), vectors.size());
    InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
    store.addAll(vectors, passages);

    List<EmbeddingMatch<TextSegment>> found =
        store
            .search(
                EmbeddingSearchRequest.builder()
                    .queryEmbedding(embeddings.embed(QUESTION).content())
                    .maxResults(3)
                    .build())
            .matches();
    for (EmbeddingMatch<TextSegment> m : found) {
      LOG.info(
          () ->
              String.format(
                  "%.3f %s", m.score(), m.embedded().text().replace('\n', ' ').substring(0, 120)));
    }
    assertTrue(
        found.get(0).embedded().text().contains("Retry-After"),
        "first passage: " + found.get(0).embedded().text());

    StreamingChatModel model =
        OpenAiStreamingChatModel.builder()
            .baseUrl(base)
            .apiKey(Api.adminKey())
            .modelName(chat)
            .maxTokens(24)
            .timeout(Duration.ofSeconds(60))
            .build();
    List<String> pieces = new ArrayList<>();
    CompletableFuture<ChatResponse> answered = new CompletableFuture<>();
    model.chat(
        List.of(
            SystemMessage.from(
                "Answer from these passages of the manual:\n\n" + found.get(0).embedded().text()),
            UserMessage.from(QUESTION)),
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {
            pieces.add(partial);
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            answered.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            answered.completeExceptionally(error);
          }
        });
    ChatResponse response = answered.get(60, TimeUnit.SECONDS);
    assertTrue(pieces.size() > 1, "streamed in pieces: " + pieces);
    assertEquals(String.join("", pieces), response.aiMessage().text());
    assertFalse(response.aiMessage().text().isBlank());

    // the same retrieval through the official OpenAI Java SDK (base64 or floats, as it asks)
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(base)
            .apiKey(Api.adminKey())
            .timeout(Duration.ofSeconds(60))
            .build();
    CreateEmbeddingResponse sdk =
        client
            .embeddings()
            .create(EmbeddingCreateParams.builder().model(embedder).input(QUESTION).build());
    List<Float> asked = sdk.data().get(0).embedding();
    float[] query = new float[asked.size()];
    for (int i = 0; i < query.length; i++) {
      query[i] = asked.get(i);
    }
    EmbeddingMatch<TextSegment> first =
        store
            .search(
                EmbeddingSearchRequest.builder()
                    .queryEmbedding(Embedding.from(query))
                    .maxResults(1)
                    .build())
            .matches()
            .get(0);
    assertEquals(found.get(0).embedded().text(), first.embedded().text());
    assertTrue(sdk.usage().promptTokens() > 0);
  }
}
