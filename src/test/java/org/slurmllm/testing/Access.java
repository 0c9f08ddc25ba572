package org.slurmllm.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;

/** Tenants and keys for tests, made through the API with the admin key. */
public final class Access {

  /** A key as its creation returned it: the secret and its record's id. */
  public record Key(long id, String secret, String tenant) {}

  private final Api admin;

  public Access(Api admin) {
    this.admin = admin;
  }

  /** A new tenant with a unique name (content policy none). */
  public String tenant(String prefix) {
    return tenant(prefix, "none");
  }

  public String tenant(String prefix, String policy) {
    String name = Models.uniqueName(prefix);
    Api.Reply r =
        admin.post(
            "/api/tenants",
            """
            {"name":"%s","contentPolicy":"%s"}"""
                .formatted(name, policy));
    assertEquals(201, r.status(), r::toString);
    return name;
  }

  /** A key of the role for the tenant (null: none), with extra JSON fields (e.g. limits). */
  public Key key(String tenant, String role, String extra) {
    String body =
        "{\"name\":\"test "
            + role
            + "\",\"role\":\""
            + role
            + "\""
            + (tenant == null ? "" : ",\"tenant\":\"" + tenant + "\"")
            + (extra == null || extra.isEmpty() ? "" : "," + extra)
            + "}";
    Api.Reply r = admin.post("/api/keys", body);
    assertEquals(201, r.status(), r::toString);
    JsonObject json = r.json();
    return new Key(json.getJsonNumber("id").longValue(), json.getString("key"), tenant);
  }

  public Key key(String tenant, String role) {
    return key(tenant, role, null);
  }

  /** The API as the holder of this key. */
  public Api as(Key key) {
    return admin.withKey(key.secret());
  }
}
