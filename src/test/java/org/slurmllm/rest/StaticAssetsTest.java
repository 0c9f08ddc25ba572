package org.slurmllm.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StaticAssetsTest {

  @Test
  void contentTypesByExtension() {
    assertEquals("text/html; charset=utf-8", StaticAssets.contentType("index.html"));
    assertEquals("text/javascript; charset=utf-8", StaticAssets.contentType("a/b.js"));
    assertEquals("text/css; charset=utf-8", StaticAssets.contentType("x.css"));
    assertEquals("application/octet-stream", StaticAssets.contentType("LICENSE"));
  }
}
