package org.slurmllm.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slurmllm.access.entity.Role;
import org.slurmllm.rest.ApiException;

class KeyRequestTest {

  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  static String param(String body, boolean create) {
    ApiException e =
        assertThrows(
            ApiException.class,
            () -> {
              if (create) {
                KeyRequest.toCreate(json(body), NOW);
              } else {
                KeyRequest.toChange(json(body), NOW);
              }
            });
    assertEquals(400, e.status().getStatusCode());
    return e.body().error().param();
  }

  @Test
  void aCompleteRequest() {
    KeyRequest r =
        KeyRequest.toCreate(
            json(
                """
                {"name":"portal","role":"user","tenant":"physics","requestsPerMinute":60,
                 "tokensPerMinute":10000,"tokenBudget":1000000,"expiresAt":"2027-01-01T00:00:00Z"}"""),
            NOW);
    assertEquals(Role.USER, r.role());
    assertEquals("physics", r.tenant());
    assertEquals(60, r.requestsPerMinute().value());
    assertEquals(10000, r.tokensPerMinute().value());
    assertEquals(1000000L, r.tokenBudget().value());
    assertEquals(Instant.parse("2027-01-01T00:00:00Z"), r.expiresAt().value());
  }

  @Test
  void everyWrongFieldIsNamed() {
    assertEquals("name", param("{\"role\":\"admin\"}", true));
    assertEquals("role", param("{\"name\":\"x\"}", true));
    assertEquals("role", param("{\"name\":\"x\",\"role\":\"root\"}", true));
    assertEquals("tenant", param("{\"name\":\"x\",\"role\":\"user\"}", true));
    assertEquals(
        "requestsPerMinute",
        param("{\"name\":\"x\",\"role\":\"admin\",\"requestsPerMinute\":0}", true));
    assertEquals(
        "tokensPerMinute",
        param("{\"name\":\"x\",\"role\":\"admin\",\"tokensPerMinute\":1.5}", true));
    assertEquals(
        "tokenBudget", param("{\"name\":\"x\",\"role\":\"admin\",\"tokenBudget\":-1}", true));
    assertEquals(
        "expiresAt", param("{\"name\":\"x\",\"role\":\"admin\",\"expiresAt\":\"tomorrow\"}", true));
    assertEquals(
        "expiresAt",
        param("{\"name\":\"x\",\"role\":\"admin\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}", true));
    assertEquals("colour", param("{\"name\":\"x\",\"role\":\"admin\",\"colour\":1}", true));
    assertEquals("role", param("{\"role\":\"admin\"}", false));
    assertEquals("tenant", param("{\"tenant\":\"other\"}", false));
  }

  @Test
  void aChangeLeavesOutWhatItDoesNotMentionAndNullClears() {
    KeyRequest r =
        KeyRequest.toChange(json("{\"tokenBudget\":null,\"expiresAt\":1893456000}"), NOW);
    assertFalse(r.requestsPerMinute().given());
    assertTrue(r.tokenBudget().given());
    assertNull(r.tokenBudget().value());
    assertEquals(Instant.ofEpochSecond(1893456000), r.expiresAt().value());
  }
}
