package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingProtocolTest {

  final HashEmbedder sim = new HashEmbedder(384, 16);

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  String param(String body) {
    return assertThrows(
            OpenAiProtocol.BadRequest.class, () -> EmbeddingProtocol.parse(json(body), sim), body)
        .param;
  }

  @Test
  void inputsOfEveryShapeBecomeTexts() {
    assertEquals(List.of("hi"), EmbeddingProtocol.parse(json("{\"input\":\"hi\"}"), sim).inputs());
    assertEquals(
        List.of("a", "b"),
        EmbeddingProtocol.parse(json("{\"input\":[\"a\",\"b\"]}"), sim).inputs());
    assertEquals(
        List.of("t1 t2"), EmbeddingProtocol.parse(json("{\"input\":[1,2]}"), sim).inputs());
    assertEquals(
        List.of("t1", "t2 t3"),
        EmbeddingProtocol.parse(json("{\"input\":[[1],[2,3]]}"), sim).inputs());
    assertTrue(
        EmbeddingProtocol.parse(json("{\"input\":\"x\",\"encoding_format\":\"base64\"}"), sim)
            .base64());
  }

  @Test
  void badRequestsNameTheirField() {
    assertEquals("input", param("{}"));
    assertEquals("input", param("{\"input\":\"\"}"));
    assertEquals("input", param("{\"input\":[[-1]]}"));
    assertEquals("encoding_format", param("{\"input\":\"x\",\"encoding_format\":\"hex\"}"));
    assertEquals("dimensions", param("{\"input\":\"x\",\"dimensions\":100}"));
    // 16 tokens at most here: the second input has 20
    String tooLong = param("{\"input\":[\"short\",\"" + "abcd".repeat(20) + "\"]}");
    assertEquals("input", tooLong);
    OpenAiProtocol.BadRequest bad =
        assertThrows(
            OpenAiProtocol.BadRequest.class,
            () ->
                EmbeddingProtocol.parse(
                    json("{\"input\":[\"short\",\"" + "abcd".repeat(20) + "\"]}"), sim));
    assertTrue(bad.getMessage().startsWith("input[1] has 20 tokens"), bad.getMessage());
  }

  @Test
  void base64IsLittleEndianFloat32AsTheSdksDecodeIt() {
    float[] v = {1.5f, -0.25f, 3f};
    byte[] bytes = Base64.getDecoder().decode(EmbeddingProtocol.base64(v));
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(1.5f, b.getFloat());
    assertEquals(-0.25f, b.getFloat());
    assertEquals(3f, b.getFloat());
  }

  @Test
  void theSimulatorsVectorsAreUnitLengthAndSharedWordsAreClose() {
    List<float[]> v =
        sim.embed(List.of("the cat sat", "the cat ran", "stock markets fell")).vectors();
    double norm = 0;
    for (float x : v.get(0)) {
      norm += x * x;
    }
    assertEquals(1.0, norm, 1e-5);
    assertTrue(dot(v.get(0), v.get(1)) > dot(v.get(0), v.get(2)));
    assertEquals(1.0, dot(v.get(0), sim.embed(List.of("the cat sat")).vectors().get(0)), 1e-6);
  }

  static double dot(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += a[i] * b[i];
    }
    return d;
  }
}
