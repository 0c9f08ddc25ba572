package org.slurmllm.console.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slurmllm.console.entity.Change;

class ChangeDiffTest {

  static Map<String, Change> set(Change... changes) {
    Map<String, Change> m = new LinkedHashMap<>();
    for (Change c : changes) {
      m.put(c.key(), c);
    }
    return m;
  }

  static Change replica(String id, String state) {
    return new Change("replica", id, null, null, "{\"model\":\"m\",\"state\":\"" + state + "\"}");
  }

  @Test
  void newAndChangedRowsAreChangesUnchangedOnesAreNot() {
    Map<String, Change> before = set(replica("a", "PENDING"), replica("b", "READY"));
    Map<String, Change> now =
        set(replica("a", "READY"), replica("b", "READY"), replica("c", "PENDING"));
    assertEquals(
        List.of(replica("a", "READY"), replica("c", "PENDING")), ChangeDiff.between(before, now));
  }

  @Test
  void aRowThatLeftTheSetIsSentAsRemoved() {
    List<Change> changes = ChangeDiff.between(set(replica("a", "STOPPED")), set());
    assertEquals(1, changes.size());
    assertEquals(
        "{\"kind\":\"replica\",\"id\":\"a\",\"removed\":true}", changes.get(0).eventData());
  }

  @Test
  void theSameIdOfTwoKindsIsTwoThings() {
    Change model = new Change("model", "x", null, null, "{\"status\":\"idle\"}");
    Change batch = new Change("batch", "x", 1L, null, "{\"status\":\"in_progress\"}");
    assertEquals(List.of(batch), ChangeDiff.between(set(model), set(model, batch)));
  }

  @Test
  void theEventCarriesKindIdAndDetailAndQuotesTheId() {
    Change c = new Change("tribunal", "t\"1", 2L, null, "{\"status\": \"running\"}");
    assertEquals(
        "{\"kind\":\"tribunal\",\"id\":\"t\\\"1\",\"status\": \"running\"}", c.eventData());
    assertEquals(
        "{\"kind\":\"model\",\"id\":\"m\"}",
        new Change("model", "m", null, null, "{}").eventData());
  }
}
