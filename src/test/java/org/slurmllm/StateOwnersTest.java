package org.slurmllm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.slurmllm.bulk.control.ForbiddenStateMove;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchChunk;

/**
 * A state with a lifecycle is set by one class, which holds the moves it may make as a table: a
 * batch chunk's by {@code bulk.control.ChunkTransitions}, a batch's status by {@code
 * bulk.control.BatchTransitions}. Any other class that writes the field breaks the rule (reading it
 * is free).
 */
class StateOwnersTest {

  static final ArchRule CHUNK_STATE = onlySetBy("ChunkTransitions", BatchChunk.class, "state");

  static final ArchRule BATCH_STATUS = onlySetBy("BatchTransitions", Batch.class, "status");

  private static ArchRule onlySetBy(String owner, Class<?> entity, String field) {
    return noClasses()
        .that()
        .doNotHaveFullyQualifiedName("org.slurmllm.bulk.control." + owner)
        .should()
        .setField(entity, field)
        .because(
            "every change of " + entity.getSimpleName() + "." + field + " goes through " + owner);
  }

  @Test
  void onlyChunkTransitionsSetsAChunksState() {
    CHUNK_STATE.check(ArchitectureTest.APPLICATION);
  }

  @Test
  void onlyBatchTransitionsSetsABatchsStatus() {
    BATCH_STATUS.check(ArchitectureTest.APPLICATION);
  }

  @Test
  void theRulesCatchAClassThatSetsEither() {
    JavaClasses imported = new ClassFileImporter().importClasses(ForbiddenStateMove.class);
    for (ArchRule rule : new ArchRule[] {CHUNK_STATE, BATCH_STATUS}) {
      AssertionError broken = assertThrows(AssertionError.class, () -> rule.check(imported));
      assertTrue(broken.getMessage().contains("ForbiddenStateMove"), broken.getMessage());
    }
  }
}
