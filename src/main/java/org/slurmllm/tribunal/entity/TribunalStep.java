package org.slurmllm.tribunal.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One model call of a tribunal, as it happened: the transcript's line. */
@Entity
@Table(name = "tribunal_steps", schema = "app")
@NamedQuery(
    name = TribunalStep.OF_TRIBUNAL,
    query = "select s from TribunalStep s where s.tribunalId = :t order by s.id")
public class TribunalStep {

  public static final String OF_TRIBUNAL = "TribunalStep.ofTribunal";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "tribunal_id", nullable = false)
  public String tribunalId;

  public int round;

  /** proposer, judge or aggregator. */
  @Column(nullable = false)
  public String role;

  @Column(nullable = false)
  public String model;

  @Column(name = "replica_id")
  public UUID replicaId;

  @Column(nullable = false)
  public String prompt;

  public String output;

  /** A judge's parsed verdicts: JSON [{"model","score","critique"}], or null. */
  public String scores;

  @Column(name = "latency_ms")
  public Long latencyMs;

  @Column(name = "prompt_tokens")
  public Integer promptTokens;

  @Column(name = "completion_tokens")
  public Integer completionTokens;

  public String error;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;
}
