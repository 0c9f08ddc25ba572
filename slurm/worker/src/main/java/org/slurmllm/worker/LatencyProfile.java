package org.slurmllm.worker;

import java.util.Map;

/**
 * How the simulator times its answers: time to first token, time per output token, how much each
 * further running sequence slows every sequence down, and how many sequences run at once (the rest
 * wait). The presets follow public vLLM serving figures on one A100-80GB (8B, 1B) and on four (70B,
 * tensor parallel), rounded; 3B between 1B and 8B by the weights read per token: see
 * slurm/worker/README.md.
 */
record LatencyProfile(
    String name,
    long firstTokenMillis,
    double perTokenMillis,
    double slowdownPerSequence,
    int maxSequences) {

  static final Map<String, LatencyProfile> PRESETS =
      Map.of(
          "instant", new LatencyProfile("instant", 0, 0, 0, 100_000),
          "llama-3.2-1b", new LatencyProfile("llama-3.2-1b", 15, 4, 0.004, 256),
          "llama-3.2-3b", new LatencyProfile("llama-3.2-3b", 20, 6, 0.005, 256),
          "llama-3.1-8b", new LatencyProfile("llama-3.1-8b", 40, 12, 0.008, 256),
          "llama-3.1-70b", new LatencyProfile("llama-3.1-70b", 200, 45, 0.03, 64));

  static LatencyProfile named(String name) {
    LatencyProfile profile = PRESETS.get(name);
    if (profile == null) {
      throw new IllegalArgumentException(
          "unknown latency profile '" + name + "'; known: " + PRESETS.keySet());
    }
    return profile;
  }

  /** Time per token while {@code running} sequences share the server. */
  double perTokenMillis(int running) {
    return perTokenMillis * (1 + slowdownPerSequence * Math.max(0, running - 1));
  }
}
