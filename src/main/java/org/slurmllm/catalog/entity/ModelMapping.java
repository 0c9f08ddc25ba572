package org.slurmllm.catalog.entity;

import java.util.Arrays;
import java.util.HashSet;
import org.slurmllm.catalog.entity.ModelDefinition.Container;
import org.slurmllm.catalog.entity.ModelDefinition.Resources;
import org.slurmllm.catalog.entity.ModelDefinition.Scaling;

/** Copies between the API's definition and the stored entity; the only place that knows both. */
public final class ModelMapping {

  private ModelMapping() {}

  /** Writes a complete (defaulted, validated) definition onto an entity, except name and times. */
  public static void apply(ModelDefinition d, Model m) {
    m.engine =
        Engine.fromWireName(d.engine())
            .orElseThrow(() -> new IllegalArgumentException("unvalidated engine " + d.engine()));
    m.weights = d.weights();
    m.containerRuntime = d.container() == null ? null : d.container().runtime();
    m.image = d.container() == null ? null : d.container().image();
    m.engineArgs = d.engineArgs().toArray(String[]::new);
    Resources r = d.resources();
    m.resources.gpus = r.gpus();
    m.resources.cpus = r.cpus();
    m.resources.memoryGb = r.memoryGb();
    m.resources.partition = r.partition();
    m.resources.account = r.account();
    m.resources.qos = r.qos();
    m.resources.constraint = r.constraint();
    m.resources.timeLimitMinutes = r.timeLimitMinutes();
    m.resources.nodes = r.nodes() == null ? 1 : r.nodes();
    Scaling s = d.scaling();
    m.scaling.minReplicas = s.minReplicas();
    m.scaling.maxReplicas = s.maxReplicas();
    m.scaling.targetConcurrency = s.targetConcurrency();
    m.scaling.idleMinutes = s.idleMinutes();
    m.contextLength = d.contextLength();
    m.tenants = new HashSet<>(d.tenants());
    m.task = d.task();
    m.tribunal = d.tribunal() == null ? null : JSONB.toJson(d.tribunal());
  }

  private static final jakarta.json.bind.Jsonb JSONB = jakarta.json.bind.JsonbBuilder.create();

  public static ModelDefinition toDefinition(Model m) {
    return new ModelDefinition(
        m.name,
        m.engine.wireName(),
        m.weights,
        null, // read back as the container
        Arrays.asList(m.engineArgs),
        new Resources(
            m.resources.gpus,
            m.resources.cpus,
            m.resources.memoryGb,
            m.resources.partition,
            m.resources.account,
            m.resources.qos,
            m.resources.constraint,
            m.resources.timeLimitMinutes,
            m.resources.nodes),
        new Scaling(
            m.scaling.minReplicas,
            m.scaling.maxReplicas,
            m.scaling.targetConcurrency,
            m.scaling.idleMinutes),
        m.contextLength,
        m.tenants.stream().sorted().toList(),
        m.createdAt,
        m.updatedAt,
        new ModelDefinition.ServingStatus(
            m.servingStatus, m.servingMessage, m.desiredReplicas, m.replicasOverride),
        m.task,
        m.containerRuntime == null ? null : new Container(m.containerRuntime, m.image),
        m.tribunal == null ? null : JSONB.fromJson(m.tribunal, TribunalRecipe.class));
  }
}
