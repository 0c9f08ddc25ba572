package org.slurmllm.catalog.entity;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * A model the service can serve: which engine runs which weights with what resources, and how its
 * replicas scale. The name is the model id clients put in their requests.
 */
@Entity
@Table(name = "models", schema = "app")
@NamedQuery(name = Model.ALL, query = "select m from Model m order by m.name")
@NamedQuery(name = Model.BY_NAME, query = "select m from Model m where m.name = :name")
@NamedNativeQuery(
    name = Model.SET_SERVING_STATUS,
    query =
        "update app.models set serving_status = ?1, serving_message = ?2, desired_replicas = ?3,"
            + " serving_retry_at = ?4, serving_failure = ?5 where name = ?6")
public class Model {

  public static final String ALL = "Model.all";
  public static final String GENERATE = "generate";
  public static final String EMBED = "embed";
  public static final String BY_NAME = "Model.byName";
  public static final String SET_SERVING_STATUS = "Model.setServingStatus";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false, unique = true, updatable = false)
  public String name;

  @Convert(converter = EngineConverter.class)
  @Column(nullable = false)
  public Engine engine;

  public String weights;

  /** The container's image (podman's name or an Apptainer path); null: no container. */
  public String image;

  /** {@code podman} or {@code apptainer}; null: no container. */
  @Column(name = "container_runtime")
  public String containerRuntime;

  @Column(name = "engine_args", nullable = false)
  public String[] engineArgs = new String[0];

  @Embedded public ResourceRequest resources = new ResourceRequest();

  @Embedded public ScalingPolicy scaling = new ScalingPolicy();

  @Column(name = "context_length", nullable = false)
  public int contextLength;

  /** {@link #GENERATE} (chat and completions) or {@link #EMBED} (embeddings). */
  @Column(nullable = false)
  public String task = GENERATE;

  /** Engine tribunal: its recipe ({@link TribunalRecipe}) as JSON; else null. */
  @Column(name = "tribunal")
  public String tribunal;

  /** Whether the model is a tribunal of others, which the gateway runs (no replicas). */
  public boolean isTribunal() {
    return engine == Engine.TRIBUNAL;
  }

  /** The tenants that may see and use the model; empty: every tenant. */
  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(
      name = "model_tenants",
      schema = "app",
      joinColumns = @JoinColumn(name = "model_id"))
  @Column(name = "tenant")
  public Set<String> tenants = new HashSet<>();

  /**
   * Whether a key of this tenant may see and use the model.
   *
   * @param everyTenant the key sees every tenant's (admins, auditors without a tenant)
   */
  public boolean usableBy(String tenant, boolean everyTenant) {
    return everyTenant || tenants.isEmpty() || tenants.contains(tenant);
  }

  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  /** Replica count set by an admin; null leaves it to the autoscaler. */
  @Column(name = "replicas_override")
  public Integer replicasOverride;

  /**
   * Written only by the reconciler, with an update of its own: read-only here, so neither side's
   * write clobbers the other's and an admin's edit never conflicts with the control loop.
   */
  @Column(name = "serving_status", insertable = false, updatable = false)
  public String servingStatus = "idle";

  @Column(name = "serving_message", insertable = false, updatable = false)
  public String servingMessage;

  @Column(name = "desired_replicas", insertable = false, updatable = false)
  public int desiredReplicas;

  /** Until when the model backs off from starting replicas (status backoff); null otherwise. */
  @Column(name = "serving_retry_at", insertable = false, updatable = false)
  public Instant servingRetryAt;

  /** Why the model backs off: its last replica's failure (status backoff); null otherwise. */
  @Column(name = "serving_failure", insertable = false, updatable = false)
  public String servingFailure;

  @Version public int version;
}
