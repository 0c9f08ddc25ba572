package org.slurmllm.tribunal.entity;

/**
 * How big a tribunal may be: its prompt and rubric are held while it waits and sent in every call,
 * and each member of the panel or of the judges is a call in every round.
 *
 * @param maxPromptBytes longest prompt, and longest rubric, in UTF-8 bytes
 * @param maxPanel most models in the panel, and most judges
 * @param maxRounds most rounds
 */
public record TribunalLimits(int maxPromptBytes, int maxPanel, int maxRounds) {

  /** The defaults of the settings (SLURMLLM_TRIBUNAL_MAX_*). */
  public static final TribunalLimits DEFAULTS = new TribunalLimits(262144, 8, 5);
}
