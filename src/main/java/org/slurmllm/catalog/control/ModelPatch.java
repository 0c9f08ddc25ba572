package org.slurmllm.catalog.control;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.io.StringReader;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slurmllm.catalog.entity.ModelDefinition;
import org.slurmllm.rest.ApiError;
import org.slurmllm.rest.ApiException;
import org.slurmllm.rest.JsonP;

/**
 * A JSON merge patch (RFC 7396) laid over a model's stored definition: members of the patch replace
 * those of the definition (objects merged member by member), null removes one, so the field returns
 * to its default, and what the patch leaves out stays. The result is a whole definition, checked
 * and applied exactly as a PUT's body. Pure.
 */
public final class ModelPatch {

  /** JSON-B as the REST layer reads a PUT's body, so a patched field means what it means there. */
  private static final Jsonb JSONB = JsonbBuilder.create();

  private ModelPatch() {}

  /**
   * The definition with the patch laid over it, named as before.
   *
   * @throws ApiException 400 when the patch is not an object, renames the model or leaves a member
   *     of the wrong type
   */
  public static ModelDefinition merge(ModelDefinition stored, JsonValue patch) {
    if (!(patch instanceof JsonObject changes)) {
      throw ApiException.invalid(
          null, "A JSON merge patch of a model is a JSON object of the fields to change.");
    }
    List<String> unknown = unknownFields(changes, ModelDefinition.class, "");
    if (!unknown.isEmpty()) {
      throw ApiException.invalid(
          String.join(",", unknown),
          "Invalid request: "
              + String.join("; ", unknown.stream().map(f -> f + ": unknown field").toList()),
          unknown.stream().map(f -> new ApiError.Field(f, "unknown field")).toList());
    }
    if (changes.containsKey("name")
        && !JsonP.JSON.createValue(stored.name()).equals(changes.get("name"))) {
      throw ApiException.invalid(
          "name", "name: must match the path ('" + stored.name() + "'); models cannot be renamed");
    }
    JsonObject merged =
        JsonP.JSON.createMergePatch(withoutReadOnly(changes)).apply(asJson(stored)).asJsonObject();
    // The deprecated image stands for an Apptainer container only where no container is given:
    // one set by the patch replaces the stored container, as it would in a PUT without it.
    if (changes.containsKey("image")
        && changes.get("image") != JsonValue.NULL
        && !changes.containsKey("container")) {
      merged = JsonP.JSON.createObjectBuilder(merged).remove("container").build();
    }
    try {
      return JSONB.fromJson(merged.toString(), ModelDefinition.class).withName(stored.name());
    } catch (JsonbException e) {
      throw ApiException.invalid(
          null, "The patched definition is not a model's: " + rootMessage(e));
    }
  }

  /**
   * Members no definition has, nested ones by their path: a misspelt field would otherwise change
   * nothing and still be answered 200.
   */
  static List<String> unknownFields(JsonObject json, Class<?> record, String path) {
    List<String> unknown = new ArrayList<>();
    Map<String, Class<?>> fields = new LinkedHashMap<>();
    for (RecordComponent c : record.getRecordComponents()) {
      fields.put(c.getName(), c.getType());
    }
    for (var member : json.entrySet()) {
      Class<?> type = fields.get(member.getKey());
      if (type == null) {
        unknown.add(path + member.getKey());
      } else if (type.isRecord() && member.getValue() instanceof JsonObject nested) {
        unknown.addAll(unknownFields(nested, type, path + member.getKey() + "."));
      }
    }
    return unknown;
  }

  /** What the server sets (times, serving status) is never the client's to patch. */
  private static JsonObject withoutReadOnly(JsonObject changes) {
    return JsonP.JSON
        .createObjectBuilder(changes)
        .remove("createdAt")
        .remove("updatedAt")
        .remove("status")
        .build();
  }

  private static JsonObject asJson(ModelDefinition stored) {
    try (var reader = JsonP.JSON.createReader(new StringReader(JSONB.toJson(stored)))) {
      return JsonP.JSON
          .createObjectBuilder(reader.readObject())
          .remove("createdAt")
          .remove("updatedAt")
          .remove("status")
          .build();
    }
  }

  /** The parser's innermost words say which member was wrong. */
  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? e.getMessage() : t.getMessage();
  }
}
