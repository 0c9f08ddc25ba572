package org.slurmllm.worker;

import java.util.logging.Logger;

/**
 * slurm-llm's worker: a model server that runs inside a SLURM job (plain Java, no application
 * server). {@code serve} answers the OpenAI API on a free port and publishes "host port" in the
 * rendezvous file the gateway watches; {@code run-batch} answers an OpenAI batch file, like {@code
 * vllm run-batch}.
 */
public final class Worker {

  private static final Logger LOG = Logger.getLogger(Worker.class.getName());

  private Worker() {}

  public static void main(String[] args) throws Exception {
    WorkerOptions options;
    try {
      options = WorkerOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("worker: " + e.getMessage());
      System.err.println(WorkerOptions.USAGE);
      System.exit(2);
      return;
    }
    // llama.cpp's native threads keep a JVM alive: every path ends in an explicit exit
    Engine engine = null;
    Embedder embedder = null;
    try {
      if (options.embeds()) {
        embedder = options.createEmbedder();
      } else {
        engine = options.createEngine();
      }
    } catch (RuntimeException e) {
      System.err.println("worker: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    AutoCloseable model = engine != null ? engine : embedder;
    if (options.command().equals("run-batch")) {
      options.awaitLoad();
      BatchRunner.Summary summary =
          new BatchRunner(engine, embedder, options.model(), options.concurrency())
              .run(options.input(), options.output());
      LOG.info(() -> "run-batch: " + summary);
      model.close();
      System.exit(0);
    }
    WorkerServer server =
        engine != null
            ? WorkerServer.start(options, engine)
            : WorkerServer.start(options, embedder);
    LOG.info(
        () ->
            "worker serving "
                + options.model()
                + " ("
                + options.engine()
                + ") on "
                + server.host()
                + ":"
                + server.port());
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "worker-shutdown"));
    server.awaitStop();
    model.close();
    System.exit(0);
  }
}
