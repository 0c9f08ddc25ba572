package org.slurmllm.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
