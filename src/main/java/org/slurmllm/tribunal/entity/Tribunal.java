package org.slurmllm.tribunal.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** One tribunal: its request, where it stands, and its verdict. */
@Entity
@Table(name = "tribunals", schema = "app")
@NamedQuery(
    name = Tribunal.NEWEST_FIRST,
    query = "select t from Tribunal t order by t.createdAt desc, t.id desc")
public class Tribunal {

  public static final String NEWEST_FIRST = "Tribunal.newestFirst";

  @Id public String id;

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

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "ended_at")
  public Instant endedAt;
}
