package org.slurmllm.worker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The worker's command line. */
record WorkerOptions(
    String command,
    String engine,
    String model,
    String weights,
    String host,
    int port,
    Path endpointFile,
    int threads,
    List<String> extra) {

  static final String USAGE =
      "usage: worker serve --engine sim|llamacpp --model NAME [--weights FILE] [--host HOST]"
          + " [--port N (0: any free)] [--endpoint-file FILE] [--threads N] [extra ...]";

  static WorkerOptions parse(String[] args) {
    if (args.length == 0 || !args[0].equals("serve")) {
      throw new IllegalArgumentException("the first argument must be 'serve'");
    }
    String engine = null;
    String model = null;
    String weights = null;
    String host = "127.0.0.1";
    int port = 0;
    Path endpointFile = null;
    int threads = 1;
    List<String> extra = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--engine" -> engine = value(args, ++i, a);
        case "--model" -> model = value(args, ++i, a);
        case "--weights" -> weights = value(args, ++i, a);
        case "--host" -> host = value(args, ++i, a);
        case "--port" -> port = Integer.parseInt(value(args, ++i, a));
        case "--endpoint-file" -> endpointFile = Path.of(value(args, ++i, a));
        case "--threads" -> threads = Math.max(1, Integer.parseInt(value(args, ++i, a)));
        default -> extra.add(a);
      }
    }
    if (engine == null || !(engine.equals("sim") || engine.equals("llamacpp"))) {
      throw new IllegalArgumentException("--engine must be sim or llamacpp");
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("--model is required");
    }
    return new WorkerOptions(args[0], engine, model, weights == null || weights.isBlank() ? null : weights,
        host, port, endpointFile, threads, List.copyOf(extra));
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
