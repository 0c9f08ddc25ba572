package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {

  static final JsonObject PERSON =
      OpenAiProtocolTest.json(
          """
          {"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},
           "tags":{"type":"array","items":{"type":"string","enum":["a","b"]}}},
           "required":["name","age"],"additionalProperties":false}""");

  @Test
  void aKeywordThatCannotBeEnforcedIsRefusedByItsPath() {
    OpenAiProtocol.BadRequest bad =
        assertThrows(
            OpenAiProtocol.BadRequest.class,
            () ->
                JsonSchemas.check(
                    OpenAiProtocolTest.json(
                        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\",\"uniqueItems\":true}}}"),
                    "s"));
    assertEquals("s.properties.a.uniqueItems", bad.param);
    assertEquals(
        "s.properties.a.format",
        assertThrows(
                OpenAiProtocol.BadRequest.class,
                () ->
                    JsonSchemas.check(
                        OpenAiProtocolTest.json(
                            "{\"properties\":{\"a\":{\"type\":\"string\",\"format\":\"email\"}}}"),
                        "s"))
            .param);
    assertEquals(
        "s.$ref",
        assertThrows(
                OpenAiProtocol.BadRequest.class,
                () ->
                    JsonSchemas.check(
                        OpenAiProtocolTest.json("{\"$ref\":\"https://example.org/s.json\"}"), "s"))
            .param);
    JsonSchemas.check(PERSON, "s");
  }

  @Test
  void freeStringsAndArraysAreBoundedToFitTheTokens() {
    JsonObject bounded = JsonSchemas.bounded(PERSON, 60);
    int cap = bounded.getJsonObject("properties").getJsonObject("name").getInt("maxLength");
    assertTrue(cap >= 1 && cap < 60, "cap " + cap);
    assertEquals(4, bounded.getJsonObject("properties").getJsonObject("tags").getInt("maxItems"));
    assertNull(
        bounded
            .getJsonObject("properties")
            .getJsonObject("tags")
            .getJsonObject("items")
            .get("maxLength"),
        "enumerated strings are bounded already");
  }

  @Test
  void callsAreOneObjectPerFunctionWithTheirDefinitionsHoisted() {
    JsonObject params =
        OpenAiProtocolTest.json(
            "{\"type\":\"object\",\"properties\":{\"p\":{\"$ref\":\"#/$defs/P\"}},"
                + "\"$defs\":{\"P\":{\"type\":\"integer\"}}}");
    JsonObject calls =
        CallSchemas.calls(
            List.of(
                new AnswerShape.Function("f", "", params),
                new AnswerShape.Function("g", "", PERSON)),
            3);
    assertEquals("array", calls.getString("type"));
    assertEquals(3, calls.getInt("maxItems"));
    JsonObject f = calls.getJsonObject("items").getJsonArray("anyOf").getJsonObject(0);
    assertEquals("f", f.getJsonObject("properties").getJsonObject("name").getString("const"));
    assertEquals(
        "#/$defs/f__P",
        f.getJsonObject("properties")
            .getJsonObject("arguments")
            .getJsonObject("properties")
            .getJsonObject("p")
            .getString("$ref"));
    assertEquals("integer", calls.getJsonObject("$defs").getJsonObject("f__P").getString("type"));
    assertEquals(
        "#/$defs/f__P",
        "#/$defs/f__P",
        "and the reference resolves: " + JsonSchemas.resolve(calls, "#/$defs/f__P"));
  }
}
