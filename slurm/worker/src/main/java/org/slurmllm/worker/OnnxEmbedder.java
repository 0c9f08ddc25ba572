package org.slurmllm.worker;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * all-MiniLM-L6-v2 (384 dimensions) run in-process by ONNX Runtime on the CPU, from LangChain4j's
 * jar: weights and tokenizer inside, nothing to fetch. Its own tokenizer counts the tokens, so an
 * input over the model's 512 is refused before the model would cut it.
 */
final class OnnxEmbedder implements Embedder {

  /** The weights names this embedder serves. */
  static final String MINILM = "all-minilm-l6-v2";

  private static final int MAX_TOKENS = 512;

  private final AllMiniLmL6V2EmbeddingModel model;
  private final HuggingFaceTokenizer tokenizer;
  private final AtomicInteger running = new AtomicInteger();

  OnnxEmbedder(String weights) {
    if (!MINILM.equals(weights)) {
      throw new IllegalStateException(
          "engine onnx serves the weights '" + MINILM + "' only, not '" + weights + "'");
    }
    model = new AllMiniLmL6V2EmbeddingModel();
    try (InputStream json =
        AllMiniLmL6V2EmbeddingModel.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
      tokenizer =
          HuggingFaceTokenizer.newInstance(
              json, Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the tokenizer of " + MINILM, e);
    }
  }

  @Override
  public Embedded embed(List<String> inputs) {
    running.incrementAndGet();
    try {
      List<TextSegment> segments = inputs.stream().map(TextSegment::from).toList();
      var response = model.embedAll(segments);
      List<float[]> vectors = new ArrayList<>(inputs.size());
      for (Embedding e : response.content()) {
        vectors.add(e.vector());
      }
      int tokens = 0;
      for (String input : inputs) {
        tokens += countTokens(input);
      }
      return new Embedded(vectors, tokens);
    } finally {
      running.decrementAndGet();
    }
  }

  @Override
  public int dimensions() {
    return 384;
  }

  @Override
  public int maxInputTokens() {
    return MAX_TOKENS;
  }

  @Override
  public int countTokens(String text) {
    return tokenizer.encode(text).getIds().length;
  }

  @Override
  public String decode(List<Integer> tokens) {
    long[] ids = tokens.stream().mapToLong(Integer::longValue).toArray();
    return tokenizer.decode(ids, true);
  }

  @Override
  public AtomicInteger running() {
    return running;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
