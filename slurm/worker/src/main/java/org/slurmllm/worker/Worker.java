package org.slurmllm.worker;

import java.io.IOException;
import java.util.logging.Logger;

/**
 * slurm-llm's worker: a model server that runs inside a SLURM job (plain Java, no application
 * server). {@code serve} answers the OpenAI API on a free port and publishes "host port" in the
 * rendezvous file the gateway watches.
 */
public final class Worker {

  private static final Logger LOG = Logger.getLogger(Worker.class.getName());

  private Worker() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    WorkerOptions options;
    try {
      options = WorkerOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("worker: " + e.getMessage());
      System.err.println(WorkerOptions.USAGE);
      System.exit(2);
      return;
    }
    WorkerServer server = WorkerServer.start(options);
    LOG.info(() -> "worker serving " + options.model() + " (" + options.engine() + ") on "
        + server.host() + ":" + server.port());
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "worker-shutdown"));
    server.awaitStop();
  }
}
