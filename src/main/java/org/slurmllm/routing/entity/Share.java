package org.slurmllm.routing.entity;

import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.QueueRights;
import org.slurmllm.access.entity.ServiceTier;

/**
 * Who a waiting request is, as the fair queue needs it: its party (the tenant; a key without a
 * tenant is a party of its own) and the tenant's name for the meters, its key (fair within the
 * tenant), the tenant's weight, the tier it is served at, and the tokens it is expected to use
 * (charged when it is dispatched, corrected by what it used when it ends).
 */
public record Share(
    String party, String tenant, long key, double weight, ServiceTier tier, double expectedTokens) {

  public Share {
    if (!(weight > 0)) {
      throw new IllegalArgumentException("weight must be positive: " + weight);
    }
  }

  /** The gateway's own calls (a tribunal started without a key, health probes): default tier. */
  public static final Share SERVICE =
      new Share("service", "(service)", 0, 1, ServiceTier.DEFAULT, 0);

  /** The share of a request made for this key, at this tier, expected to use these tokens. */
  public static Share of(Principal key, ServiceTier tier, double expectedTokens) {
    QueueRights rights = key.rights() == null ? QueueRights.STANDARD : key.rights();
    return new Share(
        party(key.tenantId(), key.keyId()),
        key.tenantName() == null ? NO_TENANT : key.tenantName(),
        key.keyId(),
        rights.weight(),
        tier,
        expectedTokens);
  }

  /** The same share for another request, expected to use these tokens. */
  public Share expecting(double tokens) {
    return new Share(party, tenant, key, weight, tier, tokens);
  }

  /** The tenant label of keys without a tenant (admins'), in the meters. */
  public static final String NO_TENANT = "(none)";

  /** The party of a key: its tenant, or the key alone. */
  public static String party(Long tenantId, long keyId) {
    return tenantId != null ? "t" + tenantId : "k" + keyId;
  }
}
