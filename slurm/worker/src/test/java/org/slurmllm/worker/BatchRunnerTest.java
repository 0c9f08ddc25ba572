package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchRunnerTest {

  @TempDir Path dir;

  @Test
  void oneOutputLinePerInputLineInOrderBadLinesIncluded() throws Exception {
    List<String> input = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      input.add(
          "{\"custom_id\":\"req-"
              + i
              + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
              + "\"body\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"item "
              + i
              + "\"}],\"max_tokens\":4}}");
    }
    input.add("{\"custom_id\":\"bad-json\",");
    input.add(
        "{\"custom_id\":\"bad-url\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{}}");
    input.add(
        "{\"custom_id\":\"bad-body\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"messages\":\"x\"}}");
    input.add(
        "{\"custom_id\":\"cmpl\",\"method\":\"POST\",\"url\":\"/v1/completions\",\"body\":{\"prompt\":\"Once\",\"max_tokens\":2}}");
    Path in = Files.write(dir.resolve("in.jsonl"), input);
    Path out = dir.resolve("out.jsonl");

    BatchRunner.Summary summary =
        new BatchRunner(new SimEngine(LatencyProfile.named("instant"), Faults.NONE, 4096), "m", 8)
            .run(in, out);

    List<JsonObject> lines =
        Files.readAllLines(out).stream()
            .map(l -> Json.createReader(new StringReader(l)).readObject())
            .toList();
    assertEquals(54, lines.size());
    assertEquals(new BatchRunner.Summary(54, 51, 3), summary);
    for (int i = 0; i < 50; i++) {
      JsonObject line = lines.get(i);
      assertEquals("req-" + i, line.getString("custom_id"));
      assertEquals(200, line.getJsonObject("response").getInt("status_code"));
      assertEquals(
          4,
          line.getJsonObject("response")
              .getJsonObject("body")
              .getJsonObject("usage")
              .getInt("completion_tokens"));
      assertTrue(line.getString("id").startsWith("batch_req_"));
    }
    assertTrue(lines.get(50).isNull("custom_id"), "unparseable line: no custom_id to give back");
    assertEquals(400, lines.get(51).getJsonObject("response").getInt("status_code"));
    assertEquals("bad-url", lines.get(51).getString("custom_id"));
    assertEquals(400, lines.get(52).getJsonObject("response").getInt("status_code"));
    assertEquals(
        "text_completion",
        lines.get(53).getJsonObject("response").getJsonObject("body").getString("object"));
    assertTrue(Files.notExists(dir.resolve("out.jsonl.partial")));
  }

  @Test
  void anEmbeddingModelAnswersEmbeddingLinesAndRefusesOthers(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path in =
        Files.write(
            dir.resolve("in.jsonl"),
            List.of(
                "{\"custom_id\":\"e1\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"e\",\"input\":[\"a\",\"b\"]}}",
                "{\"custom_id\":\"e2\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"e\",\"input\":\"\"}}",
                "{\"custom_id\":\"c1\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"messages\":[]}}"));
    Path out = dir.resolve("out.jsonl");
    BatchRunner.Summary summary =
        new BatchRunner(null, new HashEmbedder(8, 64), "e", 2).run(in, out);
    assertEquals(new BatchRunner.Summary(3, 1, 2), summary);
    List<JsonObject> lines =
        Files.readAllLines(out).stream()
            .map(l -> Json.createReader(new StringReader(l)).readObject())
            .toList();
    JsonObject ok = lines.get(0).getJsonObject("response");
    assertEquals(200, ok.getInt("status_code"));
    assertEquals(2, ok.getJsonObject("body").getJsonArray("data").size());
    assertEquals(
        8,
        ok.getJsonObject("body")
            .getJsonArray("data")
            .getJsonObject(0)
            .getJsonArray("embedding")
            .size());
    assertEquals(400, lines.get(1).getJsonObject("response").getInt("status_code"));
    assertEquals(400, lines.get(2).getJsonObject("response").getInt("status_code"));
  }
}
