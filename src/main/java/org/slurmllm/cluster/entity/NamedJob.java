package org.slurmllm.cluster.entity;

/** A job the scheduler holds (queued or running), with the name it was submitted under. */
public record NamedJob(String name, JobStatus status) {}
