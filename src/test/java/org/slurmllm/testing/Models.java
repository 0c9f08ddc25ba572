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

  /**
   * A sim model kept at one replica (of 1 CPU) with the given latency profile and requests per
   * replica, added through the API; its name.
   */
  public static String serving(Api admin, String prefix, String profile, int perReplica) {
    String name = uniqueName(prefix);
    Api.Reply r =
        admin.post(
            "/api/models",
            """
            {"name":"%s","engine":"sim","engineArgs":["--profile","%s"],
             "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30},
             "scaling":{"minReplicas":1,"maxReplicas":1,"targetConcurrency":%d,"idleMinutes":10}}"""
                .formatted(name, profile, perReplica));
    if (r.status() != 201) {
      throw new AssertionError("model not created: " + r);
    }
    return name;
  }

  /**
   * A sim model kept at one replica with the worker's arguments (e.g. {@code "--profile",
   * "instant", "--error-rate", "1"}); its name.
   */
  public static String simWith(Api admin, String prefix, String... engineArgs) {
    String name = uniqueName(prefix);
    String args =
        java.util.Arrays.stream(engineArgs)
            .map(a -> '"' + a + '"')
            .collect(java.util.stream.Collectors.joining(","));
    Api.Reply r =
        admin.post(
            "/api/models",
            """
            {"name":"%s","engine":"sim","engineArgs":[%s],
             "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30},
             "scaling":{"minReplicas":1,"maxReplicas":1,"targetConcurrency":8,"idleMinutes":10}}"""
                .formatted(name, args));
    if (r.status() != 201) {
      throw new AssertionError("model not created: " + r);
    }
    return name;
  }

  /** The tiny real model (TinyStories, llama.cpp on one CPU) kept at one replica; its name. */
  public static String tinyServing(Api admin, String prefix) {
    String name = uniqueName(prefix);
    Api.Reply r =
        admin.post(
            "/api/models",
            """
            {"name":"%s","engine":"llamacpp","weights":"%s","contextLength":512,
             "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30},
             "scaling":{"minReplicas":1,"maxReplicas":1,"targetConcurrency":4,"idleMinutes":10}}"""
                .formatted(name, TinyModel.weights()));
    if (r.status() != 201) {
      throw new AssertionError("model not created: " + r);
    }
    return name;
  }

  /**
   * An embedding model kept at one replica: engine {@code sim} (word-hash vectors) or {@code onnx}
   * (all-MiniLM-L6-v2, its default weights); its name.
   */
  public static String embedding(Api admin, String prefix, String engine) {
    String name = uniqueName(prefix);
    Api.Reply r =
        admin.post(
            "/api/models",
            """
            {"name":"%s","engine":"%s","task":"embed","contextLength":512,
             "resources":{"gpus":0,"cpus":1,"memoryGb":2,"timeLimitMinutes":30},
             "scaling":{"minReplicas":1,"maxReplicas":1,"targetConcurrency":8,"idleMinutes":10}}"""
                .formatted(name, engine));
    if (r.status() != 201) {
      throw new AssertionError("model not created: " + r);
    }
    return name;
  }

  public static String full(String name) {
    return """
        {"name":"%s","engine":"vllm","weights":"/models/llama-3.1-8b","image":"/images/vllm.sif",
         "engineArgs":["--max-model-len","8192"],
         "resources":{"gpus":2,"cpus":16,"memoryGb":16,"partition":"gpu","account":"llm",
                      "qos":"normal","constraint":"a100&ib","timeLimitMinutes":600},
         "scaling":{"minReplicas":0,"maxReplicas":4,"targetConcurrency":32,"idleMinutes":15},
         "contextLength":8192}"""
        .formatted(name);
  }
}
