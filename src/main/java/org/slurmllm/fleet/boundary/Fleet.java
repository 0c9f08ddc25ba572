package org.slurmllm.fleet.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slurmllm.fleet.control.Liveness;
import org.slurmllm.fleet.control.Shares;

/**
 * This gateway among the others on the same database: its id, its heartbeat, and which gateways are
 * alive. Features that run work in a gateway's memory (tribunals, batch executions) record {@link
 * #self()} as its owner and take over another's work only when {@link #alive(String)} says the
 * owner is gone.
 *
 * <p>The id is stable across restarts of the same gateway (host and HTTP port, or {@code
 * SLURMLLM_GATEWAY_ID}): after a restart, the gateway's own unfinished work is its own again at
 * once.
 */
@ApplicationScoped
public class Fleet {

  @PersistenceContext EntityManager em;

  @Inject
  @ConfigProperty(name = "slurmllm.gateway.id")
  Optional<String> configuredId;

  @Inject
  @ConfigProperty(name = "slurmllm.http.port", defaultValue = "8080")
  int httpPort;

  private final Instant startedAt = Instant.now();
  private volatile String self;
  private volatile Set<String> alive = Set.of();

  /** False until the first heartbeat has read the others': nobody's work is taken over before. */
  private volatile boolean heard;

  /** This gateway's id. */
  public String self() {
    String id = self;
    if (id == null) {
      id = self = configuredId.filter(c -> !c.isBlank()).orElseGet(this::hostAndPort);
    }
    return id;
  }

  private String hostAndPort() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    int offset = Integer.getInteger("jboss.socket.binding.port-offset", 0);
    return host + ":" + (httpPort + offset);
  }

  /**
   * Whether the gateway is alive (its heartbeat is fresh); this gateway always is, and so is every
   * other until this one has read their heartbeats once (a start must not take a living gateway's
   * work for a dead one's).
   */
  public boolean alive(String gateway) {
    return gateway != null && (!heard || gateway.equals(self()) || alive.contains(gateway));
  }

  /** How many gateways share the work now (at least this one). */
  public int size() {
    Set<String> known = alive;
    return Math.max(1, known.contains(self()) ? known.size() : known.size() + 1);
  }

  /** This gateway's share of a limit that holds for all gateways together (see Shares). */
  public int share(int limit) {
    TreeSet<String> ranked = new TreeSet<>(alive);
    ranked.add(self());
    int rank = ranked.headSet(self()).size();
    return Shares.of(limit, rank, ranked.size());
  }

  /**
   * This gateway's share of an amount that all gateways together may spend (what is left of a token
   * budget): the same split, without the floor of one (a share of nothing is nothing).
   */
  public long share(long amount) {
    TreeSet<String> ranked = new TreeSet<>(alive);
    ranked.add(self());
    int rank = ranked.headSet(self()).size();
    return Shares.of(amount, rank, ranked.size());
  }

  /**
   * Writes this gateway's heartbeat and reads the others'. Every time is the database's ({@code
   * now()}, one clock for all gateways): a gateway whose own clock is a minute off is neither seen
   * as dead by the others nor sees them so.
   */
  @Transactional
  public void beat() {
    em.createNativeQuery(
            "insert into app.gateways (id, started_at, heartbeat_at) values (?, ?, now())"
                + " on conflict (id) do update set heartbeat_at = excluded.heartbeat_at")
        .setParameter(1, self())
        .setParameter(2, Timestamp.from(startedAt))
        .executeUpdate();
    Map<String, Instant> beats = new HashMap<>();
    Instant now = null;
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery("select id, heartbeat_at, now() from app.gateways").getResultList();
    for (Object[] row : rows) {
      beats.put((String) row[0], instant(row[1]));
      now = instant(row[2]);
    }
    alive = now == null ? Set.of(self()) : Liveness.alive(beats, now);
    heard = true;
  }

  /** At a clean stop: the others need not wait for the heartbeat to go stale. */
  @Transactional
  public void leave() {
    em.createNativeQuery("delete from app.gateways where id = ?")
        .setParameter(1, self())
        .executeUpdate();
  }

  private static Instant instant(Object value) {
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    return (Instant) value;
  }
}
