package org.slurmllm.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Checks a request body against its Bean Validation constraints and answers with one 400 that names
 * every bad field, so a client fixes its request in one round trip.
 */
@ApplicationScoped
public class RequestValidator {

  @Inject Validator validator;

  public <T> T check(T body) {
    if (body == null) {
      throw ApiException.invalid(null, "A JSON request body is required.");
    }
    Set<ConstraintViolation<T>> violations = validator.validate(body);
    if (!violations.isEmpty()) {
      throw invalid(violations);
    }
    return body;
  }

  static ApiException invalid(Set<? extends ConstraintViolation<?>> violations) {
    List<FieldProblem> problems =
        violations.stream()
            .map(v -> new FieldProblem(v.getPropertyPath().toString(), v.getMessage()))
            .sorted(Comparator.comparing(FieldProblem::field))
            .distinct()
            .toList();
    String message =
        "Invalid request: "
            + String.join(
                "; ", problems.stream().map(p -> p.field() + ": " + p.message()).toList());
    return ApiException.invalid(
        String.join(",", problems.stream().map(FieldProblem::field).distinct().toList()),
        message,
        problems.stream().map(p -> new ApiError.Field(p.field(), p.message())).toList());
  }

  private record FieldProblem(String field, String message) {}
}
