package org.slurmllm.access.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An organisation using the service: its keys, files, batches, tribunals and usage are its own, and
 * its content policy says what of its prompts and completions may be kept.
 */
@Entity
@Table(name = "tenants", schema = "app")
public class Tenant {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false, unique = true, updatable = false)
  public String name;

  @Column(name = "content_policy", nullable = false)
  public String contentPolicy = ContentPolicy.NONE.value();

  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;
}
