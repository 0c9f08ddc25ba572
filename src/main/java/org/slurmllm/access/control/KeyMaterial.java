package org.slurmllm.access.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Making and recognising API keys. A key is "sk-" and 192 random bits (base64url); what is stored
 * is its SHA-256 and its first characters. A fast hash is enough: the keys are random, not chosen
 * by people, so there is no dictionary to try; and the hash is computed on every request.
 */
public final class KeyMaterial {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int PREFIX_LENGTH = 11;

  /**
   * The shortest key accepted from SLURMLLM_ADMIN_KEY: with a quarter shown as its prefix, 24
   * characters stay secret (even as hex digits, 96 bits).
   */
  public static final int MIN_LENGTH = 32;

  private KeyMaterial() {}

  public static String generate() {
    byte[] bits = new byte[24];
    RANDOM.nextBytes(bits);
    return "sk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
  }

  public static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * The visible part: enough to tell keys apart in lists and the audit log, far too little to use
   * (at most a quarter of the key; of a generated key "sk-" and 5 of its 32 random characters).
   */
  public static String prefix(String key) {
    return key.substring(0, Math.min(PREFIX_LENGTH, key.length() / 4));
  }

  /** The key in an {@code Authorization} header's value, or null. */
  public static String bearer(String header) {
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String key = header.substring(7).strip();
    return key.isEmpty() ? null : key;
  }
}
