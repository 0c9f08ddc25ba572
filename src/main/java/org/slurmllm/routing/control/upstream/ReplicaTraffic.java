package org.slurmllm.routing.control.upstream;

import io.undertow.server.DefaultByteBufferPool;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slurmllm.routing.entity.Endpoint;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * All traffic to replicas goes through here: one pool of kept-alive connections (Undertow's client)
 * for relayed requests, on the I/O thread of each client's connection, and for the application's
 * own calls (a tribunal's proposers and judges, the scrape of replicas' {@code /metrics}), on one
 * I/O thread of a small worker of the gateway's own. Bounded threads, nothing blocks on them.
 */
@ApplicationScoped
public class ReplicaTraffic {

  private final UpstreamConnections connections = new UpstreamConnections();
  private final DefaultByteBufferPool buffers = new DefaultByteBufferPool(true, 16 * 1024);
  private XnioWorker worker;

  @PostConstruct
  void start() {
    try {
      worker =
          Xnio.getInstance("nio", ReplicaTraffic.class.getClassLoader())
              .createWorker(
                  OptionMap.builder()
                      .set(Options.WORKER_NAME, "replica-calls")
                      .set(Options.WORKER_IO_THREADS, 1)
                      .set(Options.WORKER_TASK_CORE_THREADS, 1)
                      .set(Options.WORKER_TASK_MAX_THREADS, 1)
                      .getMap());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the I/O thread for model calls", e);
    }
  }

  @PreDestroy
  void stop() {
    worker.shutdownNow();
    buffers.close();
  }

  /** The connection pools (for the relay, which borrows on its clients' I/O threads). */
  public UpstreamConnections connections() {
    return connections;
  }

  /** A whole answer to a POST of {@code body} to the replica (the application's own calls). */
  public CompletableFuture<UpstreamFetch.Fetched> post(
      Endpoint endpoint, String path, byte[] body, Duration timeout) {
    return UpstreamFetch.post(
        connections, worker.getIoThread(), buffers, endpoint, path, body, timeout);
  }

  /** A whole answer to a GET of {@code path} from the replica (the scrape of its load). */
  public CompletableFuture<UpstreamFetch.Fetched> get(
      Endpoint endpoint, String path, Duration timeout) {
    return UpstreamFetch.get(connections, worker.getIoThread(), buffers, endpoint, path, timeout);
  }
}
