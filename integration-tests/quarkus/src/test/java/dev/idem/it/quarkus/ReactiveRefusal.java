package dev.idem.it.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Builds an application around one reactive {@code @Idempotent} resource and expects Idem to
 * refuse it at start-up with a message naming the method.
 *
 * <p>The reactive resources carry {@code @IfBuildProperty(name = ENABLED, stringValue = "true")}:
 * they live among the test classes, and the application that the {@code @QuarkusTest} classes
 * boot must not see them.
 */
final class ReactiveRefusal {

    static final String ENABLED = "idem-it.reactive-refusal";

    private ReactiveRefusal() {
    }

    static QuarkusUnitTest refusing(Class<?> resource, String method) {
        return new QuarkusUnitTest()
                .withApplicationRoot(jar -> jar.addClasses(resource))
                .overrideConfigKey(ENABLED, "true")
                .overrideConfigKey("quarkus.devservices.enabled", "false")
                .overrideConfigKey("quarkus.datasource.db-kind", "postgresql")
                .overrideConfigKey("quarkus.hibernate-orm.schema-management.strategy", "drop-and-create")
                .assertException(failure -> {
                    String messages = String.join("\n", messages(failure));
                    assertThat(messages).as("start-up failure").contains(resource.getSimpleName()).contains(method);
                });
    }

    private static List<String> messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(failure, messages, seen);
        return messages;
    }

    private static void collect(Throwable failure, List<String> messages, Set<Throwable> seen) {
        if (failure == null || !seen.add(failure)) {
            return;
        }
        messages.add(failure.getClass().getName() + ": " + failure.getMessage());
        collect(failure.getCause(), messages, seen);
        for (Throwable suppressed : failure.getSuppressed()) {
            collect(suppressed, messages, seen);
        }
    }
}
