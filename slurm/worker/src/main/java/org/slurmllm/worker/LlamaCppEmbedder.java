package org.slurmllm.worker;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.args.PoolingType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A GGUF model in llama.cpp's embedding mode, one input at a time, as {@link LlamaCppEngine}
 * generates one answer at a time. The vector is the last token's hidden state (last-token pooling,
 * what decoder-only embedding models such as e5-mistral use); mean pooling aborts the process in
 * the bundled llama.cpp (build 4916: GGML_ASSERT(ggml_can_mul_mat) at context start). Its
 * vocabulary is checked first: text llama.cpp would abort on is refused.
 */
final class LlamaCppEmbedder implements Embedder {

  private final LlamaModel model;
  private final GgufVocabulary vocabulary;
  private final int contextLength;
  private final int dimensions;
  private final AtomicInteger running = new AtomicInteger();
  private final ReentrantLock oneAtATime = new ReentrantLock(true);

  LlamaCppEmbedder(String weights, int threads, int contextLength) {
    this.contextLength = contextLength;
    this.vocabulary = GgufVocabulary.read(Path.of(weights));
    this.model =
        new LlamaModel(
            LlamaCppEngine.parameters(weights, threads, contextLength)
                .enableEmbedding()
                .setPoolingType(PoolingType.LAST));
    this.dimensions = model.embed("dimensions").length;
  }

  @Override
  public Embedded embed(List<String> inputs) {
    running.incrementAndGet();
    oneAtATime.lock();
    try {
      List<float[]> vectors = new ArrayList<>(inputs.size());
      int tokens = 0;
      for (String input : inputs) {
        vectors.add(Embedder.normalized(model.embed(input)));
        tokens += countTokens(input);
      }
      return new Embedded(vectors, tokens);
    } finally {
      oneAtATime.unlock();
      running.decrementAndGet();
    }
  }

  @Override
  public int dimensions() {
    return dimensions;
  }

  @Override
  public int maxInputTokens() {
    return contextLength;
  }

  @Override
  public int countTokens(String text) {
    String refusal = vocabulary.refusal(text);
    if (refusal != null) {
      throw new OpenAiProtocol.BadRequest("input", refusal);
    }
    return text.isEmpty() ? 0 : model.encode(text).length;
  }

  @Override
  public String decode(List<Integer> tokens) {
    return model.decode(tokens.stream().mapToInt(Integer::intValue).toArray());
  }

  @Override
  public AtomicInteger running() {
    return running;
  }

  @Override
  public void close() {
    model.close();
  }
}
