package org.slurmllm.bench;

/**
 * Prints a job template as the application submits it (its {@code # @include} parts in place), for
 * benchmarks that submit the application's own scripts. Usage: bin/bench/run JobScript worker
 */
public class JobScript {
  public static void main(String[] args) {
    System.out.print(new org.slurmllm.cluster.boundary.JobTemplates().named(args[0]));
  }
}
