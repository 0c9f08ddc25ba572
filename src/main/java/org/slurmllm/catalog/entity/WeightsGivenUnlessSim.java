package org.slurmllm.catalog.entity;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Every engine but the simulator needs weights to load. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = WeightsGivenUnlessSim.Check.class)
public @interface WeightsGivenUnlessSim {
  String message() default "is required for engine vllm and llamacpp";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Check implements ConstraintValidator<WeightsGivenUnlessSim, ModelDefinition> {
    @Override
    public boolean isValid(ModelDefinition model, ConstraintValidatorContext context) {
      boolean needsWeights = "vllm".equals(model.engine()) || "llamacpp".equals(model.engine());
      if (!needsWeights || (model.weights() != null && !model.weights().isBlank())) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      context
          .buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
          .addPropertyNode("weights")
          .addConstraintViolation();
      return false;
    }
  }
}
