package org.slurmllm.serving.control;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The last words of a job's log, for a failed replica's reason: the worker ends a failed start with
 * one line saying why ("worker: cannot start: no weights file at ..."), vLLM and llama-server with
 * their error. Read from the end only, so a large log costs no more than a small one.
 */
final class JobLogTail {

  static final int MAX_CHARS = 300;
  private static final int READ_BYTES = 4096;

  private JobLogTail() {}

  /**
   * The last non-blank line of the log that is not a step's teardown chatter (a replica over
   * several nodes: srun and slurmstepd report its steps ending after the head said why it ended),
   * at most {@link #MAX_CHARS}; the chatter's last line when there is nothing else; null if there
   * is none.
   */
  static String lastLine(Path log) {
    byte[] tail;
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long start = Math.max(0, file.length() - READ_BYTES);
      tail = new byte[(int) (file.length() - start)];
      file.seek(start);
      file.readFully(tail);
    } catch (IOException e) {
      return null;
    }
    return lastLine(new String(tail, StandardCharsets.UTF_8));
  }

  static String lastLine(String text) {
    String[] lines = text.split("\r?\n");
    String srun = null;
    for (int i = lines.length - 1; i >= 0; i--) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      if (!stepChatter(line)) {
        return cut(line);
      }
      if (srun == null) {
        srun = line;
      }
    }
    return srun == null ? null : cut(srun);
  }

  /** srun's lines, and slurmstepd's about a step (not the job) ending: how, never why. */
  private static boolean stepChatter(String line) {
    return line.startsWith("srun: ")
        || (line.startsWith("slurmstepd") && line.contains("*** STEP "));
  }

  private static String cut(String line) {
    return line.length() <= MAX_CHARS ? line : line.substring(0, MAX_CHARS - 3) + "...";
  }
}
