package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaSampleTest {

  @Test
  void aPersonHasItsRequiredFieldsOfTheirTypes() {
    for (long seed = 0; seed < 20; seed++) {
      JsonObject person = (JsonObject) SchemaSample.of(JsonSchemasTest.PERSON, seed);
      assertTrue(person.get("name") instanceof JsonString, person.toString());
      assertTrue(person.getJsonNumber("age").isIntegral(), person.toString());
      for (JsonValue tag : person.getJsonArray("tags")) {
        assertTrue(Set.of("a", "b").contains(((JsonString) tag).getString()), person.toString());
      }
      assertEquals(Set.of("name", "age", "tags"), person.keySet());
    }
    assertEquals(
        SchemaSample.of(JsonSchemasTest.PERSON, 7), SchemaSample.of(JsonSchemasTest.PERSON, 7));
  }

  @Test
  void boundsReferencesAndFormatsAreKept() {
    JsonObject schema =
        OpenAiProtocolTest.json(
            """
            {"type":"object","required":["n","s","d","u"],"properties":{
              "n":{"type":"integer","minimum":10,"exclusiveMaximum":12},
              "s":{"type":"string","minLength":30,"maxLength":40},
              "d":{"type":"string","format":"date"},
              "u":{"$ref":"#/$defs/U"}},
             "$defs":{"U":{"type":["string","null"],"format":"uuid"}}}""");
    for (long seed = 0; seed < 20; seed++) {
      JsonObject v = (JsonObject) SchemaSample.of(schema, seed);
      int n = v.getInt("n");
      assertTrue(n == 10 || n == 11, v.toString());
      int length = v.getString("s").length();
      assertTrue(length >= 30 && length <= 40, v.toString());
      assertTrue(v.getString("d").matches("\\d{4}-\\d{2}-\\d{2}"), v.toString());
      java.util.UUID.fromString(v.getString("u"));
    }
  }
}
