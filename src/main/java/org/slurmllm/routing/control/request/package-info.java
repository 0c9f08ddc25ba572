/**
 * Reading an inference request: the fields the gateway must know (model, stream, sizes, sampling
 * and embedding fields) read from the body once, without a tree, and the body changed only where a
 * streamed answer must report its usage. Uses no other part of routing's control.
 */
package org.slurmllm.routing.control.request;
