package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The application's OpenAPI document (MicroProfile OpenAPI, {@code /openapi} at the server's root
 * on both runtimes) shows every {@code @Idempotent} operation with its effective settings: the
 * key header and its rules, the problem answers, {@code x-idempotent} with the ttl, and leaves
 * unannotated and switched-off operations alone.
 */
public class OpenApiContract extends ContractSupport {
    private static final String PROBLEM_REF = "#/components/schemas/IdempotencyProblem";

    private JsonPath document;
    /** Whatever the runtime puts in front of the resources' own paths (a context root, or nothing). */
    private String prefix;

    @BeforeEach
    void fetchDocument() {
        URI base = Target.baseUri();
        String json = RestAssured.given()
                .baseUri(Target.origin(base)).port(Target.port(base))
                .accept("application/json")
                .get("/openapi")
                .then().statusCode(200)
                .extract().asString();
        document = JsonPath.from(json);
        prefix = null;
        for (String path : paths().keySet()) {
            if (path.endsWith("/key-rules")) {
                prefix = path.substring(0, path.length() - "/key-rules".length());
            }
        }
        assertThat(prefix).as("the document lists /key-rules").isNotNull();
    }

    private Map<String, Object> paths() {
        return document.getMap("paths");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> operation(String method, String path) {
        Map<String, Object> item = (Map<String, Object>) paths().get(prefix + path);
        assertThat(item).as("path %s%s in the document", prefix, path).isNotNull();
        Map<String, Object> operation = (Map<String, Object>) item.get(method);
        assertThat(operation).as("%s %s%s in the document", method, prefix, path).isNotNull();
        return operation;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> header(Map<String, Object> operation, String name) {
        List<Map<String, Object>> parameters = (List<Map<String, Object>>) operation.getOrDefault("parameters", List.of());
        return parameters.stream()
                .filter(p -> "header".equals(p.get("in")) && name.equals(p.get("name")))
                .findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema(Map<String, Object> parameter) {
        return (Map<String, Object>) parameter.get("schema");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> extension(Map<String, Object> operation) {
        return (Map<String, Object>) operation.get("x-idempotent");
    }

    @SuppressWarnings("unchecked")
    private static void assertProblemAnswer(Map<String, Object> operation, String status) {
        Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
        Map<String, Object> response = (Map<String, Object>) responses.get(status);
        assertThat(response).as("response %s", status).isNotNull();
        Map<String, Object> content = (Map<String, Object>) response.get("content");
        Map<String, Object> problem = (Map<String, Object>) content.get(PROBLEM_JSON);
        assertThat(problem).as("%s as %s", status, PROBLEM_JSON).isNotNull();
        assertThat(((Map<String, Object>) problem.get("schema")).get("$ref")).isEqualTo(PROBLEM_REF);
    }

    @Test
    void keyRulesFromTheAnnotation_documentTheHeaderLengthAndPattern() {
        Map<String, Object> operation = operation("post", "/key-rules");
        Map<String, Object> key = header(operation, KEY_HEADER);
        assertThat(key).as("Idempotency-Key header parameter").isNotNull();
        assertThat(key.get("required")).isEqualTo(true);
        assertThat(schema(key)).containsEntry("type", "string").containsEntry("minLength", 8)
                .containsEntry("maxLength", 24).containsEntry("pattern", "[a-z0-9-]+");
        assertThat(extension(operation)).containsEntry("ttl", "PT24H").containsEntry("required", true);
    }

    @Test
    void optionalKey_isDocumentedAsNotRequiredWithDefaultLengths() {
        Map<String, Object> key = header(operation("post", "/optional"), KEY_HEADER);
        assertThat(key).isNotNull();
        assertThat(key.get("required")).isIn(false, null);
        assertThat(schema(key)).containsEntry("minLength", 16).containsEntry("maxLength", 255).doesNotContainKey("pattern");
        assertThat(extension(operation("post", "/optional"))).containsEntry("required", false);
    }

    @Test
    void ttlAndHeaderName_areTheEffectiveOnes() {
        assertThat(extension(operation("post", "/ttl"))).containsEntry("ttl", "PT2S");
        Map<String, Object> custom = operation("post", "/custom-header");
        assertThat(header(custom, "Request-Key")).isNotNull();
        assertThat(header(custom, KEY_HEADER)).isNull();
        assertThat(extension(custom)).containsEntry("header", "Request-Key");
    }

    @Test
    void perMethodConfiguration_overridesTheClassAnnotationInTheDocument() {
        Map<String, Object> create = operation("post", "/documented");
        assertThat(extension(create)).containsEntry("ttl", "PT30M");
        assertThat(schema(header(create, KEY_HEADER))).containsEntry("maxLength", 64).containsEntry("pattern", "[A-Za-z0-9-]+");

        Map<String, Object> replace = operation("put", "/documented/{id}");
        assertThat(extension(replace)).containsEntry("ttl", "PT2H");
        assertThat(schema(header(replace, KEY_HEADER))).containsEntry("maxLength", 100).doesNotContainKey("pattern");
    }

    @Test
    void aResourceThatIsNoCdiBean_isDocumentedToo() {
        Map<String, Object> create = operation("post", "/unscoped");
        assertThat(extension(create)).containsEntry("ttl", "PT5M");
        assertThat(header(create, KEY_HEADER)).isNotNull();
    }

    @Test
    void idempotentOperations_documentTheProblemAnswers() {
        for (String path : List.of("/key-rules", "/optional", "/ttl", "/documented")) {
            Map<String, Object> operation = operation("post", path);
            for (String status : List.of("400", "409", "422", "503")) {
                assertProblemAnswer(operation, status);
            }
        }
        Map<String, Object> problem = document.getMap("components.schemas.IdempotencyProblem");
        assertThat(problem).as("IdempotencyProblem schema").isNotNull();
        assertThat(document.getList("components.schemas.IdempotencyProblem.required"))
                .containsExactlyInAnyOrder("type", "title", "status");
        assertThat(document.getMap("components.schemas.IdempotencyProblem.properties"))
                .containsKeys("type", "title", "status", "detail");
        assertThat(document.getList("components.schemas.IdempotencyProblem.properties.type.enum"))
                .contains(KEY_MISSING, KEY_MALFORMED, KEY_REUSED, IN_FLIGHT, STORE_UNAVAILABLE);
    }

    @Test
    void unannotatedAndSwitchedOffOperations_areNotMarked() {
        for (Map<String, Object> operation : List.of(operation("post", "/plain"), operation("post", "/disabled"),
                operation("delete", "/documented/{id}"))) {
            assertThat(extension(operation)).isNull();
            assertThat(header(operation, KEY_HEADER)).isNull();
        }
    }
}
