/**
 * Forwarding one request to the replica admission chose and its answer back to the client, token by
 * token, on the client's I/O thread: retries before the first byte, silence and client watches, the
 * request's meter and usage record. Uses {@code request}, {@code admission} and {@code upstream}.
 */
package org.slurmllm.routing.control.relay;
