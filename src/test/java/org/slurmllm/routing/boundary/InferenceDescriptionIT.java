package org.slurmllm.routing.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.routing.control.request.InferenceRequest;
import org.slurmllm.routing.control.request.InferenceRequest.Kind;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Deployments;

/**
 * The inference paths' description in /openapi (hand-written: MicroProfile OpenAPI does not scan
 * the Undertow handler) held against the code: the request fields documented are those the
 * gateway's reader checks, every status the gateway answers is there with the error schema, and
 * every success has a schema.
 */
@ExtendWith(ArquillianExtension.class)
class InferenceDescriptionIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  /**
   * What the gateway itself answers on these paths: 401 and 429 (KeyRule, and 429 also the key's
   * reservation and admission's full queue), 403 (RoleRule), 413 (BodyBound), 400, 404, 405 and 503
   * (InferenceGateway, InferenceHandler), 500, 502, 503 and 504 (the relay's outcomes).
   */
  static final List<String> STATUSES =
      List.of("400", "401", "403", "404", "405", "413", "429", "500", "502", "503", "504");

  static final Path READER = Path.of("src/main/java/org/slurmllm/routing/control/request");

  final Api api = Api.ofTestServer();

  JsonObject operation(Kind kind) {
    JsonObject doc = api.get("/openapi?format=JSON").json();
    return doc.getJsonObject("paths").getJsonObject(kind.path()).getJsonObject("post");
  }

  @Test
  void theDocumentedFieldsAreThoseTheReaderChecks() throws IOException {
    Set<String> labels = caseLabels();
    for (Kind kind : Kind.values()) {
      if (kind == Kind.RESPONSE) {
        continue; // read by the responses feature's own reader (ResponsesRequestTest)
      }
      Set<String> documented =
          new TreeSet<>(
              operation(kind)
                  .getJsonObject("requestBody")
                  .getJsonObject("content")
                  .getJsonObject("application/json")
                  .getJsonObject("schema")
                  .getJsonObject("properties")
                  .keySet());
      Set<String> candidates = new TreeSet<>(labels);
      candidates.addAll(documented);
      Set<String> checked = new TreeSet<>();
      for (String field : candidates) {
        if (refusesAnObjectFor(kind, field)) {
          checked.add(field);
        }
      }
      if (kind != Kind.EMBEDDING) {
        // read, never refused: it only asks for the usage event
        assertTrue(streamOptionsRead(kind), kind + ": stream_options is read");
        checked.add("stream_options");
      }
      assertEquals(checked, documented, kind.path() + ": documented vs checked by the reader");
    }
  }

  @Test
  void everyStatusTheGatewayAnswersIsDocumentedWithTheErrorSchema() {
    for (Kind kind : Kind.values()) {
      JsonObject responses = operation(kind).getJsonObject("responses");
      for (String status : STATUSES) {
        JsonObject response = responses.getJsonObject(status);
        assertNotNull(response, kind.path() + " documents " + status);
        assertEquals(
            "#/components/schemas/Error",
            response
                .getJsonObject("content")
                .getJsonObject("application/json")
                .getJsonObject("schema")
                .getString("$ref"),
            kind.path() + " " + status);
      }
      JsonObject success = responses.getJsonObject("200").getJsonObject("content");
      for (String type : success.keySet()) {
        assertTrue(success.getJsonObject(type).containsKey("schema"), kind.path() + " 200 " + type);
      }
    }
  }

  /** The field names the reader's sources switch on: the candidates it may check. */
  static Set<String> caseLabels() throws IOException {
    Set<String> labels = new TreeSet<>();
    Pattern label = Pattern.compile("case (\"[a-z_]+\"(?:, \"[a-z_]+\")*) ->");
    try (Stream<Path> files = Files.list(READER)) {
      for (Path file : files.toList()) {
        Matcher m = label.matcher(Files.readString(file));
        while (m.find()) {
          for (String quoted : m.group(1).split(", ")) {
            labels.add(quoted.substring(1, quoted.length() - 1));
          }
        }
      }
    }
    assertTrue(labels.contains("model") && labels.contains("temperature"), labels::toString);
    return labels;
  }

  /** Whether the reader names the field in a 400 when it is an object, as no checked field is. */
  static boolean refusesAnObjectFor(Kind kind, String field) {
    try {
      InferenceRequest.parse(body(kind, "\"" + field + "\":{\"bad\":true}"), kind);
      return false;
    } catch (InferenceRequest.Invalid e) {
      return field.equals(e.param());
    }
  }

  static boolean streamOptionsRead(Kind kind) {
    return InferenceRequest.parse(
            body(kind, "\"stream\":true,\"stream_options\":{\"include_usage\":true}"), kind)
        .usageRequested();
  }

  static byte[] body(Kind kind, String field) {
    String valid =
        switch (kind) {
          case CHAT -> "\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]";
          case COMPLETION -> "\"model\":\"m\",\"prompt\":\"x\"";
          case EMBEDDING, RESPONSE -> "\"model\":\"m\",\"input\":\"x\"";
        };
    return ("{" + valid + "," + field + "}").getBytes(StandardCharsets.UTF_8);
  }
}
