package org.slurmllm.worker;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A text embedder: a sentence-embedding model (ONNX), llama.cpp's pooling, or the simulator. */
interface Embedder extends AutoCloseable {

  /** The vectors of the inputs, in order, and the tokens they took. */
  record Embedded(List<float[]> vectors, int promptTokens) {}

  /** Embeds the inputs (each within {@link #maxInputTokens()}: checked by the caller). */
  Embedded embed(List<String> inputs);

  /** The length of every vector. */
  int dimensions();

  /** The most tokens one input may have. */
  int maxInputTokens();

  /** The tokens of the text as the model sees them. */
  int countTokens(String text);

  /** The text of token ids (OpenAI lets a client send token arrays instead of strings). */
  String decode(List<Integer> tokens);

  /** Requests being embedded now (shown as vLLM's num_requests_running). */
  AtomicInteger running();

  @Override
  default void close() {}

  /** Scales the vector to length 1 (cosine similarity is then a dot product). */
  static float[] normalized(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    double norm = Math.sqrt(sum);
    if (norm > 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (v[i] / norm);
      }
    }
    return v;
  }
}
