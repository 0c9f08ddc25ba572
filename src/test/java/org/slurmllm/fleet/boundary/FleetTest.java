package org.slurmllm.fleet.boundary;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FleetTest {

  /**
   * A gateway that has not yet read the heartbeats must not take another's work for a dead one's: a
   * second gateway's start once failed the first's running tribunal this way.
   */
  @Test
  void beforeItsFirstHeartbeatEveryGatewayCountsAsAlive() {
    Fleet fleet = new Fleet();
    fleet.configuredId = Optional.of("b:8380");
    assertTrue(fleet.alive("a:8080"));
    assertTrue(fleet.alive("b:8380"));
  }

  /**
   * Heartbeats are judged by the database's clock: this gateway's own clock is 26 years off here
   * (the database says it is 2000), and the other gateway, which beat 10 s ago by the database, is
   * alive; one that beat 60 s ago is not. The heartbeat itself is written as the database's {@code
   * now()}, never this gateway's time.
   */
  @Test
  void heartbeatsAreWrittenAndJudgedByTheDatabasesClock() {
    java.time.Instant db = java.time.Instant.parse("2000-01-01T00:00:00Z");
    java.util.List<String> statements = new java.util.ArrayList<>();
    java.util.List<Object[]> rows =
        java.util.List.of(
            new Object[] {"a:8080", ts(db.minusSeconds(10)), ts(db)},
            new Object[] {"c:8480", ts(db.minusSeconds(60)), ts(db)},
            new Object[] {"b:8380", ts(db), ts(db)});
    Fleet fleet = new Fleet();
    fleet.configuredId = Optional.of("b:8380");
    fleet.em = database(statements, rows);
    fleet.beat();
    assertTrue(fleet.alive("a:8080"), "10 s ago by the database's clock");
    org.junit.jupiter.api.Assertions.assertFalse(fleet.alive("c:8480"), "60 s ago");
    assertTrue(statements.get(0).contains("now()"), statements.get(0));
    assertTrue(statements.get(1).contains("now()"), statements.get(1));
  }

  static java.sql.Timestamp ts(java.time.Instant i) {
    return java.sql.Timestamp.from(i);
  }

  /** An EntityManager whose native queries record their SQL and answer {@code rows}. */
  static jakarta.persistence.EntityManager database(
      java.util.List<String> statements, java.util.List<Object[]> rows) {
    java.lang.reflect.InvocationHandler query =
        (proxy, method, args) ->
            switch (method.getName()) {
              case "setParameter" -> proxy;
              case "executeUpdate" -> 1;
              case "getResultList" -> rows;
              default -> throw new UnsupportedOperationException(method.getName());
            };
    return (jakarta.persistence.EntityManager)
        java.lang.reflect.Proxy.newProxyInstance(
            FleetTest.class.getClassLoader(),
            new Class<?>[] {jakarta.persistence.EntityManager.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("createNativeQuery")) {
                throw new UnsupportedOperationException(method.getName());
              }
              statements.add((String) args[0]);
              return java.lang.reflect.Proxy.newProxyInstance(
                  FleetTest.class.getClassLoader(),
                  new Class<?>[] {jakarta.persistence.Query.class},
                  query);
            });
  }
}
