package org.slurmllm.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Deployments;

/**
 * Every operation of the running server's {@code /openapi} says what its answers hold, so a client
 * generated from it can read them: each has a 2xx answer with a schema, and each 4xx/5xx answer has
 * the error schema. Fails naming every operation that does not.
 */
@ExtendWith(ArquillianExtension.class)
class OpenApiTypedIT {

  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();

  @Test
  void everyAnswerOfEveryOperationHasASchema() {
    JsonObject doc = api.get("/openapi?format=JSON").json();
    List<String> untyped = OpenApiWalk.untyped(doc);
    assertEquals(
        List.of(),
        untyped,
        untyped.size() + " of " + OpenApiWalk.operations(doc) + " answers have no schema");
  }

  /** A generated client fails on a reference to a schema the document does not define. */
  @Test
  void everyReferenceNamesADefinedSchema() {
    JsonObject doc = api.get("/openapi?format=JSON").json();
    JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
    List<String> dangling = new ArrayList<>();
    references(doc, dangling);
    dangling.removeIf(ref -> schemas.containsKey(ref.substring("#/components/schemas/".length())));
    assertEquals(List.of(), dangling);
  }

  private static void references(JsonValue value, List<String> found) {
    if (value instanceof JsonObject object) {
      object.forEach(
          (key, child) -> {
            if (key.equals("$ref") && child instanceof JsonString ref) {
              found.add(ref.getString());
            } else {
              references(child, found);
            }
          });
    } else if (value instanceof JsonArray array) {
      array.forEach(child -> references(child, found));
    }
  }

  /** The walk, on its own so that it reads as the rule it is. */
  static final class OpenApiWalk {

    private OpenApiWalk() {}

    static int operations(JsonObject doc) {
      int n = 0;
      for (JsonValue ops : doc.getJsonObject("paths").values()) {
        n += (int) ops.asJsonObject().keySet().stream().filter(METHODS::contains).count();
      }
      return n;
    }

    /** "GET /path: 2xx has no schema", "POST /path: 404 is not the error schema", ... */
    static List<String> untyped(JsonObject doc) {
      List<String> bad = new ArrayList<>();
      JsonObject paths = doc.getJsonObject("paths");
      for (String path : paths.keySet()) {
        JsonObject ops = paths.getJsonObject(path);
        for (String method : ops.keySet()) {
          if (METHODS.contains(method)) {
            check(method, path, ops.getJsonObject(method), bad);
          }
        }
      }
      return bad;
    }

    private static void check(String method, String path, JsonObject op, List<String> bad) {
      String name = method.toUpperCase() + " " + path;
      JsonObject responses = op.getJsonObject("responses");
      if (responses == null || responses.isEmpty()) {
        bad.add(name + ": no answers");
        return;
      }
      boolean typedSuccess = false;
      for (String status : responses.keySet()) {
        JsonObject answer = responses.getJsonObject(status);
        if (status.startsWith("2")) {
          typedSuccess |= typed(answer) || bodyless(method, answer);
        } else if (status.startsWith("4") || status.startsWith("5")) {
          if (!isError(answer)) {
            bad.add(name + ": " + status + " is not the error schema");
          }
        }
      }
      if (!typedSuccess) {
        bad.add(name + ": 2xx has no schema");
      }
    }

    /** A DELETE may answer with no body at all (204). */
    private static boolean bodyless(String method, JsonObject answer) {
      return method.equals("delete")
          && !answer.getString("description", "").isEmpty()
          && !answer.containsKey("content");
    }

    private static boolean typed(JsonObject answer) {
      JsonObject content = answer.getJsonObject("content");
      if (content == null || content.isEmpty()) {
        return false;
      }
      for (JsonValue media : content.values()) {
        if (typedSchema(media.asJsonObject().getJsonObject("schema"))) {
          return true;
        }
      }
      return false;
    }

    /**
     * A schema a client can read: a named one, properties, items, a string, or a choice of those.
     */
    private static boolean typedSchema(JsonObject schema) {
      if (schema == null) {
        return false;
      }
      for (String choice : List.of("oneOf", "anyOf")) {
        if (schema.containsKey(choice)) {
          List<JsonObject> members = schema.getJsonArray(choice).getValuesAs(JsonObject.class);
          return !members.isEmpty() && members.stream().allMatch(OpenApiWalk::typedSchema);
        }
      }
      return schema.containsKey("$ref")
          || nonEmpty(schema, "properties")
          || schema.containsKey("items")
          || Set.of("string", "array").contains(schema.getString("type", ""));
    }

    private static boolean nonEmpty(JsonObject schema, String key) {
      return schema.containsKey(key) && !schema.getJsonObject(key).isEmpty();
    }

    private static boolean isError(JsonObject answer) {
      JsonObject content = answer.getJsonObject("content");
      if (content == null || content.isEmpty()) {
        return false;
      }
      for (JsonValue media : content.values()) {
        JsonObject schema = media.asJsonObject().getJsonObject("schema");
        if (schema == null || !schema.getString("$ref", "").equals("#/components/schemas/Error")) {
          return false;
        }
      }
      return true;
    }
  }
}
