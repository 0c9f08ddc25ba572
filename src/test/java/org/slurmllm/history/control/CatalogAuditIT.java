package org.slurmllm.history.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.access.control.KeyMaterial;
import org.slurmllm.catalog.boundary.ModelCatalog;
import org.slurmllm.catalog.control.DuplicateModelException;
import org.slurmllm.catalog.entity.ModelDefinition;
import org.slurmllm.history.boundary.AuditLog;
import org.slurmllm.history.entity.AuditEntry;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Models;

/** In the container: every catalog change leaves one audit row, and rows cannot be altered. */
@ExtendWith(ArquillianExtension.class)
class CatalogAuditIT {

  @Deployment
  static WebArchive app() {
    return Deployments.inContainer(CatalogAuditIT.class, Models.class);
  }

  /** The test runs as the admin key (see Deployments.inContainer): named by prefix, never whole. */
  static final String ACTOR =
      "admin (SLURMLLM_ADMIN_KEY) ("
          + KeyMaterial.prefix(System.getenv("SLURMLLM_ADMIN_KEY"))
          + "...)";

  @Inject ModelCatalog catalog;
  @Inject AuditLog audit;

  @Resource(lookup = "java:jboss/datasources/SlurmLlmDS")
  DataSource dataSource;

  @Test
  void createReplaceDeleteAreAuditedWithBeforeAndAfter() {
    String name = Models.uniqueName("audited");
    catalog.create(definition(name, 0, 1));
    catalog.replace(definition(name, 0, 3));
    catalog.delete(name);

    List<AuditEntry> entries = audit.about("model", name);
    assertEquals(
        List.of("model.create", "model.replace", "model.delete"),
        entries.stream().map(e -> e.action).toList());
    entries.forEach(e -> assertEquals(ACTOR, e.actor));
    assertNull(entries.get(0).before);
    assertEquals(1, json(entries.get(0).after).getJsonObject("scaling").getInt("maxReplicas"));
    assertEquals(1, json(entries.get(1).before).getJsonObject("scaling").getInt("maxReplicas"));
    assertEquals(3, json(entries.get(1).after).getJsonObject("scaling").getInt("maxReplicas"));
    assertEquals(3, json(entries.get(2).before).getJsonObject("scaling").getInt("maxReplicas"));
    assertNull(entries.get(2).after);
  }

  @Test
  void aFailedChangeLeavesNoAuditRow() {
    String name = Models.uniqueName("once");
    catalog.create(definition(name, 0, 1));
    assertThrows(DuplicateModelException.class, () -> catalog.create(definition(name, 0, 1)));

    assertEquals(1, audit.about("model", name).size());
  }

  @Test
  void auditRowsCannotBeUpdatedOrDeleted() throws SQLException {
    String name = Models.uniqueName("immutable");
    catalog.create(definition(name, 0, 1));

    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      SQLException update =
          assertThrows(
              SQLException.class,
              () ->
                  s.executeUpdate(
                      "update app.audit_log set actor = 'mallory' where target_id = '"
                          + name
                          + "'"));
      assertTrue(update.getMessage().contains("append-only"), update::getMessage);
      assertThrows(
          SQLException.class,
          () -> s.executeUpdate("delete from app.audit_log where target_id = '" + name + "'"));
    }
    assertEquals(ACTOR, audit.about("model", name).get(0).actor);
  }

  private static ModelDefinition definition(String name, int min, int max) {
    return new ModelDefinition(
        name,
        "sim",
        null,
        null,
        null,
        null,
        new ModelDefinition.Scaling(min, max, null, null),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }
}
