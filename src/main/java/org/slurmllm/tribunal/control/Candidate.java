package org.slurmllm.tribunal.control;

/** One proposer's answer in a round, as judges see it: whose it is, and its text. */
public record Candidate(String model, String text) {}
