package io.recast.engine.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test of what does not depend on the server's version (how the run handles its own sessions,
 * aborts and resumes, whose SQL the version-dependent tests run on every major): scripts/test.sh
 * runs it in its first step, against the local server, and reports it as skipped, with
 * {@link #value} as the reason, when it runs the suite again against the other majors
 * ({@code RECAST_TEST_MATRIX} set), to keep the whole run inside CI's time.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(FirstStepOnly.Condition.class)
public @interface FirstStepOnly {
    /** Why the server's version does not matter to it. */
    String value();

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            FirstStepOnly once = context.getElement().map(e -> e.getAnnotation(FirstStepOnly.class)).orElse(null);
            String matrix = System.getenv("RECAST_TEST_MATRIX");
            if (once == null || matrix == null || matrix.isEmpty()) {
                return ConditionEvaluationResult.enabled("runs on every server");
            }
            return ConditionEvaluationResult.disabled("runs in scripts/test.sh's first step only (" + once.value() + ")");
        }
    }
}
