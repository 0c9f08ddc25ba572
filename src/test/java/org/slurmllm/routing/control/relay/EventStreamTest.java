package org.slurmllm.routing.control.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStreamTest {

  private static final String CHUNK =
      "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n";
  private static final String USAGE =
      "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}\n\n";
  private static final String DONE = "data: [DONE]\n\n";

  private final List<String> data = new ArrayList<>();

  private String feed(EventStream events, String... pieces) {
    StringBuilder out = new StringBuilder();
    for (String piece : pieces) {
      ByteBuffer passed = events.feed(ByteBuffer.wrap(piece.getBytes(StandardCharsets.UTF_8)));
      out.append(StandardCharsets.UTF_8.decode(passed));
    }
    return out.toString();
  }

  @Test
  void eachChunkNamesTheTierThatServesIt() {
    EventStream events =
        new EventStream(
            true, data::add, new TierStamp(org.slurmllm.access.entity.ServiceTier.FLEX));
    String out = feed(events, CHUNK.substring(0, 10), CHUNK.substring(10) + CHUNK, USAGE + DONE);
    String stamped = CHUNK.replace("data: {", "data: {\"service_tier\":\"flex\",");
    assertEquals(stamped + stamped + DONE, out, "the hidden usage chunk stays hidden");
    assertEquals(
        CHUNK.substring(6, CHUNK.length() - 2), data.get(0), "the meter reads the original");
  }

  @Test
  void eventsPassWholeWhateverTheReadBoundaries() {
    EventStream events = new EventStream(false, data::add);
    String all = CHUNK + CHUNK + DONE;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < all.length(); i += 7) {
      out.append(feed(events, all.substring(i, Math.min(all.length(), i + 7))));
    }
    assertEquals(all, out.toString());
    assertEquals(2, data.size());
    assertTrue(events.done());
  }

  @Test
  void anEventIsPassedOnAtOnceNotHeldForTheNext() {
    EventStream events = new EventStream(false, data::add);
    assertEquals(CHUNK, feed(events, CHUNK + "data: {\"id\""));
    assertEquals("data: {\"id\"", StandardCharsets.UTF_8.decode(events.rest()).toString());
  }

  @Test
  void theUsageChunkTheGatewayAskedForIsReadButNotPassedOn() {
    EventStream events = new EventStream(true, data::add);
    String out = feed(events, CHUNK, USAGE.substring(0, 20), USAGE.substring(20), DONE);
    assertEquals(CHUNK + DONE, out);
    assertEquals(2, data.size(), "the meter saw the usage");
    assertTrue(data.get(1).contains("\"completion_tokens\":1"));
  }

  @Test
  void theUsageChunkTheClientAskedForPasses() {
    EventStream events = new EventStream(false, data::add);
    assertEquals(CHUNK + USAGE + DONE, feed(events, CHUNK + USAGE + DONE));
  }

  @Test
  void aStreamCutBeforeDoneIsNotDone() {
    EventStream events = new EventStream(false, data::add);
    feed(events, CHUNK);
    assertFalse(events.done());
  }

  @Test
  void carriageReturnLineEndsAreUnderstood() {
    EventStream events = new EventStream(true, data::add);
    String crlf = USAGE.replace("\n", "\r\n") + DONE.replace("\n", "\r\n");
    assertEquals(DONE.replace("\n", "\r\n"), feed(events, crlf));
    assertTrue(events.done());
  }
}
