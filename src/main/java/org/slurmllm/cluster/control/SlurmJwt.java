package org.slurmllm.cluster.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the HS256 tokens slurmrestd accepts ({@code AuthAltParameters=jwt_key=...}) with the
 * cluster's key. A token is reused until a minute before it expires. The key is never logged. With
 * the key the gateway could sign for any user: for development; a shared cluster's site gives the
 * service a token of its own instead ({@link SlurmTokenFile}).
 */
final class SlurmJwt implements SlurmToken {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Duration LIFETIME = Duration.ofMinutes(30);

  private final byte[] key;
  private final String user;
  private final Clock clock;
  private String token;
  private long expiresAt;

  SlurmJwt(Path keyFile, String user, Clock clock) {
    try {
      this.key = Files.readAllBytes(keyFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the SLURM JWT key " + keyFile, e);
    }
    if (!user.matches("[A-Za-z_][A-Za-z0-9_.-]{0,63}")) {
      throw new IllegalArgumentException("not a user name: " + user);
    }
    this.user = user;
    this.clock = clock;
  }

  @Override
  public String user() {
    return user;
  }

  @Override
  public synchronized String token() {
    long now = clock.instant().getEpochSecond();
    if (token == null || now > expiresAt - 60) {
      expiresAt = now + LIFETIME.toSeconds();
      token = sign(now, expiresAt);
    }
    return token;
  }

  String sign(long issuedAt, long expires) {
    String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    String claims =
        encode("{\"exp\":" + expires + ",\"iat\":" + issuedAt + ",\"sun\":\"" + user + "\"}");
    String signed = header + "." + claims;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return signed
          + "."
          + B64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static String encode(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
