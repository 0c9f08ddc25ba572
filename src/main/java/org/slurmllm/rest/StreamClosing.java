package org.slurmllm.rest;

import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;

/**
 * Closes server-sent event streams at undeploy without waiting for them. RESTEasy's close waits for
 * a pending write to finish, and a write to a client that stopped reading never does: closing on
 * the undeploying thread held WildFly's undeploy for its whole 300 s timeout. A daemon thread
 * closes them instead; the deployment goes on at once.
 */
public final class StreamClosing {

  private StreamClosing() {}

  public static void closeAll(List<SseEventSink> sinks) {
    if (sinks.isEmpty()) {
      return;
    }
    Thread closer =
        new Thread(
            () -> {
              for (SseEventSink sink : sinks) {
                try {
                  sink.close();
                } catch (RuntimeException e) {
                  // the client is gone: nothing left to close
                }
              }
            },
            "sse-close");
    closer.setDaemon(true);
    closer.start();
  }
}
