/**
 * The connections to replicas: pools of kept-alive connections, a request written without blocking,
 * an answer read whole up to a bound. Used by the relay and by the application's own calls
 * (tribunals, the scrape of replicas' metrics); uses no other part of routing's control.
 */
package org.slurmllm.routing.control.upstream;
