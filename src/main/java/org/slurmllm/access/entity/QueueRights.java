package org.slurmllm.access.entity;

/**
 * Where a key's requests stand when a model's replicas are full: its tenant's weight in the fair
 * share, the highest service tier the key may use and the tier its requests get when they name
 * none.
 */
public record QueueRights(double weight, ServiceTier highest, ServiceTier usual) {

  /** A weight of 1 and the default tier, highest and usual: what a key has unless told. */
  public static final QueueRights STANDARD =
      new QueueRights(1, ServiceTier.DEFAULT, ServiceTier.DEFAULT);

  /**
   * The tier a request is served at: the key's usual one when it names none or {@code auto}, else
   * the one it names, held to the key's highest (as OpenAI serves a tier a project may not use).
   */
  public ServiceTier tierFor(String requested) {
    ServiceTier named = requested == null ? null : ServiceTier.of(requested);
    return named == null ? usual : named.atMost(highest);
  }
}
