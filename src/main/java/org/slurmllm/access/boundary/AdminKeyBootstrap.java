package org.slurmllm.access.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slurmllm.access.control.KeyDirectory;
import org.slurmllm.access.control.KeyMaterial;
import org.slurmllm.access.control.Keys;

/**
 * At start, makes the key in SLURMLLM_ADMIN_KEY a usable admin key (the first way in) and loads the
 * keys into memory; then reloads them every five seconds, so keys made, changed or revoked through
 * another gateway take effect here too.
 */
@Startup
@Singleton
@DependsOn("SchemaMigration")
public class AdminKeyBootstrap {

  private static final Logger LOG = Logger.getLogger(AdminKeyBootstrap.class.getName());

  @Inject
  @ConfigProperty(name = "slurmllm.admin.key")
  Optional<String> adminKey;

  @Inject Keys keys;
  @Inject KeyDirectory directory;

  @PostConstruct
  void start() {
    String key = adminKey.map(String::strip).orElse("");
    if (key.isEmpty()) {
      LOG.warning(
          "SLURMLLM_ADMIN_KEY is not set: only keys made earlier can use the API."
              + " Set it to a random string of 32 or more characters to get in as admin.");
    } else if (key.length() < KeyMaterial.MIN_LENGTH) {
      LOG.severe(
          "SLURMLLM_ADMIN_KEY is shorter than "
              + KeyMaterial.MIN_LENGTH
              + " characters and is not used; set a longer random key.");
    } else {
      keys.bootstrap(key);
    }
    directory.refresh();
  }

  @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
  void reload() {
    directory.refresh();
  }
}
