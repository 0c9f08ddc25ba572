package org.slurmllm.testing;

import java.util.UUID;

/** Model definitions for tests; every name is unique, so tests never see each other's models. */
public final class Models {

  private Models() {}

  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static String sim(String name) {
    return """
        {"name":"%s","engine":"sim"}"""
        .formatted(name);
  }

  public static String full(String name) {
    return """
        {"name":"%s","engine":"vllm","weights":"/models/llama-3.1-8b","image":"/images/vllm.sif",
         "engineArgs":["--max-model-len","8192"],
         "resources":{"gpus":2,"cpus":16,"memoryGb":128,"partition":"gpu","account":"llm",
                      "qos":"normal","constraint":"a100&ib","timeLimitMinutes":600},
         "scaling":{"minReplicas":0,"maxReplicas":4,"targetConcurrency":32,"idleMinutes":15},
         "contextLength":8192}"""
        .formatted(name);
  }
}
