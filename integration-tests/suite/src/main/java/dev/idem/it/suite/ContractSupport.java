package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What every contract class shares: where the application is, how to reach its database, fresh
 * keys, and the assertions that define a first run, a replay and a problem answer.
 *
 * <p>A runtime module runs a contract class by subclassing it (with its own test annotations,
 * e.g. {@code @QuarkusTest}) or by letting failsafe scan this jar for {@code *Contract} classes.
 * Parameters: {@code idem.it.base-url} (see {@link Target}) and {@code idem.it.jdbc-url},
 * {@code idem.it.jdbc-user}, {@code idem.it.jdbc-password}, as system properties or injected
 * into the field {@code suiteSettings}.
 */
public abstract class ContractSupport {

    protected static final String KEY_HEADER = "Idempotency-Key";
    protected static final String REPLAYED_HEADER = "Idempotent-Replayed";
    protected static final String PROBLEM_JSON = "application/problem+json";

    protected static final String KEY_MISSING = "urn:idem:problem:key-missing";
    protected static final String KEY_MALFORMED = "urn:idem:problem:key-malformed";
    protected static final String KEY_REUSED = "urn:idem:problem:key-reused";
    protected static final String IN_FLIGHT = "urn:idem:problem:in-flight";
    protected static final String BODY_TOO_LARGE = "urn:idem:problem:body-too-large";
    protected static final String STORE_UNAVAILABLE = "urn:idem:problem:store-unavailable";

    /** Upper bound for anything the tests wait for. */
    protected static final Duration PATIENCE = Duration.ofSeconds(15);

    /**
     * Settings handed over in-process by a runtime that runs the tests in the application's own
     * JVM (a Quarkus test resource injects them), where {@code idem.*} system properties would
     * be read as Idem configuration. Without them, the system properties apply.
     */
    private Properties suiteSettings;

    private Database database;

    /** The application's database, for counting what really ran. */
    protected Database db() {
        if (database == null) {
            database = Database.from(suiteSettings != null ? suiteSettings : System.getProperties());
        }
        return database;
    }

    /** A key nobody used before: 39 characters, within the default 16 to 255. */
    protected static String newKey() {
        return "it-" + UUID.randomUUID();
    }

    /** A business reference nobody used before, to count this test's rows. */
    protected static String newRef() {
        return "ref-" + UUID.randomUUID();
    }

    /** A fresh key of exactly {@code length} characters (letters and digits). */
    protected static String keyOfLength(int length) {
        StringBuilder key = new StringBuilder();
        while (key.length() < length) {
            key.append(UUID.randomUUID().toString().replace("-", ""));
        }
        return key.substring(0, length);
    }

    protected static String orderJson(String ref, long amount) {
        return "{\"ref\":\"" + ref + "\",\"amount\":" + amount + "}";
    }

    /** A request to the application, query strings sent as written, redirects not followed. */
    protected RequestSpecification request() {
        URI base = Target.baseUri();
        return RestAssured.given()
                .baseUri(Target.origin(base))
                .port(Target.port(base))
                .basePath(Target.basePath(base))
                .urlEncodingEnabled(false)
                .redirects().follow(false);
    }

    protected RequestSpecification withKey(String key) {
        return request().header(KEY_HEADER, key);
    }

    /** {@code POST /orders} with a JSON order. */
    protected Response postOrder(String key, String ref, long amount) {
        return withKey(key).contentType(ContentType.JSON).body(orderJson(ref, amount)).post("/orders");
    }

    /** {@code POST pathAndQuery} without a body. */
    protected Response post(String key, String pathAndQuery) {
        return withKey(key).post(pathAndQuery);
    }

    /** Runs an HTTP call on another thread; the body is read there in full. */
    protected static CompletableFuture<Response> inBackground(Supplier<Response> call) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                Response response = call.get();
                response.asByteArray();
                result.complete(response);
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "idem-it-background-request");
        thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    protected static Response await(CompletableFuture<Response> pending) {
        try {
            return pending.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("The background request did not complete: " + e, e);
        }
    }

    protected static void pause(Duration duration) {
        Database.sleep(duration.toMillis());
    }

    /** A response that the resource produced now, not a replay. */
    protected static void assertFreshRun(Response response, int status) {
        assertThat(response.statusCode()).as("status; body: %s", response.asString()).isEqualTo(status);
        assertThat(response.header(REPLAYED_HEADER)).as(REPLAYED_HEADER + " on a first execution").isNull();
    }

    /**
     * A replay of {@code first}: same status, same allow-listed headers, the very same body
     * bytes, marked {@code Idempotent-Replayed: true}.
     */
    protected static void assertReplayOf(Response replay, Response first) {
        assertThat(replay.statusCode()).as("replayed status; body: %s", replay.asString()).isEqualTo(first.statusCode());
        assertThat(replay.header(REPLAYED_HEADER)).as(REPLAYED_HEADER).isEqualTo("true");
        assertThat(replay.asByteArray()).as("replayed body bytes").isEqualTo(first.asByteArray());
        assertThat(replay.header("Content-Type")).as("replayed Content-Type").isEqualTo(first.header("Content-Type"));
        assertThat(replay.header("Location")).as("replayed Location").isEqualTo(first.header("Location"));
    }

    /** An RFC 9457 problem with the given status and type. */
    protected static void assertProblem(Response response, int status, String type) {
        assertThat(response.statusCode()).as("status; body: %s", response.asString()).isEqualTo(status);
        assertProblemBody(response.header("Content-Type"), response.asString(), status, type);
        assertThat(response.header(REPLAYED_HEADER)).as(REPLAYED_HEADER + " on a problem").isNull();
    }

    static void assertProblem(RawHttp.Reply reply, int status, String type) {
        assertThat(reply.status()).as("status; body: %s", reply.bodyText()).isEqualTo(status);
        assertProblemBody(reply.header("Content-Type"), reply.bodyText(), status, type);
    }

    private static void assertProblemBody(String contentType, String body, int status, String type) {
        assertThat(contentType).as("Content-Type of a problem; body: %s", body).startsWith(PROBLEM_JSON);
        JsonPath json = new JsonPath(body);
        assertThat(json.getString("type")).as("problem type").isEqualTo(type);
        assertThat(json.getString("title")).as("problem title").isNotBlank();
        assertThat(json.getInt("status")).as("problem status").isEqualTo(status);
    }

    /** {@code Retry-After} in whole seconds, at least one. */
    protected static void assertRetryAfterSeconds(String retryAfter) {
        assertThat(retryAfter).as("Retry-After").isNotNull().matches("[0-9]+");
        assertThat(Long.parseLong(retryAfter)).as("Retry-After seconds").isGreaterThanOrEqualTo(1);
    }
}
