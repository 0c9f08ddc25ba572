package org.slurmllm.console.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Access;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/**
 * What the console needs of the API beyond the other endpoints: the caller, usage in time buckets
 * and as CSV, live replica counts, paged lists, and the pages' own headers.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class ConsoleApiIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();
  final Access access = new Access(admin);

  @Test
  void theCallerIsDescribedWithoutItsKey() {
    String tenant = access.tenant("me");
    Access.Key user = access.key(tenant, "user");
    Api.Reply me = access.as(user).get("/api/me");
    assertEquals(200, me.status(), me::toString);
    assertEquals("user", me.json().getString("role"));
    assertEquals(tenant, me.json().getString("tenant"));
    assertFalse(me.json().getBoolean("seesAllTenants"));
    assertFalse(me.body().contains(user.secret()));
    assertTrue(admin.get("/api/me").json().getBoolean("seesAllTenants"));
    assertEquals(401, admin.withKey(null).get("/api/me").status());
  }

  @Test
  void usageSeriesBucketsByTenantAndATenantsAuditorSeesItsOwn() {
    String model = Models.serving(admin, "ser", "instant", 8);
    String tenantA = access.tenant("sera");
    String tenantB = access.tenant("serb");
    Access.Key userA = access.key(tenantA, "user");
    Access.Key userB = access.key(tenantB, "user");
    Access.Key auditorA = access.key(tenantA, "auditor");
    Instant from = Instant.now().minusSeconds(60);
    for (Access.Key k : List.of(userA, userA, userB)) {
      Api.Reply r =
          access
              .as(k)
              .post(
                  "/v1/chat/completions",
                  """
                  {"model":"%s","messages":[{"role":"user","content":"hi"}],"max_tokens":4}"""
                      .formatted(model));
      assertEquals(200, r.status(), r::toString);
    }
    String query = "from=" + from + "&bucket=1h&groupBy=tenant&model=" + model;
    JsonObject series =
        Eventually.await(
            "three records in the series",
            Duration.ofSeconds(20),
            () -> admin.get("/api/usage/series?" + query).json(),
            s ->
                s.getJsonArray("data").getValuesAs(JsonObject.class).stream()
                        .mapToLong(p -> p.getJsonNumber("requests").longValue())
                        .sum()
                    == 3);
    assertEquals(3600, series.getInt("bucketSeconds"));
    assertEquals("tenant", series.getString("groupBy"));
    JsonObject ofA = point(series, tenantA);
    assertEquals(2, ofA.getInt("requests"));
    assertTrue(ofA.getInt("completionTokens") > 0);
    assertTrue(ofA.containsKey("latencyP95Ms"));
    assertEquals(1, point(series, tenantB).getInt("requests"));

    JsonObject seenByA = access.as(auditorA).get("/api/usage/series?" + query).json();
    assertEquals(1, seenByA.getJsonArray("data").size(), seenByA::toString);
    assertEquals(tenantA, seenByA.getJsonArray("data").getJsonObject(0).getString("group"));
    assertEquals(404, access.as(auditorA).get("/api/usage/series?tenant=" + tenantB).status());

    // as a browser asks (no Accept: application/json, which this endpoint cannot give)
    Api.Reply export =
        access.as(auditorA).send("GET", "/api/usage/export?model=" + model, "text/plain", "");
    assertEquals(200, export.status(), export::toString);
    assertTrue(export.header("Content-Type").startsWith("text/csv"));
    String csv = export.body();
    List<String> lines = csv.lines().toList();
    assertTrue(lines.get(0).startsWith("id,at,keyId,tenant,"), lines.get(0));
    assertEquals(3, lines.size(), csv);
    assertTrue(lines.stream().skip(1).allMatch(l -> l.contains("," + tenantA + ",")), csv);
  }

  static JsonObject point(JsonObject series, String group) {
    return series.getJsonArray("data").getValuesAs(JsonObject.class).stream()
        .filter(p -> p.getString("group").equals(group))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no point of " + group + " in " + series));
  }

  @Test
  void badSeriesParametersAreA400NamingTheParameter() {
    for (String[] bad :
        new String[][] {
          {"bucket=fortnight", "bucket"},
          {"bucket=1s", "bucket"},
          {"bucket=1m&from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z", "bucket"},
          {"groupBy=colour", "groupBy"},
          {"kind=poem", "kind"},
          {"from=yesterday", "from"},
          {"from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to"},
        }) {
      Api.Reply r = admin.get("/api/usage/series?" + bad[0]);
      assertEquals(400, r.status(), bad[0] + ": " + r);
      assertEquals(bad[1], r.error().getString("param"), bad[0]);
    }
  }

  @Test
  void liveReplicaCountsOfTheWholeCatalogInOneAnswer() {
    String model = Models.serving(admin, "cnt", "instant", 8);
    JsonObject counts =
        Eventually.await(
            model + " counted READY",
            Duration.ofSeconds(120),
            () -> admin.get("/api/replicas/counts").json().getJsonObject("data"),
            d -> d.containsKey(model) && d.getJsonObject(model).getInt("READY", 0) == 1);
    assertFalse(counts.containsKey("no-such-model"));
    String tenant = access.tenant("cnt");
    Access.Key user = access.key(tenant, "user");
    assertEquals(403, access.as(user).get("/api/replicas/counts").status());
  }

  @Test
  void keysModelsAndTenantsAreListedPageByPage() {
    access.key(null, "auditor");
    access.key(null, "auditor");
    JsonObject first = admin.get("/api/keys?limit=1").json();
    assertEquals(1, first.getJsonArray("data").size());
    assertTrue(first.getBoolean("has_more"));
    long last = first.getJsonNumber("last_id").longValue();
    JsonObject second = admin.get("/api/keys?limit=1&after=" + last).json();
    assertTrue(
        second.getJsonArray("data").getJsonObject(0).getJsonNumber("id").longValue() < last,
        "newest first");
    assertEquals(400, admin.get("/api/keys?limit=0").status());

    String a = Models.uniqueName("pga");
    String b = Models.uniqueName("pgb");
    assertEquals(201, admin.post("/api/models", Models.sim(a)).status());
    assertEquals(201, admin.post("/api/models", Models.sim(b)).status());
    JsonObject models = admin.get("/api/models?limit=1&after=" + a.substring(0, 3)).json();
    assertEquals(a, models.getJsonArray("data").getJsonObject(0).getString("name"));
    assertTrue(models.getBoolean("has_more"));
    assertEquals(a, models.getString("last_id"));

    String t1 = access.tenant("pgt");
    JsonObject tenants = admin.get("/api/tenants?limit=1&after=pgs").json();
    assertEquals(1, tenants.getJsonArray("data").size());
    assertTrue(tenants.getJsonArray("data").getJsonObject(0).getString("name").startsWith("pgt"));
    assertTrue(tenants.toString().contains(t1) || tenants.getBoolean("has_more"));
  }

  @Test
  void theConsoleIsServedWithItsHeadersAndItsLibrariesFromTheWar() {
    Api anonymous = admin.withKey(null);
    Api.Reply page = anonymous.get("/console/");
    assertEquals(200, page.status());
    assertTrue(page.body().contains("type=\"password\""));
    assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"));
    assertFalse(page.header("Content-Security-Policy").contains("unsafe-inline"));
    assertEquals("DENY", page.header("X-Frame-Options"));
    assertEquals("no-referrer", page.header("Referrer-Policy"));
    Api.Reply bare = anonymous.get("/console");
    assertEquals(301, bare.status());
    assertEquals("console/", bare.header("Location"), "relative, for proxies' sub-paths");
    assertEquals(200, anonymous.get("/webjars/picocss__pico/2.1.1/css/pico.min.css").status());
    assertEquals(200, anonymous.get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").status());
    assertEquals(200, anonymous.get("/console/js/app.js").status());
  }
}
