package org.slurmllm.worker;

import jakarta.json.spi.JsonProvider;

/**
 * The one JSON-P provider. {@code Json.createObjectBuilder()} and its siblings look the provider up
 * through the ServiceLoader on every call (about 90 microseconds, measured: more than the whole
 * rest of a streamed token); the provider itself makes the same objects in about 2.
 */
final class JsonP {

  static final JsonProvider JSON = JsonProvider.provider();

  private JsonP() {}
}
