package io.gatevault.controlplane.binding;

import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * Invalid requests answer 400 with a problem document naming each wrong field and why; a GET of
 * something that does not exist answers 404 saying what was looked for and where to look.
 */
@RestControllerAdvice
class ApiProblems {

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ProblemDetail invalidBody(MethodArgumentNotValidException invalid) {
    List<Map<String, String>> errors =
        invalid.getBindingResult().getAllErrors().stream()
            .map(
                error ->
                    Map.of(
                        "field",
                        error instanceof FieldError field
                            ? field.getField()
                            : error.getObjectName(),
                        "message",
                        String.valueOf(error.getDefaultMessage())))
            .toList();
    return problem(errors);
  }

  @ExceptionHandler(HandlerMethodValidationException.class)
  ProblemDetail invalidParameter(HandlerMethodValidationException invalid) {
    List<Map<String, String>> errors =
        invalid.getParameterValidationResults().stream()
            .flatMap(
                result ->
                    result.getResolvableErrors().stream()
                        .map(
                            error ->
                                Map.of(
                                    "field",
                                    String.valueOf(result.getMethodParameter().getParameterName()),
                                    "message",
                                    String.valueOf(error.getDefaultMessage()))))
            .toList();
    return problem(errors);
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ProblemDetail invalidConstraint(ConstraintViolationException invalid) {
    List<Map<String, String>> errors =
        invalid.getConstraintViolations().stream()
            .map(
                violation -> {
                  String path = violation.getPropertyPath().toString();
                  return Map.of(
                      "field",
                      path.substring(path.lastIndexOf('.') + 1),
                      "message",
                      violation.getMessage());
                })
            .toList();
    return problem(errors);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException unreadable) {
    String detail = unreadable.getMostSpecificCause().getMessage();
    String field = "body";
    if (detail != null && detail.contains("BackupType")) {
      field = "type";
      detail = "must be FULL or INCREMENTAL";
    }
    return problem(List.of(Map.of("field", field, "message", String.valueOf(detail))));
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail rejected(IllegalArgumentException rejected) {
    return problem(
        List.of(Map.of("field", "request", "message", String.valueOf(rejected.getMessage()))));
  }

  @ExceptionHandler(ResourceNotFoundException.class)
  ProblemDetail notFound(ResourceNotFoundException missing) {
    ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.NOT_FOUND);
    problem.setTitle("Not found");
    problem.setDetail(missing.getMessage());
    return problem;
  }

  private static ProblemDetail problem(List<Map<String, String>> errors) {
    ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
    problem.setTitle("Invalid request");
    problem.setDetail(
        errors.stream()
            .map(e -> e.get("field") + " " + e.get("message"))
            .reduce((a, b) -> a + "; " + b)
            .orElse("invalid request"));
    problem.setProperty("errors", errors);
    return problem;
  }
}
