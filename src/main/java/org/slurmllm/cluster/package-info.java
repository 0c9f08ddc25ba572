/**
 * The batch scheduler: SLURM through slurmrestd, its command-line tools, or local processes.
 *
 * <h2>Owns</h2>
 *
 * The three {@code Scheduler} implementations and SLURM's formats (JSON of each REST version, the
 * tools' text), the JWT for slurmrestd, the sbatch templates of {@code slurm/templates}, this
 * installation's id in job names (the table {@code installation}).
 *
 * <h2>Publishes</h2>
 *
 * {@link org.slurmllm.cluster.boundary.Cluster} (submit, status, find, cancel, describe), {@link
 * org.slurmllm.cluster.boundary.JobNaming}, {@link org.slurmllm.cluster.boundary.JobTemplates}; the
 * records of {@code cluster.entity} ({@code JobRequest}, {@code JobStatus}, {@code ClusterState},
 * the two exceptions a submission can end in).
 *
 * <h2>Uses</h2>
 *
 * {@code access} (the cluster resource's role check).
 */
package org.slurmllm.cluster;
