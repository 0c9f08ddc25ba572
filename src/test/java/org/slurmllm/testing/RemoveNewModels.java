package org.slurmllm.testing;

import jakarta.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Removes the models a test added to the test server's catalog, once it is done: their replicas are
 * SLURM jobs that would otherwise hold the development cluster's CPUs for the rest of the suite
 * (and later tests would wait for replicas that stay PENDING).
 */
public class RemoveNewModels implements BeforeEachCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace HERE =
      ExtensionContext.Namespace.create(RemoveNewModels.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(HERE).put("before", names());
  }

  @Override
  @SuppressWarnings("unchecked")
  public void afterEach(ExtensionContext context) {
    Set<String> before = (Set<String>) context.getStore(HERE).get("before");
    Api admin = Api.ofTestServer();
    for (String name : names()) {
      if (!before.contains(name)) {
        admin.delete("/api/models/" + name);
      }
    }
  }

  private static Set<String> names() {
    Set<String> names = new HashSet<>();
    for (JsonObject m :
        Api.ofTestServer()
            .get("/api/models")
            .json()
            .getJsonArray("data")
            .getValuesAs(JsonObject.class)) {
      names.add(m.getString("name"));
    }
    return names;
  }
}
