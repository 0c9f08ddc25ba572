package org.slurmllm.catalog.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores an engine by its wire name, the same word the API and the sbatch templates use. */
@Converter
public class EngineConverter implements AttributeConverter<Engine, String> {

  @Override
  public String convertToDatabaseColumn(Engine engine) {
    return engine == null ? null : engine.wireName();
  }

  @Override
  public Engine convertToEntityAttribute(String name) {
    return name == null
        ? null
        : Engine.fromWireName(name)
            .orElseThrow(() -> new IllegalStateException("Unknown engine in database: " + name));
  }
}
