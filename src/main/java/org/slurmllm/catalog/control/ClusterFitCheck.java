package org.slurmllm.catalog.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.catalog.entity.ModelDefinition;
import org.slurmllm.cluster.boundary.Cluster;
import org.slurmllm.cluster.entity.JobShape;
import org.slurmllm.cluster.entity.Misfit;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;
import org.slurmllm.rest.FieldProblems;

/**
 * Checks a model's resources against the cluster before the model is stored, so that a partition
 * that does not exist or more GPUs than any node has is a 400 at creation, not a replica that fails
 * later with a request waiting for it. When the scheduler cannot be asked, the model is accepted
 * (its replicas then say what the cluster answers).
 */
@ApplicationScoped
public class ClusterFitCheck {

  private static final Logger LOG = Logger.getLogger(ClusterFitCheck.class.getName());

  @Inject Cluster cluster;

  /** Adds to {@code problems} what the cluster cannot give the model's replicas. */
  public void check(ModelDefinition d, FieldProblems problems) {
    var r = d.resources();
    JobShape shape =
        new JobShape(
            r.partition(),
            r.account(),
            r.qos(),
            r.constraint(),
            r.gpus(),
            r.cpus(),
            r.memoryGb() * 1024L,
            r.timeLimitMinutes(),
            r.nodes() == null ? 1 : r.nodes());
    List<Misfit> misfits;
    try {
      misfits = cluster.misfits(shape);
    } catch (SchedulerUnavailableException e) {
      LOG.log(
          Level.WARNING,
          "model {0} not checked against the cluster, the scheduler did not answer: {1}",
          new Object[] {d.name(), e.getMessage()});
      return;
    }
    for (Misfit m : misfits) {
      String field =
          switch (m.resource()) {
            case PARTITION -> "resources.partition";
            case GPUS -> "resources.gpus";
            case CPUS -> "resources.cpus";
            case MEMORY -> "resources.memoryGb";
            case TIME_LIMIT -> "resources.timeLimitMinutes";
            case NODES -> "resources.nodes";
            case NODE, JOB -> "resources";
          };
      problems.add(field, field + ": " + m.message());
    }
  }
}
