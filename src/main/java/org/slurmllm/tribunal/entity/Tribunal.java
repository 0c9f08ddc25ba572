package org.slurmllm.tribunal.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One tribunal: its request, where it stands, and its verdict. */
@Entity
@Table(name = "tribunals", schema = "app")
public class Tribunal {

  @Id public String id;

  /** The tenant of the key that made it; null for keys without a tenant. */
  @Column(name = "tenant_id", updatable = false)
  public Long tenantId;

  /** The key that made it: the usage ledger charges its requests to this key. */
  @Column(name = "key_id", updatable = false)
  public Long keyId;

  /** queued, running, completed, failed, cancelled. */
  @Column(nullable = false)
  public String status;

  /** The request as the client sent it (JSON). */
  @Column(nullable = false)
  public String request;

  @Column(name = "verdict_text")
  public String verdictText;

  @Column(name = "verdict_model")
  public String verdictModel;

  @Column(name = "verdict_score")
  public Double verdictScore;

  public String error;

  @Column(name = "rounds_run")
  public int roundsRun;

  /** The gateway that runs it (its runner lives in that gateway's memory). */
  public String owner;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "ended_at")
  public Instant endedAt;

  /**
   * Whether its judges' scores ended it before the rounds asked for (the runner's early stop). No
   * mark of its own is needed: a completed tribunal runs every round asked unless it stops early (a
   * cancel ends it cancelled, a lost quorum or a refused round failed).
   */
  public boolean stoppedEarly(int roundsAsked) {
    return "completed".equals(status) && roundsRun < roundsAsked;
  }
}
