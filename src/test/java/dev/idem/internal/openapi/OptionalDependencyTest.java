package dev.idem.internal.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * MicroProfile OpenAPI is optional: only the filter and the documenter may reference its types, so
 * an application without it never loads one (the request path records resource classes through
 * {@link ResourceClasses}, which must stay free of them).
 */
class OptionalDependencyTest {
    private static final Set<String> ALLOWED = Set.of(
            "dev/idem/openapi/IdempotencyOpenApiFilter.class",
            "dev/idem/internal/openapi/OpenApiDocumenter.class");

    @Test
    void onlyTheFilterAndTheDocumenter_referenceMicroProfileOpenApi() throws IOException {
        Path classes = Path.of(ResourceClasses.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        List<String> offenders;
        try (Stream<Path> files = Files.walk(classes)) {
            offenders = files.filter(f -> f.toString().endsWith(".class"))
                    .filter(f -> !ALLOWED.contains(classes.relativize(f).toString().replace('\\', '/')))
                    .filter(OptionalDependencyTest::referencesOpenApi)
                    .map(f -> classes.relativize(f).toString())
                    .toList();
        }
        assertThat(offenders).isEmpty();
        assertThat(referencesOpenApi(classes.resolve("dev/idem/internal/openapi/OpenApiDocumenter.class")))
                .as("the check itself sees a reference where there is one").isTrue();
    }

    private static boolean referencesOpenApi(Path classFile) {
        try {
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1)
                    .contains("org/eclipse/microprofile/openapi");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
