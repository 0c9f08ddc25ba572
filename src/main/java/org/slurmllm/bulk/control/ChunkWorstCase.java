package org.slurmllm.bulk.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * The most tokens a chunk's requests can use together, held against the batch's key's budget before
 * the chunk's job is submitted, as the gateway holds an interactive request's: per line, its prompt
 * at most one token per byte of the line (and at most the context), plus each of its {@code n}
 * choices at most {@code max_tokens} or the context. An embeddings line: its bytes. A pure function
 * of the lines and the model's context length.
 */
final class ChunkWorstCase {

  /** Tokens a prompt template may add beyond a line's bytes (as the gateway counts them). */
  static final int TEMPLATE_TOKENS = 16;

  private ChunkWorstCase() {}

  static long of(BufferedReader lines, boolean embeddings, int contextLength) throws IOException {
    long total = 0;
    String line;
    while ((line = lines.readLine()) != null) {
      if (!line.isBlank()) {
        total += ofLine(line, embeddings, contextLength);
      }
    }
    return total;
  }

  static long ofLine(String line, boolean embeddings, int contextLength) {
    long prompt = line.getBytes(StandardCharsets.UTF_8).length + (long) TEMPLATE_TOKENS;
    if (embeddings) {
      return prompt;
    }
    long maxTokens = 0;
    long n = 1;
    try (JsonReader reader = JSON.createReader(new StringReader(line))) {
      JsonObject json = reader.readObject();
      JsonObject body = json.containsKey("body") ? json.getJsonObject("body") : json;
      maxTokens = Math.max(whole(body, "max_tokens"), whole(body, "max_completion_tokens"));
      n = Math.max(1, whole(body, "n"));
    } catch (RuntimeException e) {
      // a line the job will refuse: held at the most a line can use
    }
    long perChoice = maxTokens > 0 ? Math.min(maxTokens, contextLength) : contextLength;
    return Math.min(prompt, contextLength) + n * perChoice;
  }

  private static long whole(JsonObject body, String field) {
    return body.get(field) instanceof JsonNumber v && v.isIntegral() ? v.longValue() : 0;
  }
}
