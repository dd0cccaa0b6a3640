package io.recast.engine.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test that needs a server of at least {@link #min} (server_version_num, e.g. 150000): on an older
 * one it is reported as skipped, with {@link #value} as the reason, instead of passing unchecked.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EnabledForServerVersion.Condition.class)
public @interface EnabledForServerVersion {
    /** The lowest server_version_num the test runs on. */
    int min();

    /** What the test needs of that version, e.g. "publication column lists". */
    String value();

    final class Condition implements ExecutionCondition {
        private static volatile Integer serverVersion;

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            EnabledForServerVersion need = context.getElement()
                    .map(e -> e.getAnnotation(EnabledForServerVersion.class)).orElse(null);
            if (need == null) {
                return ConditionEvaluationResult.enabled("no server version needed");
            }
            int version = serverVersion();
            String what = need.value() + " needs server_version_num " + need.min() + ", the server has " + version;
            return version >= need.min() ? ConditionEvaluationResult.enabled(what)
                    : ConditionEvaluationResult.disabled(what);
        }

        private static int serverVersion() {
            if (serverVersion == null) {
                try (Connection c = PgFixture.get().connect(); Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int")) {
                    rs.next();
                    serverVersion = rs.getInt(1);
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot read the server's version: " + e.getMessage(), e);
                }
            }
            return serverVersion;
        }
    }
}
