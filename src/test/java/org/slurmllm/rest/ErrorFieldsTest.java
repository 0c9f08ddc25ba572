package org.slurmllm.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.Response.Status;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A 400 about the request's fields lists each bad field as data; other errors list none. */
class ErrorFieldsTest {

  @Test
  void everyProblemIsAFieldInTheOrderFoundAndParamIsTheFirst() {
    FieldProblems problems =
        new FieldProblems()
            .add("temperature", "temperature: a number from 0 to 2")
            .add("messages", "messages[2]: content must be a string or an array of parts");
    ApiException e = assertThrows(ApiException.class, problems::throwIfAny);
    ApiError.Detail error = e.body().error();
    assertEquals("temperature", error.param());
    assertEquals(
        List.of(
            new ApiError.Field("temperature", "a number from 0 to 2"),
            new ApiError.Field(
                "messages", "messages[2]: content must be a string or an array of parts")),
        error.fields());
    assertEquals(
        "Invalid request: temperature: a number from 0 to 2; messages[2]: content must be a"
            + " string or an array of parts",
        error.message(),
        "the message is as before");
  }

  @Test
  void aFourHundredAboutOneFieldListsIt() {
    ApiError.Detail error =
        ApiException.invalid("limit", "limit: a number from 1 to 100.").body().error();
    assertEquals(List.of(new ApiError.Field("limit", "a number from 1 to 100.")), error.fields());
  }

  @Test
  void otherErrorsListNoFieldAndTheirJsonHasNone() {
    ApiException notFound =
        new ApiException(Status.NOT_FOUND, "invalid_request_error", "key_not_found", "key", "No.");
    assertNull(notFound.body().error().fields());
    assertNull(
        ApiException.invalid(null, "A JSON request body is required.").body().error().fields());
    JsonObject json = parse(JsonbBuilder.create().toJson(notFound.body())).getJsonObject("error");
    assertFalse(json.containsKey("fields"), json::toString);
    assertEquals("key", json.getString("param"));
  }

  @Test
  void theUndertowAndServletBodiesCarryTheSameFields() {
    List<ApiError.Field> fields =
        List.of(new ApiError.Field("n", "at most 8"), new ApiError.Field("stop", "too many"));
    JsonObject servlet =
        parse(ServletErrors.body("Invalid request: ...", "invalid_request_error", "n", "x", fields))
            .getJsonObject("error");
    JsonObject jaxrs =
        parse(
                JsonbBuilder.create()
                    .toJson(
                        ApiError.of(
                            "Invalid request: ...", "invalid_request_error", "n", "x", fields)))
            .getJsonObject("error");
    assertEquals(jaxrs, servlet);
    assertEquals("stop", servlet.getJsonArray("fields").getJsonObject(1).getString("param"));
    assertFalse(
        parse(ServletErrors.body("m", "t", null, "c"))
            .getJsonObject("error")
            .containsKey("fields"));
  }

  private static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }
}
