package org.slurmllm.bench;

import java.nio.charset.StandardCharsets;
import org.slurmllm.routing.control.request.InferenceRequest;

/**
 * What the gateway spends reading a request before relaying it: InferenceRequest.parse (model,
 * stream, limits, prompt size) and, for a stream, adding stream_options.include_usage. Prints the
 * p50 over rounds of many calls, per request, for a short chat, a 4 KB chat and a 64 KB chat. Run
 * by bin/bench/request-parse.
 */
public class RequestParse {

  static byte[] chat(int chars, boolean stream) {
    String content = "x".repeat(chars);
    return ("{\"model\":\"llama-3.1-8b\",\"messages\":[{\"role\":\"system\",\"content\":\"You are brief.\"},"
            + "{\"role\":\"user\",\"content\":\""
            + content
            + "\"}],\"max_tokens\":64,\"temperature\":0.7,"
            + "\"top_p\":1,\"user\":\"bench\""
            + (stream ? ",\"stream\":true" : "")
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  public static void main(String[] args) {
    for (int chars : new int[] {40, 4_000, 64_000}) {
      for (boolean stream : new boolean[] {false, true}) {
        byte[] body = chat(chars, stream);
        int calls = chars > 10_000 ? 2_000 : 50_000;
        long[] rounds = new long[15];
        long sink = 0;
        for (int r = 0; r < rounds.length; r++) {
          long t0 = System.nanoTime();
          for (int i = 0; i < calls; i++) {
            InferenceRequest req = InferenceRequest.parse(body, true);
            byte[] sent = req.stream() ? InferenceRequest.withUsageReported(body) : body;
            sink += sent.length + req.promptChars();
          }
          rounds[r] = (System.nanoTime() - t0) / calls;
        }
        java.util.Arrays.sort(rounds);
        System.out.printf(
            "chat of %6d characters, %-12s %6.2f us a request (p50 of %d rounds)%n",
            chars,
            stream ? "streamed:" : "not streamed:",
            rounds[rounds.length / 2] / 1000.0,
            rounds.length);
        if (sink == 42) {
          System.out.println();
        }
      }
    }
  }
}
