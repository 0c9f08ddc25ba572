/**
 * Which replica serves a request, and when: the READY replicas of each model, their load (counted
 * here and reported by the replicas), least outstanding choice, circuit breakers, and the bounded
 * wait queue per model. Uses {@code upstream} to read the replicas' reported load.
 */
package org.slurmllm.routing.control.admission;
