package org.slurmllm.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.ProcessingException;
import org.junit.jupiter.api.Test;

class MalformedBodyMapperTest {

  @Test
  void messageWalksFromPropertyToRootCause() {
    var root = new NumberFormatException("For input string: \"many\"");
    var inner = new IllegalStateException("Unable to deserialize property 'gpus'", root);
    var e = new ProcessingException("RESTEASY008200: JSON Binding deserialization error", inner);
    assertEquals(
        "Unable to deserialize property 'gpus': For input string: \"many\"",
        MalformedBodyMapper.rootMessage(e));
  }

  @Test
  void exceptionWithoutMessageIsNamedByType() {
    assertEquals(
        "ProcessingException",
        MalformedBodyMapper.rootMessage(new ProcessingException((String) null)));
  }

  @Test
  void aBodyCutShortIsMalformedJsonNotAnInternalError() {
    // as JSON-B (Yasson) wraps the parser's exception for a body like {"model":
    String where = "Invalid token=EOF at (line no=1, column no=18, offset=17).";
    var parser = new JsonParsingException(where, null);
    var jsonb = new JsonbException("Internal error: " + where, parser);
    var e = new ProcessingException("RESTEASY008200: JSON Binding deserialization error", jsonb);
    assertEquals("Request body is malformed JSON: " + where, MalformedBodyMapper.message(e));
  }

  @Test
  void aWrappedShapeErrorLosesTheWrappersWords() {
    var jsonb = new JsonbException("Internal error: Unable to deserialize property 'gpus'");
    var e = new ProcessingException("RESTEASY008200: JSON Binding deserialization error", jsonb);
    assertEquals(
        "Request body is not valid JSON for this endpoint: Unable to deserialize property 'gpus'",
        MalformedBodyMapper.message(e));
  }
}
