package org.slurmllm.rest;

import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A body that is not JSON at all, read by the JSON-P reader (endpoints that take a {@code
 * JsonObject}): a 400 with the parser's words, like {@link MalformedBodyMapper}'s.
 */
@Provider
public class JsonSyntaxMapper implements ExceptionMapper<JsonParsingException> {

  @Override
  public Response toResponse(JsonParsingException e) {
    return MalformedBodyMapper.invalidJson(e.getMessage());
  }
}
