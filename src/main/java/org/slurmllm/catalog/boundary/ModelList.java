package org.slurmllm.catalog.boundary;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.slurmllm.catalog.entity.ModelDefinition;

/** The catalog, in the list envelope every list endpoint uses. */
@Schema(name = "ModelList")
public record ModelList(@Schema(example = "list") String object, List<ModelDefinition> data) {
  public ModelList(List<ModelDefinition> data) {
    this("list", data);
  }
}
