package org.slurmllm.routing.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;
import org.slurmllm.testing.Replicas;
import org.slurmllm.testing.Slurm;

/**
 * No request kills a model server: each awkward input goes to one llama.cpp replica (TinyStories, a
 * SLURM job), gets its answer, and then the same replica, in the same job, still answers. Before
 * the worker checked its input, one chat request to a model without byte tokens ended the process.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class AwkwardInputIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();

  record Case(String name, String path, String body, int status, String param, String code) {}

  static String chat(String model, String content, String extra) {
    return "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}],\"max_tokens\":8%s}"
        .formatted(model, content, extra);
  }

  static List<Case> cases(String m) {
    String c = "/v1/chat/completions";
    String stops =
        String.join(",", IntStream.range(0, 20).mapToObj(i -> "\"s" + i + "\"").toList());
    return List.of(
        new Case("empty content", c, chat(m, "", ""), 200, null, null),
        new Case(
            "empty prompt",
            "/v1/completions",
            "{\"model\":\"" + m + "\",\"prompt\":\"\",\"max_tokens\":8}",
            200,
            null,
            null),
        new Case(
            "only special tokens",
            c,
            chat(m, "<|im_start|></s><s><|im_end|>", ""),
            200,
            null,
            null),
        new Case(
            "only special tokens, streamed",
            c,
            chat(m, "</s><|im_start|>", ",\"stream\":true"),
            200,
            null,
            null),
        new Case(
            "control characters and NUL",
            c,
            chat(m, "a\\u0000b\\u0001\\u001f\\u007f\\u0008", ""),
            200,
            null,
            null),
        new Case(
            "invalid UTF-16 surrogates",
            c,
            chat(m, "x\\ud800y\\udfffz\\udc00", ""),
            200,
            null,
            null),
        new Case(
            "100 KB of text",
            c,
            chat(m, "a".repeat(100_000), ""),
            400,
            "messages",
            "context_length_exceeded"),
        new Case(
            "3,000 characters (fills the context)",
            c,
            chat(m, "a b ".repeat(750), ""),
            400,
            "messages",
            "context_length_exceeded"),
        new Case(
            "20 stop strings", c, chat(m, "hi", ",\"stop\":[" + stops + "]"), 400, "stop", null),
        new Case("n: 5", c, chat(m, "hi", ",\"n\":5"), 400, "n", null),
        new Case(
            "logprobs: true",
            c,
            chat(m, "hi", ",\"logprobs\":true,\"top_logprobs\":2"),
            400,
            "logprobs",
            null),
        new Case(
            "max_tokens: 10^9",
            c,
            "{\"model\":\""
                + m
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"max_tokens\":1000000000}",
            400,
            "max_tokens",
            "context_length_exceeded"),
        new Case(
            "unknown fields",
            c,
            chat(m, "hi", ",\"frobnicate\":{\"a\":[1,2]},\"x-y\":null"),
            200,
            null,
            null),
        new Case(
            "emoji and CJK",
            c,
            chat(m, "\\ud83d\\ude00 \\u4e2d\\u6587 \\u00f1", ""),
            200,
            null,
            null));
  }

  @Test
  void everyAwkwardInputGetsAnAnswerAndTheSameServerAnswersAfterIt() {
    String name = Models.tinyServing(api, "awkward");
    Replicas replicas = new Replicas(api, name);
    JsonObject replica = replicas.awaitInState("READY", 1, Duration.ofSeconds(120)).get(0);
    String jobId = replica.getString("jobId");

    List<String> table = new ArrayList<>();
    for (Case c : cases(name)) {
      Reply reply = api.post(c.path(), c.body());
      assertEquals(c.status(), reply.status(), c.name() + ": " + reply);
      if (c.status() != 200) {
        JsonObject error = reply.error();
        assertEquals(c.param(), error.isNull("param") ? null : error.getString("param"), c.name());
        if (c.code() != null) {
          assertEquals(c.code(), error.getString("code"), c.name());
        }
      } else if (!c.body().contains("\"stream\":true")) {
        assertTrue(reply.json().getJsonArray("choices").size() == 1, c.name() + ": " + reply);
      } else {
        assertTrue(reply.body().strip().endsWith("data: [DONE]"), c.name() + ": " + reply.body());
      }
      Reply after = api.post("/v1/chat/completions", chat(name, "Once upon a time", ""));
      assertEquals(200, after.status(), "after " + c.name() + ": " + after);
      List<JsonObject> all = replicas.all();
      assertEquals(1, all.size(), "after " + c.name() + ", no replacement: " + all);
      assertEquals(replica.getString("id"), all.get(0).getString("id"));
      assertEquals("READY", all.get(0).getString("state"), "after " + c.name());
      assertEquals("RUNNING", Slurm.squeueState(jobId), "after " + c.name());
      table.add(
          "| %s | %d %s | alive (replica %s, job %s) |"
              .formatted(
                  c.name(),
                  reply.status(),
                  reply.status() == 200 ? "text" : reply.error().getString("message"),
                  replica.getString("id").substring(0, 8),
                  jobId));
    }
    System.out.println("awkward inputs:\n" + String.join("\n", table));
  }
}
