/**
 * Bulk inference: OpenAI's Files and Batches, run as Jakarta Batch jobs whose chunks are SLURM
 * jobs.
 *
 * <h2>Owns</h2>
 *
 * The tables {@code files}, {@code batches} and {@code batch_chunks}; uploads, validation of input
 * lines, chunking, chunk jobs and their watching, output and error files, resumption after a
 * restart; {@code /v1/files} and {@code /v1/batches}.
 *
 * <h2>Publishes</h2>
 *
 * Nothing another feature uses (its entities {@code Batch}, {@code BatchChunk}, {@code
 * StoredFile}).
 *
 * <h2>Uses</h2>
 *
 * {@code access}, {@code catalog}, {@code cluster} (chunk jobs), {@code serving} (a model's server
 * job), {@code tribunal} (tribunal lines), {@code history} (usage, audit), {@code fleet}.
 */
package org.slurmllm.bulk;
