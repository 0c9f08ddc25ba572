/**
 * Bulk inference: OpenAI's Files and Batches, run as Jakarta Batch jobs whose chunks are SLURM
 * jobs.
 *
 * <h2>Owns</h2>
 *
 * The tables {@code files}, {@code batches} and {@code batch_chunks}; uploads (their form read as
 * it arrives, within bounds), validation of input lines, chunking, chunk jobs and their watching,
 * the moves of a chunk's state and of a batch's status (each in one class, {@code ChunkTransitions}
 * and {@code BatchTransitions}), output and error files, resumption after a restart, files' expiry
 * and the sweep that removes them, tenants' storage quotas as files count against them; {@code
 * /v1/files} and {@code /v1/batches}.
 *
 * <h2>Publishes</h2>
 *
 * Nothing another feature uses (its entities {@code Batch}, {@code BatchChunk}, {@code
 * StoredFile}).
 *
 * <h2>Uses</h2>
 *
 * {@code access} (a tenant's storage quota), {@code catalog}, {@code cluster} (chunk jobs), {@code
 * serving} (a model's server job), {@code tribunal} (tribunal lines), {@code history} (usage,
 * audit), {@code fleet}.
 *
 * <h2>Shares</h2>
 *
 * {@code tenant_stored_bytes} (responses'): a tenant's storage quota counts its files and its
 * stored responses together, so an upload's check reads the sum of both from that view.
 */
package org.slurmllm.bulk;
