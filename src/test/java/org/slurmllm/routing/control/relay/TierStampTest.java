package org.slurmllm.routing.control.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slurmllm.access.entity.ServiceTier;

class TierStampTest {

  static String stamp(ServiceTier tier, String answer) {
    return new String(
        new TierStamp(tier).stamp(answer.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  @Test
  void anAnswerGetsTheTierFirst() {
    assertEquals(
        "{\"service_tier\":\"default\",\"id\":\"c\",\"choices\":[]}",
        stamp(ServiceTier.DEFAULT, "{\"id\":\"c\",\"choices\":[]}"));
    assertEquals(
        " \n{\"service_tier\":\"flex\",\"id\":1}", stamp(ServiceTier.FLEX, " \n{\"id\":1}"));
  }

  @Test
  void aTierTheModelServerWroteIsReplacedByTheOneThatServed() {
    assertEquals(
        "{\"id\":\"c\",\"service_tier\":\"priority\"}",
        stamp(ServiceTier.PRIORITY, "{\"id\":\"c\",\"service_tier\":null}"));
    assertEquals(
        "{\"id\":\"c\",\"service_tier\" : \"flex\"}",
        stamp(ServiceTier.FLEX, "{\"id\":\"c\",\"service_tier\" : \"default\"}"));
  }

  @Test
  void textThatMentionsTheFieldIsNotTakenForIt() {
    String answer = "{\"content\":\"say \\\"service_tier\\\": null\",\"id\":1}";
    assertEquals(
        "{\"service_tier\":\"flex\"," + answer.substring(1), stamp(ServiceTier.FLEX, answer));
  }

  @Test
  void whatIsNotAnObjectWithMembersStaysAsItIs() {
    assertEquals("{}", stamp(ServiceTier.FLEX, "{}"));
    assertEquals("[1,2]", stamp(ServiceTier.FLEX, "[1,2]"));
    assertEquals("", stamp(ServiceTier.FLEX, ""));
  }
}
