package org.slurmllm.worker;

import java.nio.file.Path;

/** The worker's command line. */
record WorkerOptions(
    String command,
    String engine,
    String task,
    String model,
    String weights,
    String host,
    int port,
    Path endpointFile,
    int threads,
    int contextLength,
    String profile,
    Faults faults,
    Path input,
    Path output,
    int concurrency,
    int loadSeconds,
    int shards,
    Path shardDir) {

  static final String USAGE =
      """
      usage: worker serve     --engine sim|llamacpp|onnx --model NAME [options]
             worker run-batch --engine sim|llamacpp|onnx --model NAME -i IN.jsonl -o OUT.jsonl [options]
      options: --task generate|embed (onnx: embed only)
               --weights FILE (llamacpp) or all-minilm-l6-v2 (onnx)  --host HOST  --port N (0: any free)
               --endpoint-file FILE  --threads N  --context-length N  --concurrency N (run-batch)
               --profile instant|llama-3.2-1b|llama-3.2-3b|llama-3.1-8b|llama-3.1-70b (sim)
               --error-rate 0..1 (sim)  --crash-after N (sim)  --crash-once MARKER-FILE (sim)
               --stall-after N (sim: after N requests, a first token, then silence)
               --load-seconds N (sim: a model's load time, before serving or answering a batch)
               --shards N --shard-dir DIR (serve: a replica over N nodes; serves once the N shards
                 that announced themselves in DIR answer, and ends when one stops answering)""";

  static WorkerOptions parse(String[] args) {
    if (args.length == 0 || !(args[0].equals("serve") || args[0].equals("run-batch"))) {
      throw new IllegalArgumentException("the first argument must be 'serve' or 'run-batch'");
    }
    String engine = null;
    String task = "generate";
    String model = null;
    String weights = null;
    String host = "127.0.0.1";
    int port = 0;
    Path endpointFile = null;
    int threads = 1;
    int contextLength = 4096;
    String profile = "llama-3.1-8b";
    double errorRate = 0;
    long crashAfter = 0;
    long stallAfter = -1;
    Path crashOnce = null;
    Path input = null;
    Path output = null;
    int concurrency = 1;
    int loadSeconds = 0;
    int shards = 0;
    Path shardDir = null;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--engine" -> engine = value(args, ++i, a);
        case "--task" -> task = value(args, ++i, a);
        case "--model" -> model = value(args, ++i, a);
        case "--weights" -> weights = value(args, ++i, a);
        case "--host" -> host = value(args, ++i, a);
        case "--port" -> port = number(args, ++i, a);
        case "--endpoint-file" -> endpointFile = Path.of(value(args, ++i, a));
        case "--threads" -> threads = Math.max(1, number(args, ++i, a));
        case "--context-length" -> contextLength = number(args, ++i, a);
        case "--profile" -> profile = value(args, ++i, a);
        case "--error-rate" -> errorRate = Double.parseDouble(value(args, ++i, a));
        case "--crash-after" -> crashAfter = Long.parseLong(value(args, ++i, a));
        case "--stall-after" -> stallAfter = Long.parseLong(value(args, ++i, a));
        case "--crash-once" -> crashOnce = Path.of(value(args, ++i, a));
        case "-i", "--input" -> input = Path.of(value(args, ++i, a));
        case "-o", "--output" -> output = Path.of(value(args, ++i, a));
        case "--concurrency" -> concurrency = Math.max(1, number(args, ++i, a));
        case "--load-seconds" -> loadSeconds = Math.max(0, number(args, ++i, a));
        case "--shards" -> shards = Math.max(0, number(args, ++i, a));
        case "--shard-dir" -> shardDir = Path.of(value(args, ++i, a));
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (engine == null
        || !(engine.equals("sim") || engine.equals("llamacpp") || engine.equals("onnx"))) {
      throw new IllegalArgumentException("--engine must be sim, llamacpp or onnx");
    }
    if (!task.equals("generate") && !task.equals("embed")) {
      throw new IllegalArgumentException("--task must be generate or embed");
    }
    if (engine.equals("onnx") && !task.equals("embed")) {
      throw new IllegalArgumentException("engine onnx only embeds: --task embed");
    }
    if (engine.equals("onnx") && !OnnxEmbedder.MINILM.equals(weights)) {
      throw new IllegalArgumentException("engine onnx serves --weights " + OnnxEmbedder.MINILM);
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("--model is required");
    }
    if (engine.equals("llamacpp") && (weights == null || weights.isBlank())) {
      throw new IllegalArgumentException("--weights is required for llamacpp");
    }
    if (engine.equals("sim")) {
      LatencyProfile.named(profile);
    }
    if (shards > 0 && shardDir == null) {
      throw new IllegalArgumentException("--shards needs --shard-dir");
    }
    if (args[0].equals("run-batch") && (input == null || output == null)) {
      throw new IllegalArgumentException("run-batch needs -i and -o");
    }
    return new WorkerOptions(
        args[0],
        engine,
        task,
        model,
        weights == null || weights.isBlank() ? null : weights,
        host,
        port,
        endpointFile,
        threads,
        contextLength,
        profile,
        new Faults(errorRate, crashAfter, crashOnce, stallAfter),
        input,
        output,
        concurrency,
        loadSeconds,
        shards,
        shardDir);
  }

  /**
   * @throws IllegalStateException with one line for the job log (the gateway shows the last line of
   *     a failed replica's log as its failure reason)
   */
  /**
   * A real model takes from seconds to minutes to load its weights; the sim engine can take as long
   * on purpose (before it serves or answers a batch), so that what happens meanwhile can be tried
   * deterministically.
   */
  void awaitLoad() {
    if (engine.equals("sim") && loadSeconds > 0) {
      try {
        Thread.sleep(loadSeconds * 1000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether the model embeds (serves /v1/embeddings) rather than generates. */
  boolean embeds() {
    return task.equals("embed");
  }

  /**
   * @throws IllegalStateException with one line for the job log
   */
  Embedder createEmbedder() {
    return switch (engine) {
      case "onnx" -> new OnnxEmbedder(weights);
      case "sim" -> new HashEmbedder(384, contextLength);
      default -> {
        if (weights == null || !java.nio.file.Files.isRegularFile(Path.of(weights))) {
          throw new IllegalStateException("no weights file at " + weights);
        }
        yield new LlamaCppEmbedder(weights, threads, contextLength);
      }
    };
  }

  Engine createEngine() {
    if (!engine.equals("sim")
        && (weights == null || !java.nio.file.Files.isRegularFile(Path.of(weights)))) {
      throw new IllegalStateException("no weights file at " + weights);
    }
    return engine.equals("sim")
        ? new SimEngine(LatencyProfile.named(profile), faults, contextLength, model())
        : new LlamaCppEngine(weights, threads, contextLength);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int number(String[] args, int i, String option) {
    try {
      return Integer.parseInt(value(args, i, option));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a whole number");
    }
  }
}
