package dev.idem.internal.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.internal.engine.FailureMode;
import dev.idem.internal.engine.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.junit.jupiter.api.Test;

/** What the OpenAPI model gains for an idempotent operation, on a hand-built model. */
class OpenApiDocumenterTest {
    private static final String PROBLEM_REF = "#/components/schemas/IdempotencyProblem";

    private static Settings settings() {
        return Settings.defaults("com.acme.Orders/create");
    }

    private static Settings with(Settings s, boolean required, int min, int max, String pattern, Duration ttl, FailureMode mode) {
        return new Settings(s.target(), s.enabled(), s.header(), required, ttl, s.lease(), s.inFlight(), s.inFlightMaxWait(),
                min, max, pattern == null ? null : Pattern.compile(pattern), s.scopeHeaders(), s.replayHeaders(),
                s.maxBodySize(), s.storeServerErrors(), mode, s.transaction(), s.recordExceptions());
    }

    private static Operation operation() {
        return OASFactory.createOperation().responses(OASFactory.createAPIResponses()
                .addAPIResponse("201", OASFactory.createAPIResponse().description("Created")));
    }

    private static OpenAPI model(String path, Operation post) {
        return OASFactory.createOpenAPI().paths(OASFactory.createPaths()
                .addPathItem(path, OASFactory.createPathItem().POST(post)));
    }

    private static Parameter keyParameter(Operation operation, String name) {
        return operation.getParameters().stream().filter(p -> p.getName().equals(name)).findFirst().orElse(null);
    }

    private static String ref(APIResponse response) {
        return response.getContent().getMediaType("application/problem+json").getSchema().getRef();
    }

    @Test
    void keyHeader_carriesTheEffectiveRules() {
        Operation post = operation();
        OpenAPI openApi = model("/orders", post);
        Settings settings = with(settings(), false, 8, 24, "[a-z0-9-]+", Duration.ofMinutes(30), FailureMode.FAIL_CLOSED);

        int marked = OpenApiDocumenter.document(openApi, List.of(new Endpoint("POST", "/orders", settings)));

        assertThat(marked).isEqualTo(1);
        Parameter key = keyParameter(post, "Idempotency-Key");
        assertThat(key.getIn()).isEqualTo(Parameter.In.HEADER);
        assertThat(key.getRequired()).isFalse();
        assertThat(key.getSchema().getMinLength()).isEqualTo(8);
        assertThat(key.getSchema().getMaxLength()).isEqualTo(24);
        assertThat(key.getSchema().getPattern()).isEqualTo("[a-z0-9-]+");
        assertThat(post.getExtensions().get("x-idempotent"))
                .isEqualTo(Map.of("header", "Idempotency-Key", "required", false, "ttl", "PT30M", "in-flight", "reject"));
        assertThat(post.getResponses().getAPIResponse("400").getDescription())
                .contains("urn:idem:problem:key-malformed").doesNotContain("key-missing");
    }

    @Test
    void problemAnswers_referenceOneProblemSchema_andSuccessAnswersMayBeReplays() {
        Operation post = operation();
        OpenAPI openApi = model("/orders", post);

        OpenApiDocumenter.document(openApi, List.of(new Endpoint("POST", "/orders", settings())));

        for (String status : List.of("400", "409", "413", "422", "503")) {
            assertThat(ref(post.getResponses().getAPIResponse(status))).as(status).isEqualTo(PROBLEM_REF);
        }
        assertThat(post.getResponses().getAPIResponse("409").getHeaders()).containsKey("Retry-After");
        assertThat(post.getResponses().getAPIResponse("201").getHeaders()).containsKey("Idempotent-Replayed");
        Schema problem = openApi.getComponents().getSchemas().get("IdempotencyProblem");
        assertThat(problem.getProperties()).containsOnlyKeys("type", "title", "status", "detail");
        assertThat(problem.getRequired()).containsExactlyInAnyOrder("type", "title", "status");
    }

    @Test
    void failOpen_hasNo503() {
        Operation post = operation();
        Settings failOpen = with(settings(), true, 16, 255, null, Duration.ofHours(24), FailureMode.FAIL_OPEN);

        OpenApiDocumenter.document(model("/orders", post), List.of(new Endpoint("POST", "/orders", failOpen)));

        assertThat(post.getResponses().hasAPIResponse("503")).isFalse();
        assertThat(post.getResponses().hasAPIResponse("409")).isTrue();
    }

    @Test
    void whatTheApplicationDocumented_isKept() {
        Parameter own = OASFactory.createParameter().name("idempotency-key").in(Parameter.In.HEADER)
                .description("ours").required(true);
        APIResponse own409 = OASFactory.createAPIResponse().description("our conflict");
        Operation post = operation().addParameter(own);
        post.getResponses().addAPIResponse("409", own409);
        OpenAPI openApi = model("/orders", post);
        Schema ownSchema = OASFactory.createSchema().description("the application's own");
        openApi.components(OASFactory.createComponents().addSchema("IdempotencyProblem", ownSchema));

        OpenApiDocumenter.document(openApi, List.of(new Endpoint("POST", "/orders", settings())));

        assertThat(post.getParameters()).containsExactly(own);
        assertThat(own.getDescription()).isEqualTo("ours");
        assertThat(post.getResponses().getAPIResponse("409")).isSameAs(own409);
        assertThat(own409.getContent()).isNull();
        assertThat(openApi.getComponents().getSchemas().get("IdempotencyProblem")).isSameAs(ownSchema);
        assertThat(post.getResponses().hasAPIResponse("422")).isTrue();
    }

    @Test
    void contextRootInFrontOfThePaths_isAccepted_butNeverALongerPath() {
        Operation orders = operation();
        Operation secureOrders = operation();
        OpenAPI openApi = OASFactory.createOpenAPI().paths(OASFactory.createPaths()
                .addPathItem("/ctx/secure/orders", OASFactory.createPathItem().POST(secureOrders))
                .addPathItem("/ctx/orders", OASFactory.createPathItem().POST(orders)));

        OpenApiDocumenter.document(openApi, List.of(new Endpoint("POST", "/orders", settings())));

        assertThat(orders.getExtensions()).containsKey("x-idempotent");
        assertThat(secureOrders.getExtensions()).isNull();
    }

    @Test
    void otherMethodsAndUnknownPaths_areLeftAlone_andNoSchemaIsAddedForNothing() {
        Operation post = operation();
        OpenAPI openApi = model("/orders", post);

        int marked = OpenApiDocumenter.document(openApi, List.of(new Endpoint("PUT", "/orders", settings()),
                new Endpoint("POST", "/payments", settings())));

        assertThat(marked).isZero();
        assertThat(post.getExtensions()).isNull();
        assertThat(post.getParameters()).isNull();
        assertThat(openApi.getComponents()).isNull();
    }

    @Test
    void regularExpressionsInTheTemplate_matchTheDocumentedPath() {
        Operation post = operation();
        OpenAPI openApi = model("/orders/{id}", post);

        OpenApiDocumenter.document(openApi,
                List.of(new Endpoint("POST", PathTemplates.normalise("/orders/{id: [0-9]+}"), settings())));

        assertThat(post.getExtensions()).containsKey("x-idempotent");
    }
}
