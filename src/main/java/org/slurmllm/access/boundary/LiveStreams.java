package org.slurmllm.access.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slurmllm.access.control.KeyDirectory;
import org.slurmllm.access.control.PerKeyCounts;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.fleet.boundary.Fleet;
import org.slurmllm.rest.ServletErrors;
import org.slurmllm.rest.TooManyRequests;

/**
 * The live streams (server-sent events: the console's, a tribunal's) each key holds open: at most
 * {@code SLURMLLM_STREAMS_PER_KEY} a key on all gateways together (each gateway its share), and
 * only while the key may be used. A stream is checked once when it opens, as every request is; its
 * feature asks {@link #ending} at every tick after, so a revoked or expired key's streams end
 * within a tick. Admin keys, the operator's, are not counted.
 */
@ApplicationScoped
public class LiveStreams {

  /** What a 429 suggests: a stream whose client left frees its place at the next keep-alive. */
  static final long RETRY_AFTER_SECONDS = 10;

  @Inject KeyDirectory keys;
  @Inject Fleet fleet;

  @Inject
  @ConfigProperty(name = "slurmllm.streams.per.key", defaultValue = "20")
  int perKey;

  private final PerKeyCounts open = new PerKeyCounts();

  /** One open stream's place; closing it (once or more) gives the place back. */
  public final class Slot {
    private final Long keyId;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Slot(Long keyId) {
      this.keyId = keyId;
    }

    public void close() {
      if (closed.compareAndSet(false, true) && keyId != null) {
        open.release(keyId);
      }
    }
  }

  /**
   * Why a stream must end now: its key was revoked or expired.
   *
   * @param eventData the API's error body, the data of the stream's last event ({@code error})
   */
  public record Ending(String code, String eventData) {}

  /** A place for a stream of the caller's key, or a 429 when the key holds its most already. */
  public Slot open(Principal principal) {
    if (principal.role() == Role.ADMIN) {
      return new Slot(null);
    }
    int most = fleet.share(perKey);
    if (!open.take(principal.keyId(), most)) {
      throw new TooManyRequests(
          "too_many_streams",
          "This key has "
              + most
              + " live streams open on this gateway, its most; close one (or wait until a"
              + " closed one is noticed) and try again.",
          RETRY_AFTER_SECONDS);
    }
    return new Slot(principal.keyId());
  }

  /** Why a stream of this key must end now, or null while the key may be used. */
  public Ending ending(long keyId) {
    String code = keys.endCode(keyId, Instant.now());
    if (code == null) {
      return null;
    }
    String message =
        code.equals("expired_api_key")
            ? "This API key expired; the stream ends."
            : "This API key was revoked; the stream ends.";
    return new Ending(code, ServletErrors.body(message, ServletErrors.type(401), null, code));
  }

  /** Streams the key holds open on this gateway. */
  public int held(long keyId) {
    return open.held(keyId);
  }
}
