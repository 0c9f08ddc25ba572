package org.slurmllm.database;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date at deployment, before any request is served. The migrations are the
 * files in the project's {@code sql/} folder; Hibernate never creates or alters schema. The schema
 * is {@code app}, apart from JBeret's own tables in {@code public}. Several gateways may start at
 * once: Flyway serialises them with a PostgreSQL advisory lock.
 */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {

  public static final String SCHEMA = "app";
  private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

  @Resource(lookup = "java:jboss/datasources/SlurmLlmDS")
  DataSource dataSource;

  private String version = "none";

  @PostConstruct
  void migrate() {
    MigrateResult result =
        Flyway.configure(SchemaMigration.class.getClassLoader())
            .dataSource(dataSource)
            .schemas(SCHEMA)
            .createSchemas(true)
            .locations("classpath:db/migration")
            .load()
            .migrate();
    version =
        result.targetSchemaVersion != null
            ? result.targetSchemaVersion
            : result.initialSchemaVersion;
    LOG.info(
        () ->
            "Schema "
                + SCHEMA
                + " at version "
                + version
                + " ("
                + result.migrationsExecuted
                + " migrations applied now)");
  }

  /** The version the schema had after migration, for health reports. */
  public String version() {
    return version;
  }
}
