/**
 * Replicas: model servers run as SLURM jobs, started, watched, scaled and stopped.
 *
 * <h2>Owns</h2>
 *
 * The table {@code replicas} (every write of it: the reconciler, one gateway at a time); the
 * control loop, rendezvous files, health probes, the autoscaler and the in-memory load; the sbatch
 * environment of a model; {@code /api/models/{name}/replicas}.
 *
 * <h2>Publishes</h2>
 *
 * {@link org.slurmllm.serving.boundary.Replicas} (read side: the READY replicas, a model's
 * replicas), {@link org.slurmllm.serving.boundary.ReplicaLoad} (routing reports requests and reads
 * in-flight counts), {@link org.slurmllm.serving.boundary.ReplicaHealth} (the one probe of a
 * replica's {@code /health}, for routing's circuit breakers), {@link
 * org.slurmllm.serving.boundary.ServerJobs} (a job running a model's server, for batch chunks); the
 * entities {@code Replica}, {@code ReplicaState}; the events {@code ReplicaChanged}, {@code
 * ReconcilePassed}, {@code ReplicasWanted}.
 *
 * <h2>Uses</h2>
 *
 * {@code access}, {@code catalog} (the models to serve; it writes a model's serving columns through
 * {@code ModelServingStatus}, in the reconcile pass's transaction), {@code cluster} (jobs).
 */
package org.slurmllm.serving;
