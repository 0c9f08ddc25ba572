package org.slurmllm.catalog.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.boundary.TenantNames;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.TenantDeletion;
import org.slurmllm.catalog.control.ClusterFitCheck;
import org.slurmllm.catalog.control.DuplicateModelException;
import org.slurmllm.catalog.control.ModelDefaults;
import org.slurmllm.catalog.control.ModelPatch;
import org.slurmllm.catalog.control.RecipeCheck;
import org.slurmllm.catalog.control.UnknownModelException;
import org.slurmllm.catalog.control.WeightsOnDisk;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.catalog.entity.ModelChanged;
import org.slurmllm.catalog.entity.ModelDefinition;
import org.slurmllm.catalog.entity.ModelMapping;
import org.slurmllm.catalog.entity.TribunalRecipe;
import org.slurmllm.history.boundary.AuditLog;
import org.slurmllm.rest.ApiException;
import org.slurmllm.rest.FieldProblems;

/**
 * The model catalog: the stored definitions and every change to them, each audited in the same
 * transaction and announced to the rest of the application after it commits.
 */
@ApplicationScoped
@Transactional
public class ModelCatalog {

  static final String AUDIT_TYPE = "model";
  private static final String UNIQUE_VIOLATION = "23505";

  @PersistenceContext EntityManager em;
  @Inject AuditLog audit;
  @Inject Caller caller;
  @Inject TenantNames tenantNames;
  @Inject Event<ModelChanged> changes;
  @Inject ClusterFitCheck clusterFit;

  /**
   * Every model. A read needs no transaction of its own (SUPPORTS): routing calls it on its own
   * threads, where beginning one for a read only costs, and joins the caller's where there is one.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<Model> all() {
    return em.createNamedQuery(Model.ALL, Model.class).getResultList();
  }

  /** The model of that name, if any (tenants loaded with it; no transaction needed, as above). */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<Model> find(String name) {
    return em
        .createNamedQuery(Model.BY_NAME, Model.class)
        .setParameter("name", name)
        .getResultList()
        .stream()
        .findFirst();
  }

  public Model get(String name) {
    return find(name).orElseThrow(() -> new UnknownModelException(name));
  }

  /** The models the caller may see (models restricted to other tenants left out). */
  public List<Model> visibleTo(Principal caller) {
    return all().stream()
        .filter(m -> m.usableBy(caller.tenantName(), caller.seesAllTenants()))
        .toList();
  }

  /**
   * The model if the caller may see it; a model of other tenants is as unknown as a missing one.
   */
  public Model getVisible(String name, Principal caller) {
    return find(name)
        .filter(m -> m.usableBy(caller.tenantName(), caller.seesAllTenants()))
        .orElseThrow(() -> new UnknownModelException(name));
  }

  /**
   * Whether a model name may be used in work owned by a tenant (a batch's lines, a tribunal in
   * bulk); work without a tenant (made by a key without one) may use every model.
   */
  public boolean usableInWorkOf(String name, Long tenantId) {
    String tenant = tenantId == null ? null : tenantNames.of(tenantId).orElse(null);
    return find(name).filter(m -> m.usableBy(tenant, tenantId == null)).isPresent();
  }

  /** Every tenant named in a definition must exist (and not be deleted). */
  private void checkTenants(ModelDefinition d, FieldProblems problems) {
    List<String> named = d.tenants() == null ? List.of() : d.tenants();
    for (int i = 0; i < named.size(); i++) {
      if (!tenantNames.exists(named.get(i))) {
        String field = "tenants[" + i + "]";
        problems.add(field, field + ": no tenant named '" + named.get(i) + "'");
      }
    }
  }

  /** A tenant limiting a model cannot be deleted: the model would name a tenant that is gone. */
  void refuseDeletionOfTenantInUse(@Observes TenantDeletion deletion) {
    List<String> limited =
        all().stream().filter(m -> m.tenants.contains(deletion.tenant())).map(m -> m.name).toList();
    if (!limited.isEmpty()) {
      deletion.refuse(
          (limited.size() == 1 ? "model " : "models ")
              + String.join(", ", limited)
              + (limited.size() == 1 ? " is" : " are")
              + " limited to it (take it out of their tenants first)");
    }
  }

  /**
   * What a definition that passed its own validation cannot have in this world: tenants that are
   * not there, weights a job cannot find, resources the cluster cannot give. One 400 names every
   * such field (all of them in {@code param}, as the definition's own validation does).
   */
  private void checkAgainstTheWorld(ModelDefinition d) {
    FieldProblems problems = new FieldProblems();
    checkTenants(d, problems);
    RecipeCheck.check(d, this::find, problems);
    // a recipe runs no job: weights, nodes and the cluster's fit are not its concern
    boolean job = !TribunalRecipe.ENGINE.equals(d.engine());
    String weights =
        !job
            ? null
            : Optional.ofNullable(WeightsOnDisk.notAbsolute(d.engine(), d.weights()))
                .orElseGet(() -> WeightsOnDisk.missing(d.weights()));
    if (weights != null) {
      problems.add("weights", "weights: " + weights);
    }
    if ("onnx".equals(d.engine())) {
      if (!Model.EMBED.equals(d.task())) {
        problems.add("task", "task: engine onnx embeds only (task embed), it does not generate");
      }
      if (!ModelDefaults.ONNX_WEIGHTS.equals(d.weights())) {
        problems.add(
            "weights",
            "weights: engine onnx serves the built-in '"
                + ModelDefaults.ONNX_WEIGHTS
                + "' (leave weights out), not '"
                + d.weights()
                + "'");
      }
    }
    if (job) {
      spanningNodes(d, problems);
      clusterFit.check(d, problems);
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalid(problems.params(), problems.message(), problems.fields());
    }
  }

  /**
   * A replica over several nodes is a Ray cluster of vLLM or shards of the sim engine, started with
   * srun on each node, outside any container.
   */
  static void spanningNodes(ModelDefinition d, FieldProblems problems) {
    if (d.resources() == null || d.resources().nodes() == null || d.resources().nodes() <= 1) {
      return;
    }
    if (!"vllm".equals(d.engine()) && !"sim".equals(d.engine())) {
      problems.add(
          "resources.nodes",
          "resources.nodes: engine "
              + d.engine()
              + " runs a replica on one node; vllm (a Ray cluster) and sim (shards) span nodes");
    } else if (d.container() != null) {
      problems.add(
          "resources.nodes",
          "resources.nodes: a replica over several nodes runs without a container (its Ray"
              + " cluster or shards start with srun on each node)");
    }
  }

  /** Adds a validated definition; missing fields get their defaults. */
  public Model create(ModelDefinition definition) {
    ModelDefinition complete = ModelDefaults.complete(definition);
    checkAgainstTheWorld(complete);
    if (find(complete.name()).isPresent()) {
      throw new DuplicateModelException(complete.name());
    }
    Model model = new Model();
    model.name = complete.name();
    ModelMapping.apply(complete, model);
    model.createdAt = model.updatedAt = now();
    em.persist(model);
    flushOrReportDuplicate(complete.name());
    ModelDefinition after = ModelMapping.toDefinition(model);
    audit.record(caller.name(), "model.create", AUDIT_TYPE, model.name, null, after);
    changes.fire(new ModelChanged(model.name, ModelChanged.Kind.CREATED));
    return model;
  }

  /** Replaces a model's whole definition (PUT semantics: omitted fields return to defaults). */
  public Model replace(ModelDefinition definition) {
    return change(get(definition.name()), definition, "model.replace");
  }

  /**
   * Lays a JSON merge patch (RFC 7396) over a model's definition; the result is checked by {@code
   * check} (the REST layer's validation of a PUT's body) and applied as a PUT's is. The model's row
   * is locked first, so two patches at once apply one after the other, neither lost.
   */
  public Model patch(String name, JsonValue patch, UnaryOperator<ModelDefinition> check) {
    em.createNativeQuery("select id from app.models where name = ? for update")
        .setParameter(1, name)
        .getResultList();
    Model model = get(name);
    ModelDefinition merged = ModelPatch.merge(ModelMapping.toDefinition(model), patch);
    return change(model, check.apply(merged), "model.patch");
  }

  private Model change(Model model, ModelDefinition definition, String action) {
    ModelDefinition complete = ModelDefaults.complete(definition);
    checkAgainstTheWorld(complete);
    ModelDefinition before = ModelMapping.toDefinition(model);
    ModelMapping.apply(complete, model);
    model.updatedAt = now();
    em.flush();
    audit.record(
        caller.name(), action, AUDIT_TYPE, model.name, before, ModelMapping.toDefinition(model));
    changes.fire(new ModelChanged(model.name, ModelChanged.Kind.UPDATED));
    return model;
  }

  /**
   * Sets (or, with null, clears) the manual replica count, which then wins over the autoscaler.
   *
   * @throws org.slurmllm.rest.ApiException 400 if outside [0, maxReplicas]
   */
  public Model overrideReplicas(String name, Integer desired) {
    Model model = get(name);
    if (desired != null && (desired < 0 || desired > model.scaling.maxReplicas)) {
      throw ApiException.invalid(
          "desired",
          "desired: must be between 0 and the model's maxReplicas ("
              + model.scaling.maxReplicas
              + "), or null to return to autoscaling");
    }
    Integer before = model.replicasOverride;
    model.replicasOverride = desired;
    model.updatedAt = now();
    em.flush();
    audit.record(
        caller.name(),
        "model.scale",
        AUDIT_TYPE,
        name,
        Map.of("replicasOverride", String.valueOf(before)),
        Map.of("replicasOverride", String.valueOf(desired)));
    changes.fire(new ModelChanged(name, ModelChanged.Kind.UPDATED));
    return model;
  }

  public void delete(String name) {
    Model model = get(name);
    ModelDefinition before = ModelMapping.toDefinition(model);
    em.remove(model);
    audit.record(caller.name(), "model.delete", AUDIT_TYPE, name, before, null);
    changes.fire(new ModelChanged(name, ModelChanged.Kind.DELETED));
  }

  /** PostgreSQL keeps microseconds: answer with what a later read will return. */
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  /** Two concurrent creates of one name both pass the lookup; the unique index decides. */
  private void flushOrReportDuplicate(String name) {
    try {
      em.flush();
    } catch (PersistenceException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
          throw new DuplicateModelException(name);
        }
      }
      throw e;
    }
  }
}
