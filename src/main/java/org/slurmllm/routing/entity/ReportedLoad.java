package org.slurmllm.routing.entity;

/**
 * What a replica last said of its own load on {@code /metrics} (vLLM's gauges, which the worker
 * exports too): requests it runs and requests it queues, from every gateway together, as of {@code
 * atNanos} ({@link System#nanoTime()}).
 */
public record ReportedLoad(int running, int waiting, long atNanos) {

  public int total() {
    return running + waiting;
  }
}
