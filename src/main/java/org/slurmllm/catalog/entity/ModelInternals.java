package org.slurmllm.catalog.entity;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of a model only admin and auditor keys read: how it runs (weights, container image, SLURM
 * partition, account, QOS, constraint). A cluster's users share its login nodes and its queue: a
 * weights path or an account name tells them where to look and whose allocation to spend. Text that
 * every key allowed to use the model reads (its status message, a 503's reason) passes through
 * {@link #hide} first, since SLURM's refusals and a server's last log line quote these values.
 */
public final class ModelInternals {

  /**
   * Starts the part of a failure reason that says what the job asked of the cluster (partition,
   * GPUs, CPUs, memory, constraint, account, QOS): always the end of the reason.
   */
  public static final String JOB_ASKED = "; the job asked for ";

  /** What a hidden value reads as. */
  static final String HIDDEN = "(hidden)";

  private ModelInternals() {}

  /** The text as any key that may use the model may read it; null stays null. */
  public static String hide(Model m, String text) {
    List<String> paths = new ArrayList<>();
    paths.add(m.weights);
    paths.add(m.image);
    List<String> words = new ArrayList<>();
    if (m.resources != null) {
      words.add(m.resources.partition);
      words.add(m.resources.account);
      words.add(m.resources.qos);
      words.add(m.resources.constraint);
    }
    return hide(text, paths, words);
  }

  /**
   * Cuts what the job asked for, then blanks each path wherever it occurs (a file under the weights
   * too) and each SLURM name where it stands as a word of its own ({@code gpu} the partition, not
   * the {@code gpu} of {@code --gres=gpu:1}).
   */
  static String hide(String text, List<String> paths, List<String> words) {
    if (text == null) {
      return null;
    }
    int asked = text.indexOf(JOB_ASKED);
    String shown = asked < 0 ? text : text.substring(0, asked);
    for (String path : paths) {
      if (path != null && path.length() > 1) {
        shown = shown.replace(path, HIDDEN);
      }
    }
    for (String word : words) {
      if (word != null && !word.isEmpty()) {
        shown =
            Pattern.compile("(?<![\\w./:&|-])" + Pattern.quote(word) + "(?![\\w./:&|-])")
                .matcher(shown)
                .replaceAll(Matcher.quoteReplacement(HIDDEN));
      }
    }
    return shown;
  }
}
