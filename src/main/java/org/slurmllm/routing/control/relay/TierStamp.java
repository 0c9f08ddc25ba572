package org.slurmllm.routing.control.relay;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slurmllm.access.entity.ServiceTier;

/**
 * Writes OpenAI's {@code service_tier} into an answer: the tier that served it, which may be lower
 * than the one asked for. Put first in the answer's object (model servers do not write it), or its
 * value replaced where a model server wrote one. Pure: bytes in, bytes out.
 */
final class TierStamp {

  private static final Pattern WRITTEN =
      Pattern.compile("(?<!\\\\)\"service_tier\"\\s*:\\s*(null|\"[^\"]*\")");

  private final byte[] field;
  private final String value;

  TierStamp(ServiceTier tier) {
    this.value = "\"" + tier.value() + "\"";
    this.field = ("\"service_tier\":" + value + ",").getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code "service_tier":"tier",}: what goes after the opening brace of an object. */
  byte[] field() {
    return field;
  }

  /** Whether a JSON object (a stream's chunk) gets the field after its brace: not if it has one. */
  static boolean wants(String json) {
    return json.indexOf(':') > 0 && !json.contains("\"service_tier\"");
  }

  /**
   * A whole answer with the field: inserted, or its value replaced; anything but an object kept.
   */
  byte[] stamp(byte[] answer) {
    int brace = 0;
    while (brace < answer.length && Character.isWhitespace(answer[brace])) {
      brace++;
    }
    if (brace == answer.length || answer[brace] != '{') {
      return answer;
    }
    String text = new String(answer, StandardCharsets.ISO_8859_1);
    if (text.contains("\"service_tier\"")) {
      Matcher m = WRITTEN.matcher(text);
      return m.find()
          ? (text.substring(0, m.start(1)) + value + text.substring(m.end(1)))
              .getBytes(StandardCharsets.ISO_8859_1)
          : answer;
    }
    if (text.indexOf(':', brace) < 0) {
      return answer; // an empty object: nothing to put a comma after
    }
    byte[] stamped = new byte[answer.length + field.length];
    System.arraycopy(answer, 0, stamped, 0, brace + 1);
    System.arraycopy(field, 0, stamped, brace + 1, field.length);
    System.arraycopy(
        answer, brace + 1, stamped, brace + 1 + field.length, answer.length - brace - 1);
    return stamped;
  }
}
