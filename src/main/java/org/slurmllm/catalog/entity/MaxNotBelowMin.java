package org.slurmllm.catalog.entity;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** maxReplicas may not be below minReplicas; reported on maxReplicas. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = MaxNotBelowMin.Check.class)
public @interface MaxNotBelowMin {
  String message() default "must not be below minReplicas";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Check implements ConstraintValidator<MaxNotBelowMin, ModelDefinition.Scaling> {
    @Override
    public boolean isValid(ModelDefinition.Scaling scaling, ConstraintValidatorContext context) {
      if (scaling.minReplicas() == null
          || scaling.maxReplicas() == null
          || scaling.maxReplicas() >= scaling.minReplicas()) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      context
          .buildConstraintViolationWithTemplate(
              "must not be below minReplicas (" + scaling.minReplicas() + ")")
          .addPropertyNode("maxReplicas")
          .addConstraintViolation();
      return false;
    }
  }
}
