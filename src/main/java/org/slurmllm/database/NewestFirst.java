package org.slurmllm.database;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.List;

/**
 * One page of a tenant-owned table, newest first, continuing after a given row (keyset pagination:
 * stable while rows are added, no offset to scan). The entity needs the fields {@code id}, {@code
 * createdAt} and {@code tenantId}.
 */
public final class NewestFirst {

  private NewestFirst() {}

  /**
   * @param after the id of the last row of the previous page, or null for the first page
   * @param tenant only this tenant's rows, or null for every tenant's
   */
  public static <T> List<T> page(
      EntityManager em, Class<T> type, String after, Long tenant, int limit) {
    return page(em, type, after, tenant, limit, null);
  }

  /**
   * @param condition a JPQL condition on {@code x} that every row of the page meets, or null
   */
  public static <T> List<T> page(
      EntityManager em, Class<T> type, String after, Long tenant, int limit, String condition) {
    T cursor = after == null ? null : em.find(type, after);
    if (cursor != null && tenant != null && !visible(em, type, after, tenant)) {
      cursor = null; // another tenant's id is as unknown as a missing one: the first page
    }
    StringBuilder jpql = new StringBuilder("select x from ").append(type.getSimpleName());
    jpql.append(" x where 1 = 1");
    if (condition != null) {
      jpql.append(" and ").append(condition);
    }
    if (tenant != null) {
      jpql.append(" and x.tenantId = :tenant");
    }
    if (cursor != null) {
      jpql.append(" and (x.createdAt < (select c.createdAt from ")
          .append(type.getSimpleName())
          .append(" c where c.id = :after) or (x.createdAt = (select c.createdAt from ")
          .append(type.getSimpleName())
          .append(" c where c.id = :after) and x.id < :after))");
    }
    jpql.append(" order by x.createdAt desc, x.id desc");
    TypedQuery<T> query = em.createQuery(jpql.toString(), type).setMaxResults(limit);
    if (tenant != null) {
      query.setParameter("tenant", tenant);
    }
    if (cursor != null) {
      query.setParameter("after", after);
    }
    return query.getResultList();
  }

  private static boolean visible(EntityManager em, Class<?> type, String id, Long tenant) {
    return em.createQuery(
                "select count(x) from "
                    + type.getSimpleName()
                    + " x where x.id = :id and x.tenantId = :tenant",
                Long.class)
            .setParameter("id", id)
            .setParameter("tenant", tenant)
            .getSingleResult()
        > 0;
  }
}
