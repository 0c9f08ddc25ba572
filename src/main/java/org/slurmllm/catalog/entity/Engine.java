package org.slurmllm.catalog.entity;

import java.util.Arrays;
import java.util.Optional;

/**
 * The model servers slurm-llm knows how to start inside a SLURM job, and the tribunal, which the
 * gateway runs over other models.
 */
public enum Engine {
  /** vLLM on GPUs, optionally inside an Apptainer image. */
  VLLM("vllm"),
  /** llama.cpp on CPUs: the project's worker (in-process) or llama-server. */
  LLAMACPP("llamacpp"),
  /** The project's simulator: latency profiles, no weights. */
  SIM("sim"),
  /** A sentence-embedding model run in-process by the worker on ONNX Runtime (CPU). */
  ONNX("onnx"),
  /** A tribunal of other models behind one name: run by the gateway, no job of its own. */
  TRIBUNAL("tribunal");

  private final String wireName;

  Engine(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in the API, the database and the sbatch templates. */
  public String wireName() {
    return wireName;
  }

  public boolean needsWeights() {
    return this != SIM && this != TRIBUNAL;
  }

  public static Optional<Engine> fromWireName(String name) {
    return Arrays.stream(values()).filter(e -> e.wireName.equals(name)).findFirst();
  }
}
