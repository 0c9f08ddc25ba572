package org.slurmllm.cluster.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.slurmllm.cluster.entity.JobNames;

/**
 * This installation's job names, after its id in the database (made once by the schema, the same
 * for every gateway on that database, different for another installation on the same cluster).
 */
@ApplicationScoped
public class JobNaming {

  @PersistenceContext EntityManager em;

  private volatile JobNames names;

  public JobNames names() {
    JobNames known = names;
    if (known == null) {
      String id =
          (String) em.createNativeQuery("select id from app.installation").getSingleResult();
      known = names = new JobNames(id);
    }
    return known;
  }
}
