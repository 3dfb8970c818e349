package dev.idem.internal.openapi;

import dev.idem.internal.engine.FailureMode;
import dev.idem.internal.engine.InFlightMode;
import dev.idem.internal.engine.Problem;
import dev.idem.internal.engine.Settings;
import dev.idem.internal.engine.TransactionMode;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Writes what Idem does to each idempotent operation into an OpenAPI model: the key header, the
 * problem answers, {@code Idempotent-Replayed} on success answers and the {@code x-idempotent}
 * extension. Anything the application documented itself (a parameter of the same name, a response
 * of the same status, a schema of the same name) is left as it is.
 */
public final class OpenApiDocumenter {
    /** Name of the problem schema under {@code components/schemas}. */
    public static final String PROBLEM_SCHEMA = "IdempotencyProblem";
    /** Operation extension holding the effective settings. */
    public static final String EXTENSION = "x-idempotent";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String REPLAYED = "Idempotent-Replayed";

    private OpenApiDocumenter() {
    }

    /** Documents every endpoint found in {@code openApi}; returns how many operations it marked. */
    public static int document(OpenAPI openApi, List<Endpoint> endpoints) {
        if (openApi.getPaths() == null || openApi.getPaths().getPathItems() == null || endpoints.isEmpty()) {
            return 0;
        }
        Map<String, PathItem> items = new LinkedHashMap<>();
        openApi.getPaths().getPathItems().forEach((path, item) -> items.put(PathTemplates.normalise(path), item));
        int marked = 0;
        for (Endpoint endpoint : endpoints) {
            Operation operation = find(items, endpoint);
            if (operation != null && (operation.getExtensions() == null || !operation.getExtensions().containsKey(EXTENSION))) {
                describe(operation, endpoint.settings());
                marked++;
            }
        }
        if (marked > 0) {
            addProblemSchema(openApi);
        }
        return marked;
    }

    /**
     * The operation for this endpoint. The document may put a context root or an application path
     * in front of the resource's own template: the shortest such prefix wins, so {@code /orders}
     * is never taken for {@code /secure/orders}.
     */
    private static Operation find(Map<String, PathItem> items, Endpoint endpoint) {
        PathItem.HttpMethod method;
        try {
            method = PathItem.HttpMethod.valueOf(endpoint.httpMethod());
        } catch (IllegalArgumentException e) {
            return null;
        }
        Operation best = null;
        int bestPrefix = Integer.MAX_VALUE;
        for (Map.Entry<String, PathItem> item : items.entrySet()) {
            String prefix = PathTemplates.prefix(item.getKey(), endpoint.path());
            Map<PathItem.HttpMethod, Operation> operations = item.getValue().getOperations();
            if (prefix != null && prefix.length() < bestPrefix && operations != null && operations.get(method) != null) {
                best = operations.get(method);
                bestPrefix = prefix.length();
            }
        }
        return best;
    }

    static void describe(Operation operation, Settings settings) {
        addKeyParameter(operation, settings);
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        addReplayedHeader(responses);
        addProblem(responses, "400", settings.required()
                ? "Idempotency key missing or malformed (" + Problem.KEY_MISSING.type() + ", " + Problem.KEY_MALFORMED.type() + ")"
                : "Idempotency key malformed (" + Problem.KEY_MALFORMED.type() + ")", false);
        addProblem(responses, "409", "A request with the same idempotency key is still in progress ("
                + Problem.IN_FLIGHT.type() + "); retry after Retry-After seconds", true);
        addProblem(responses, "413", "Request body larger than " + settings.maxBodySize() + " bytes ("
                + Problem.BODY_TOO_LARGE.type() + ")", false);
        addProblem(responses, "422", "The idempotency key was already used with a different request ("
                + Problem.KEY_REUSED.type() + ")", false);
        if (settings.failureMode() == FailureMode.FAIL_CLOSED || settings.transaction() == TransactionMode.SAME) {
            addProblem(responses, "503", "The idempotency store is unavailable; nothing was executed ("
                    + Problem.STORE_UNAVAILABLE.type() + ")", true);
        }
        operation.addExtension(EXTENSION, extension(settings));
    }

    /** The effective settings a client needs: durations as ISO-8601, as they are configured. */
    static Map<String, Object> extension(Settings settings) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("header", settings.header());
        value.put("required", settings.required());
        value.put("ttl", settings.ttl().toString());
        value.put("in-flight", settings.inFlight().name().toLowerCase(Locale.ROOT));
        if (settings.inFlight() == InFlightMode.WAIT) {
            value.put("in-flight-max-wait", settings.inFlightMaxWait().toString());
        }
        return value;
    }

    private static void addKeyParameter(Operation operation, Settings settings) {
        if (operation.getParameters() != null) {
            for (Parameter existing : operation.getParameters()) {
                if (existing.getIn() == Parameter.In.HEADER && existing.getName() != null
                        && existing.getName().equalsIgnoreCase(settings.header())) {
                    return;
                }
            }
        }
        Schema schema = typed(OASFactory.createSchema(), Schema.SchemaType.STRING)
                .minLength(settings.keyMinLength())
                .maxLength(settings.keyMaxLength());
        if (settings.keyPattern() != null) {
            schema.pattern(settings.keyPattern().pattern());
        }
        operation.addParameter(OASFactory.createParameter()
                .name(settings.header())
                .in(Parameter.In.HEADER)
                .required(settings.required())
                .description("Unique key of this request: retries with the same key and the same request get the first "
                        + "response back (marked " + REPLAYED + ": true) instead of running again. Printable ASCII, "
                        + settings.keyMinLength() + " to " + settings.keyMaxLength() + " characters"
                        + (settings.keyPattern() == null ? "" : ", matching " + settings.keyPattern().pattern())
                        + "; a bare token or a quoted string. Records are kept for " + settings.ttl() + "."
                        + (settings.required() ? "" : " Without it the request runs without idempotency."))
                .schema(schema));
    }

    /** Success answers may be replays: they then carry {@code Idempotent-Replayed: true}. */
    private static void addReplayedHeader(APIResponses responses) {
        if (responses.getAPIResponses() == null) {
            return;
        }
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("2") && response.getRef() == null
                    && (response.getHeaders() == null || !response.getHeaders().containsKey(REPLAYED))) {
                response.addHeader(REPLAYED, OASFactory.createHeader()
                        .description("true when this response is a replay of the first execution's")
                        .schema(typed(OASFactory.createSchema(), Schema.SchemaType.BOOLEAN)));
            }
        });
    }

    private static void addProblem(APIResponses responses, String status, String description, boolean retryAfter) {
        if (responses.hasAPIResponse(status)) {
            return;
        }
        MediaType problem = OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA));
        Content content = OASFactory.createContent().addMediaType(PROBLEM_JSON, problem);
        APIResponse response = OASFactory.createAPIResponse().description(description).content(content);
        if (retryAfter) {
            Header header = OASFactory.createHeader()
                    .description("Seconds to wait before retrying")
                    .schema(typed(OASFactory.createSchema(), Schema.SchemaType.INTEGER));
            response.addHeader("Retry-After", header);
        }
        responses.addAPIResponse(status, response);
    }

    /** RFC 9457 problem details, as Idem writes them. */
    private static void addProblemSchema(OpenAPI openApi) {
        Components components = openApi.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openApi.setComponents(components);
        }
        if (components.getSchemas() != null && components.getSchemas().containsKey(PROBLEM_SCHEMA)) {
            return;
        }
        List<Object> types = new ArrayList<>();
        for (Problem problem : Problem.values()) {
            types.add(problem.type());
        }
        Schema schema = typed(OASFactory.createSchema(), Schema.SchemaType.OBJECT)
                .description("Problem details (RFC 9457) of an answer Idem gives instead of running the operation")
                .addProperty("type", typed(OASFactory.createSchema(), Schema.SchemaType.STRING)
                        .description("Stable URN of the problem").enumeration(types))
                .addProperty("title", typed(OASFactory.createSchema(), Schema.SchemaType.STRING)
                        .description("Short summary of the problem type"))
                .addProperty("status", typed(OASFactory.createSchema(), Schema.SchemaType.INTEGER)
                        .format("int32").description("HTTP status code"))
                .addProperty("detail", typed(OASFactory.createSchema(), Schema.SchemaType.STRING)
                        .description("What happened to this request"))
                .required(new ArrayList<>(Arrays.asList("type", "title", "status")));
        components.addSchema(PROBLEM_SCHEMA, schema);
    }

    /**
     * Sets a schema's type on MicroProfile OpenAPI 4 ({@code addType}) and 3 ({@code type}), whose
     * signatures differ.
     */
    static Schema typed(Schema schema, Schema.SchemaType type) {
        for (String name : new String[] {"addType", "type", "setType"}) {
            try {
                Method method = Schema.class.getMethod(name, Schema.SchemaType.class);
                method.invoke(schema, type);
                return schema;
            } catch (NoSuchMethodException e) {
                // try the next signature
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot set the OpenAPI schema type " + type, e);
            }
        }
        throw new IllegalStateException("This MicroProfile OpenAPI version has no way to set a schema type");
    }
}
