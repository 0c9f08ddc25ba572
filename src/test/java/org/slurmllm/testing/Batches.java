package org.slurmllm.testing;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;

/** Batches for tests: an input file of chat lines uploaded and run, through any gateway's API. */
public final class Batches {

  private Batches() {}

  /**
   * Uploads {@code lines} chat requests to the model (custom ids {@code prefix-1} ...) and starts a
   * batch of them; answers the batch's id.
   */
  public static String start(Api api, String model, int lines, String prefix, int maxTokens) {
    String input =
        String.join(
            "\n",
            IntStream.rangeClosed(1, lines)
                .mapToObj(
                    i ->
                        """
                        {"custom_id":"%s-%d","method":"POST","url":"/v1/chat/completions","body":{"model":"%s","messages":[{"role":"user","content":"hi %d"}],"max_tokens":%d}}"""
                            .formatted(prefix, i, model, i, maxTokens))
                .toList());
    String fileId =
        api.upload("/v1/files", "batch", "in.jsonl", input.getBytes(StandardCharsets.UTF_8))
            .json()
            .getString("id");
    return api.post(
            "/v1/batches",
            """
            {"input_file_id":"%s","endpoint":"/v1/chat/completions","completion_window":"24h"}"""
                .formatted(fileId))
        .json()
        .getString("id");
  }
}
