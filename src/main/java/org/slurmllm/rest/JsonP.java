package org.slurmllm.rest;

import jakarta.json.spi.JsonProvider;

/**
 * The one JSON-P provider, for code on the request path. {@code Json.createReader()} and its
 * siblings look the provider up through the ServiceLoader on every call (about 90 microseconds,
 * measured); the provider itself does the same work in about 2.
 */
public final class JsonP {

  public static final JsonProvider JSON = JsonProvider.provider();

  private JsonP() {}
}
