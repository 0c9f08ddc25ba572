package org.slurmllm.bulk.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** An uploaded or produced file: its bytes are on the shared directory, its facts here. */
@Entity
@Table(name = "files", schema = "app")
@NamedQuery(
    name = StoredFile.NEWEST_FIRST,
    query = "select f from StoredFile f order by f.createdAt desc, f.id desc")
public class StoredFile {

  public static final String NEWEST_FIRST = "StoredFile.newestFirst";

  @Id public String id;

  /** {@code batch} (uploaded input) or {@code batch_output} (a batch's output or errors). */
  @Column(nullable = false)
  public String purpose;

  @Column(nullable = false)
  public String filename;

  @Column(nullable = false)
  public long bytes;

  @Column(nullable = false)
  public String sha256;

  /** Absolute path on the shared directory. */
  @Column(nullable = false)
  public String path;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;
}
