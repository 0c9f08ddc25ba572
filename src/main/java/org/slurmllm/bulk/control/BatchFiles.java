package org.slurmllm.bulk.control;

import java.nio.file.Path;

/** Where a batch keeps its working files, under its own directory on the shared filesystem. */
public record BatchFiles(Path dir) {

  /** The requests of chunk {@code k}, as the job reads them. */
  public Path input(int k) {
    return dir.resolve("chunk-" + k + ".in.jsonl");
  }

  /** The job's answers, one line per request, in order. */
  public Path output(int k) {
    return dir.resolve("chunk-" + k + ".out.jsonl");
  }

  /** The input line number of each request of chunk {@code k}, one per line. */
  public Path lineNumbers(int k) {
    return dir.resolve("chunk-" + k + ".lines");
  }

  /** Lines refused before any job ran: "line-number error-line", in input order. */
  public Path invalid() {
    return dir.resolve("invalid.txt");
  }

  public Path outputFile() {
    return dir.resolve("output.jsonl");
  }

  public Path errorFile() {
    return dir.resolve("errors.jsonl");
  }
}
