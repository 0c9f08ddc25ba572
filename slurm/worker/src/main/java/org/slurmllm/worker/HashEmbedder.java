package org.slurmllm.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulator's embedder: each word adds a fixed pseudo-random direction, the sum normalized.
 * Texts that share words are close, the same text always gives the same vector, and it costs
 * microseconds: for tests and benchmarks of everything around a model, not for meaning.
 */
final class HashEmbedder implements Embedder {

  private final int dimensions;
  private final int maxInputTokens;
  private final AtomicInteger running = new AtomicInteger();

  HashEmbedder(int dimensions, int maxInputTokens) {
    this.dimensions = dimensions;
    this.maxInputTokens = maxInputTokens;
  }

  @Override
  public Embedded embed(List<String> inputs) {
    running.incrementAndGet();
    try {
      List<float[]> vectors = new ArrayList<>(inputs.size());
      int tokens = 0;
      for (String input : inputs) {
        float[] v = new float[dimensions];
        for (String word : words(input)) {
          long h = word.hashCode() * 0x9E3779B97F4A7C15L;
          for (int i = 0; i < 8; i++) {
            h ^= h >>> 29;
            h *= 0xBF58476D1CE4E5B9L;
            v[(int) Math.floorMod(h, (long) dimensions)] += (h & 1) == 0 ? 1 : -1;
          }
        }
        vectors.add(Embedder.normalized(v));
        tokens += countTokens(input);
      }
      return new Embedded(vectors, tokens);
    } finally {
      running.decrementAndGet();
    }
  }

  private static String[] words(String text) {
    String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
    return words.length == 0 ? new String[] {""} : words;
  }

  @Override
  public int dimensions() {
    return dimensions;
  }

  @Override
  public int maxInputTokens() {
    return maxInputTokens;
  }

  @Override
  public int countTokens(String text) {
    return text.isEmpty() ? 0 : Math.max(1, text.length() / 4);
  }

  @Override
  public String decode(List<Integer> tokens) {
    StringBuilder text = new StringBuilder();
    for (int t : tokens) {
      text.append(text.length() == 0 ? "" : " ").append("t").append(t);
    }
    return text.toString();
  }

  @Override
  public AtomicInteger running() {
    return running;
  }
}
