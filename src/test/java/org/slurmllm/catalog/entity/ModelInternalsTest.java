package org.slurmllm.catalog.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * The attack: a user key reads a model's status (or its 503) to learn where its weights are and
 * whose SLURM account and partition it runs on, quoted there by SLURM or by the server's last log
 * line.
 */
class ModelInternalsTest {

  static Model model() {
    Model m = new Model();
    m.weights = "/models/secret-llama";
    m.image = "/images/vllm.sif";
    m.resources.partition = "gpu";
    m.resources.account = "physics-alloc";
    m.resources.qos = "high";
    m.resources.constraint = "a100&ib";
    return m;
  }

  @Test
  void whatTheJobAskedForIsCutAndQuotedValuesAreHidden() {
    String message =
        "cannot start a replica; next attempt at 2026-12-07T10:00:00Z; last failure: the"
            + " scheduler rejected the job: invalid account or account/partition combination"
            + " specified: physics-alloc on gpu"
            + ModelInternals.JOB_ASKED
            + "partition gpu, 1 GPU(s), account physics-alloc, QOS high";
    String shown = ModelInternals.hide(model(), message);
    assertEquals(
        "cannot start a replica; next attempt at 2026-12-07T10:00:00Z; last failure: the"
            + " scheduler rejected the job: invalid account or account/partition combination"
            + " specified: (hidden) on (hidden)",
        shown);
  }

  @Test
  void aWeightsPathIsHiddenWithFilesUnderIt() {
    String shown =
        ModelInternals.hide(
            model(),
            "worker: cannot start: /models/secret-llama/config.json: no such file; image"
                + " /images/vllm.sif");
    assertFalse(shown.contains("secret-llama") || shown.contains("vllm.sif"), shown);
  }

  @Test
  void aNameInsideAnotherWordStays() {
    // the partition "gpu" is not the gpu of a GRES, nor part of "gpus"; the constraint keeps
    // its symbols
    assertEquals(
        "--gres=gpu:1, 2 gpus, (hidden)",
        ModelInternals.hide(model(), "--gres=gpu:1, 2 gpus, a100&ib"));
    assertEquals("2 of 2 replicas ready", ModelInternals.hide(model(), "2 of 2 replicas ready"));
    assertNull(ModelInternals.hide(model(), null));
  }

  @Test
  void aModelWithoutInternalsChangesNothing() {
    Model sim = new Model();
    assertEquals("submitting replicas", ModelInternals.hide(sim, "submitting replicas"));
  }
}
