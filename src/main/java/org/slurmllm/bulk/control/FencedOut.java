package org.slurmllm.bulk.control;

/**
 * This gateway no longer owns the batch: it was paused (or cut off from the database) longer than
 * the heartbeats' bound, and another gateway took the batch over. Whatever it still runs of it must
 * not write a thing; the new owner's writes are the batch's.
 */
public final class FencedOut extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  FencedOut(String batchId, String owner) {
    super("batch " + batchId + " is now " + owner + "'s: this gateway writes nothing more of it");
  }
}
