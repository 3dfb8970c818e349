package dev.idem.it.suite;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.arbitraries.StringArbitrary;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile input, generated: {@code Idempotency-Key} values that are empty, blank, 10 kB long,
 * full of control characters, non-ASCII or raw non-UTF-8 bytes, SQL and JSON metacharacters,
 * broken sf-strings, sent in several fields; and request bodies over the limit. The only
 * acceptable answers are:
 * <ul>
 *   <li>a normal run (2xx), and then only for a key the rules accept, which a retry replays;</li>
 *   <li>Idem's 400 or 413 {@code application/problem+json} with a {@code type} URN;</li>
 *   <li>a 400 or 431 (413 for a body) that the HTTP server itself answers before the
 *       application sees the request: not problem+json; counted and printed per category.</li>
 * </ul>
 * Never a 5xx, and a refused request leaves no {@code idem_record} row and no business row.
 *
 * <p>The inputs come from jqwik generators (edge cases included), driven from JUnit Jupiter
 * with a seeded {@link Random}: the same class then runs on every runtime exactly like the
 * other contracts (a {@code @QuarkusTest} subclass; failsafe scanning the suite jar), where
 * jqwik's own engine would run outside the Quarkus test lifecycle, with no application up.
 * The seed is printed with every failure; {@code -Dit.fuzz.seed=N} replays a run and
 * {@code -Dit.fuzz.scale=F} scales the number of tries (F x the defaults below).
 */
@Tag("reliability")
public class HostileInputContract extends ContractSupport {

    private static final String SEED_PROPERTY = "it.fuzz.seed";
    private static final String SCALE_PROPERTY = "it.fuzz.scale";

    private static final int KEY_TRIES = 260;
    private static final int FIELD_TRIES = 30;
    private static final int SMALL_BODY_TRIES = 40;
    private static final int LARGE_BODY_TRIES = 6;

    /** {@code max-body-size} of {@code /limited}, and Idem's default one on {@code /orders}. */
    private static final int SMALL_LIMIT = 1024;
    private static final int DEFAULT_LIMIT = 1 << 20;

    /** Printable ASCII allowed in a bare token: no space, comma or double quote. */
    private static final String TOKEN_CHARS;
    /** SQL, JSON and shell metacharacters. */
    private static final String META_CHARS = "'\";-\\{}[]()<>=*%$#/:?&|`~!@^+.";

    static {
        StringBuilder chars = new StringBuilder();
        for (char c = 0x21; c < 0x7f; c++) {
            if (c != '"' && c != ',') {
                chars.append(c);
            }
        }
        TOKEN_CHARS = chars.toString();
    }

    private static long seed;
    /** Answers the HTTP servers gave before Idem saw the request, per category: status -> count. */
    private static final Map<String, Map<Integer, Integer>> SERVER_REJECTIONS = new TreeMap<>();
    /** Keys (as Idem reads them) accepted so far in this run: a second use is a reuse, not a new key. */
    private static final Set<String> USED_KEYS = new HashSet<>();

    @BeforeAll
    static void chooseSeed() {
        String configured = System.getProperty(SEED_PROPERTY);
        seed = configured == null || configured.isBlank() ? new Random().nextLong() : Long.parseLong(configured.trim());
        System.out.println("HostileInputContract: seed " + seed + " (-D" + SEED_PROPERTY + "=" + seed + " to replay)");
    }

    @AfterAll
    static void reportServerRejections() {
        System.out.println("HostileInputContract: answered by the HTTP server before Idem (category -> status=count): "
                + SERVER_REJECTIONS);
    }

    // ---------------------------------------------------------------- the properties

    @Test
    public void generatedKeyValues_areRunOrRefusedCleanly_neverA5xxNorARecord() {
        Arbitrary<Hostile> keys = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, blank()),
                net.jqwik.api.Tuple.of(3, tokensAcrossLengths()),
                net.jqwik.api.Tuple.of(3, metacharacters()),
                net.jqwik.api.Tuple.of(3, controlCharacters()),
                net.jqwik.api.Tuple.of(3, nonAscii()),
                net.jqwik.api.Tuple.of(3, sfStrings()),
                net.jqwik.api.Tuple.of(1, paddedWithWhitespace()));
        List<Hostile> inputs = new ArrayList<>(mustHave());
        inputs.addAll(generate(keys, tries(KEY_TRIES), 1));
        Timestamp since = db().now();
        Outcomes outcomes = new Outcomes();
        for (Hostile input : inputs) {
            check(input, List.of(input.bytes()), since, outcomes);
        }
        outcomes.assertAll(inputs.size(), "key values");
    }

    @Test
    public void severalKeyFields_areRefusedCleanly() {
        Arbitrary<Hostile> anyKey = Arbitraries.oneOf(tokensAcrossLengths(), metacharacters(), sfStrings(), blank());
        Arbitrary<List<Hostile>> fields = anyKey.list().ofMinSize(2).ofMaxSize(4);
        List<List<Hostile>> inputs = new ArrayList<>();
        String validKey = newKey();
        inputs.add(List.of(ascii("same", validKey), ascii("same", validKey)));
        inputs.addAll(generate(fields, tries(FIELD_TRIES), 2));
        Timestamp since = db().now();
        Outcomes outcomes = new Outcomes();
        for (List<Hostile> several : inputs) {
            List<byte[]> values = several.stream().map(Hostile::bytes).toList();
            String label = several.stream().map(Hostile::shown).toList().toString();
            check(new Hostile("several-fields", label, values.get(0)), values, since, outcomes);
        }
        outcomes.assertAll(inputs.size(), "header field sets");
    }

    @Test
    public void requestBodiesAroundTheLimit_runOrGet413_neverA5xxNorARecord() {
        Arbitrary<Integer> sizes = Arbitraries.oneOf(
                Arbitraries.integers().between(SMALL_LIMIT - 8, SMALL_LIMIT + 8),
                Arbitraries.integers().between(SMALL_LIMIT + 1, 256 * 1024),
                Arbitraries.integers().between(0, SMALL_LIMIT));
        Arbitrary<byte[]> bodies = sizes.flatMap(size -> Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofSize(size),
                Arbitraries.strings().withChars(META_CHARS).withCharRange('a', 'z').ofLength(size)
                        .map(s -> s.getBytes(StandardCharsets.US_ASCII))));
        Timestamp since = db().now();
        Outcomes outcomes = new Outcomes();
        List<byte[]> inputs = generate(bodies, tries(SMALL_BODY_TRIES), 3);
        for (byte[] body : inputs) {
            String key = newKey();
            String ref = newRef();
            Response response = withKey(key).contentType(ContentType.BINARY).body(body).post("/limited/echo?ref=" + ref);
            String input = body.length + " bytes to /limited/echo";
            outcomes.check(input, () -> {
                assertNoServerError(response.statusCode(), response.asString());
                if (body.length <= SMALL_LIMIT) {
                    assertFreshRun(response, 200);
                    assertThat(response.asByteArray()).isEqualTo(body);
                    outcomes.accepted++;
                    assertThat(db().countExecutions("limited-echo", ref)).as("runs").isEqualTo(1);
                } else {
                    bodyRefused("limited-echo", response);
                    assertThat(db().countExecutions("limited-echo", ref)).as("runs").isZero();
                    assertThat(db().countRecords(key)).as("idem_record rows for the key").isZero();
                }
                outcomes.assertRecords(db().countRecordsCreatedSince(since));
            });
        }
        outcomes.assertAll(inputs.size(), "bodies");
    }

    @Test
    public void requestBodiesOverTheDefaultLimit_get413_neverA5xxNorARecord() {
        Arbitrary<Integer> sizes = Arbitraries.oneOf(
                Arbitraries.integers().between(DEFAULT_LIMIT + 1, DEFAULT_LIMIT + 64),
                Arbitraries.integers().between(DEFAULT_LIMIT + 1, 3 * DEFAULT_LIMIT),
                Arbitraries.just(12 * DEFAULT_LIMIT));
        List<Integer> inputs = new ArrayList<>(List.of(DEFAULT_LIMIT + 1, 12 * DEFAULT_LIMIT));
        inputs.addAll(generate(sizes, tries(LARGE_BODY_TRIES), 4));
        Timestamp since = db().now();
        Outcomes outcomes = new Outcomes();
        for (int size : inputs) {
            String key = newKey();
            String ref = newRef();
            String prefix = "{\"ref\":\"" + ref + "\",\"amount\":1,\"pad\":\"";
            byte[] body = new byte[size];
            Arrays.fill(body, (byte) '\'');
            byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(head, 0, body, 0, head.length);
            body[size - 2] = '"';
            body[size - 1] = '}';
            outcomes.check(size + " bytes to /orders", () -> {
                Response response = sendLarge(key, body);
                if (response != null) {
                    assertNoServerError(response.statusCode(), response.asString());
                    bodyRefused("orders-body", response);
                } else {
                    serverRejected("orders-body (connection closed while uploading)", 0);
                }
                assertThat(db().countOrders(ref)).as("orders placed").isZero();
                assertThat(db().countRecords(key)).as("idem_record rows for the key").isZero();
                assertThat(db().countRecordsCreatedSince(since)).as("idem_record rows created by this test").isZero();
            });
        }
        outcomes.assertAll(inputs.size(), "large bodies");
    }

    /**
     * {@code POST /orders} with a large body; {@code null} when the server closed the connection
     * while the body was still being sent (an HTTP server refusing a body over its own limit may
     * answer early and close: a transport-level refusal, the request never reached the application).
     */
    private Response sendLarge(String key, byte[] body) {
        try {
            Response response = withKey(key).contentType(ContentType.JSON).body(body).post("/orders");
            response.asByteArray();
            return response;
        } catch (Exception e) { // rest-assured rethrows the client's IOException unchecked
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.net.SocketException) {
                    return null;
                }
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- the oracle

    /** Sends the key fields to {@code POST /orders/from-query} and judges the answer. */
    private void check(Hostile input, List<byte[]> fieldValues, Timestamp since, Outcomes outcomes) {
        String ref = newRef();
        List<byte[]> lines = fieldValues.stream().map(v -> RawHttp.line(KEY_HEADER, v)).toList();
        String path = "/orders/from-query?ref=" + ref + "&amount=1";
        outcomes.check(input.category() + " " + input.shown(), () -> {
            String controls = controlsIn(fieldValues);
            RawHttp.Reply reply;
            try {
                reply = RawHttp.send(Target.baseUri(), "POST", path, lines);
            } catch (IllegalStateException e) {
                if (controls.isEmpty() || !(e.getCause() instanceof java.net.SocketException)) {
                    throw e;
                }
                // A server may drop the connection on a control character (a bare CR, say) without
                // answering: a transport-level refusal. Nothing may have run or been stored.
                serverRejected(input.category() + controls + " (connection closed, no answer)", 0);
                assertThat(db().countOrders(ref)).as("orders placed").isZero();
                outcomes.assertRecords(db().countRecordsCreatedSince(since));
                return;
            }
            assertNoServerError(reply.status(), reply.bodyText());
            Validity validity = fieldValues.size() == 1 ? Validity.of(fieldValues.get(0)) : Validity.invalid();
            boolean problem = String.valueOf(reply.header("Content-Type")).startsWith(PROBLEM_JSON);
            if (reply.status() >= 200 && reply.status() < 300) {
                assertThat(validity.key()).as("a 2xx for a value the rules refuse").isNotNull();
                boolean reused = !USED_KEYS.add(validity.key());
                assertThat(reused).as("key %s was already used in this run, yet ran again", validity.key()).isFalse();
                assertThat(reply.status()).isEqualTo(201);
                assertThat(reply.header(REPLAYED_HEADER)).as(REPLAYED_HEADER).isNull();
                outcomes.accepted++;
                assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
                assertThat(db().countRecords(validity.key())).as("idem_record rows for the key as read").isEqualTo(1);
                RawHttp.Reply replay = RawHttp.send(Target.baseUri(), "POST", path, lines);
                assertThat(replay.status()).as("replay status; body: %s", replay.bodyText()).isEqualTo(201);
                assertThat(replay.header(REPLAYED_HEADER)).as(REPLAYED_HEADER + " on the retry").isEqualTo("true");
                assertThat(replay.body()).as("replayed body").isEqualTo(reply.body());
                assertThat(db().countOrders(ref)).as("orders placed after the retry").isEqualTo(1);
            } else if (reply.status() == 422 && validity.key() != null && USED_KEYS.contains(validity.key())) {
                // a generator produced a key accepted earlier in this run, for another ref
                assertProblem(reply, 422, KEY_REUSED);
                assertThat(db().countOrders(ref)).as("orders placed").isZero();
            } else if (problem) {
                assertProblem(reply, 400, KEY_MALFORMED);
                if (validity.known()) {
                    assertThat(validity.key()).as("Idem refused a key the rules accept; detail: %s",
                            reply.bodyText()).isNull();
                }
                assertThat(db().countOrders(ref)).as("orders placed").isZero();
            } else {
                assertThat(reply.status()).as("a refusal by the HTTP server itself; body: %s", reply.bodyText())
                        .isIn(400, 431);
                serverRejected(input.category() + controls, reply.status());
                assertThat(db().countOrders(ref)).as("orders placed").isZero();
            }
            outcomes.assertRecords(db().countRecordsCreatedSince(since));
        });
    }

    private void bodyRefused(String category, Response response) {
        String contentType = String.valueOf(response.header("Content-Type"));
        if (contentType.startsWith(PROBLEM_JSON)) {
            assertProblem(response, 413, BODY_TOO_LARGE);
            assertThat(new JsonPath(response.asString()).getString("type")).startsWith("urn:");
        } else {
            assertThat(response.statusCode()).as("a refusal by the HTTP server itself; body: %s", response.asString())
                    .isIn(400, 413);
            serverRejected(category, response.statusCode());
        }
    }

    /** The control bytes in the values, e.g. {@code " [\x00 \x0d]"}, or nothing. */
    private static String controlsIn(List<byte[]> values) {
        java.util.SortedSet<Integer> controls = new java.util.TreeSet<>();
        for (byte[] value : values) {
            for (byte b : value) {
                if ((b & 0xff) < 0x20 || b == 0x7f) {
                    controls.add(b & 0xff);
                }
            }
        }
        return controls.isEmpty() ? "" : " " + controls.stream().map(c -> String.format("\\x%02x", c)).toList();
    }

    private static void assertNoServerError(int status, String body) {
        assertThat(status).as("status (never a 5xx); body: %s", body).isLessThan(500);
    }

    private static synchronized void serverRejected(String category, int status) {
        SERVER_REJECTIONS.computeIfAbsent(category, c -> new TreeMap<>()).merge(status, 1, Integer::sum);
    }

    /**
     * The key rules of the README, applied to the bytes as sent: a bare token (printable ASCII
     * without space, comma or double quote) or an sf-string ({@code "..."} with only {@code \"}
     * and {@code \\} escapes) of 16 to 255 characters, around optional spaces and tabs.
     */
    record Validity(boolean known, String key) {

        static Validity invalid() {
            return new Validity(true, null);
        }

        static Validity of(byte[] value) {
            String text = new String(value, StandardCharsets.ISO_8859_1);
            int lineEnd = Math.min(text.indexOf('\r') < 0 ? text.length() : text.indexOf('\r'),
                    text.indexOf('\n') < 0 ? text.length() : text.indexOf('\n'));
            if (lineEnd < text.length()) {
                // The field ends there and the rest may read as another field or break the request:
                // servers differ, so only a 2xx is judged, by what precedes the line end.
                return new Validity(false, of(Arrays.copyOf(value, lineEnd)).key());
            }
            String raw = text.replaceAll("^[ \t]+|[ \t]+$", "");
            String key;
            if (raw.startsWith("\"")) {
                key = unquote(raw);
            } else {
                key = raw.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != ',') ? raw : null;
            }
            if (key == null || key.length() < 16 || key.length() > 255) {
                return invalid();
            }
            return new Validity(true, key);
        }

        private static String unquote(String raw) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '\\') {
                    if (++i == raw.length() || (raw.charAt(i) != '"' && raw.charAt(i) != '\\')) {
                        return null;
                    }
                    out.append(raw.charAt(i));
                } else if (c == '"') {
                    return i == raw.length() - 1 ? out.toString() : null;
                } else if (c < 0x20 || c >= 0x7f) {
                    return null;
                } else {
                    out.append(c);
                }
            }
            return null;
        }
    }

    // ---------------------------------------------------------------- the generators

    /** A generated field value: its category, a printable form, the bytes sent. */
    record Hostile(String category, String shown, byte[] bytes) {
    }

    private static Hostile ascii(String category, String value) {
        return new Hostile(category, show(value.getBytes(StandardCharsets.ISO_8859_1)), value.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Hostile bytes(String category, byte[] value) {
        return new Hostile(category, show(value), value);
    }

    /** Values every run tries, whatever the generators draw. */
    private static List<Hostile> mustHave() {
        return List.of(
                ascii("blank", ""),
                ascii("blank", " "),
                ascii("blank", "\t \t"),
                ascii("long", keyOfLength(10 * 1024)),
                ascii("long", "\"" + keyOfLength(10 * 1024) + "\""),
                ascii("metacharacters", "'; DROP TABLE idem_record;--" + keyOfLength(8)),
                ascii("metacharacters", "x' OR '1'='1'; --" + keyOfLength(8)),
                ascii("metacharacters", "{\"$ne\":null}" + keyOfLength(16)),
                ascii("metacharacters", "\"\\\"}\\\\{'';--" + keyOfLength(16) + "\""),
                ascii("metacharacters", "\\\\\\\\" + keyOfLength(16)),
                ascii("control", keyOfLength(20) + "\u0000" + keyOfLength(4)),
                ascii("control", keyOfLength(20) + "\u007f"),
                bytes("non-ascii", (keyOfLength(20) + "\u00e9\u4e2d\ud83d\ude00").getBytes(StandardCharsets.UTF_8)),
                bytes("non-ascii", new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, (byte) 0x28, 'a', 'b', 'c', 'd', 'e',
                        'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p'}),
                ascii("sf-string", "\"" + keyOfLength(20)),
                ascii("sf-string", "\"" + keyOfLength(20) + "\"trailing"),
                ascii("sf-string", "\"" + keyOfLength(20) + "\\x\""),
                ascii("sf-string", "\"\""));
    }

    private static StringArbitrary tokenChars() {
        return Arbitraries.strings().withChars(TOKEN_CHARS);
    }

    private static Arbitrary<Hostile> blank() {
        return Arbitraries.strings().withChars(" \t").ofMaxLength(40).map(s -> ascii("blank", s));
    }

    /** Bare tokens of every length class: too short, around both bounds, up to 12 kB. */
    private static Arbitrary<Hostile> tokensAcrossLengths() {
        Arbitrary<Integer> lengths = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 20),
                Arbitraries.integers().between(250, 260),
                Arbitraries.integers().between(261, 12 * 1024),
                Arbitraries.just(10 * 1024));
        return lengths.flatMap(n -> tokenChars().ofLength(n)).map(s -> ascii("long", s));
    }

    /** SQL, JSON and escape characters, mixed with letters, with or without a key-sized prefix. */
    private static Arbitrary<Hostile> metacharacters() {
        Arbitrary<String> meta = Arbitraries.strings().withChars(META_CHARS).withCharRange('a', 'z')
                .ofMinLength(1).ofMaxLength(80);
        Arbitrary<String> fragments = Arbitraries.of("'", "\"", ";--", "\\", "{}", "'; DROP TABLE idem_record; --",
                "\\u0000", "%00", "$$", "E'\\x00'", "/*", "*/", "{\"a\":", "]}", "\\\"");
        Arbitrary<String> mixed = Combinators.combine(tokenChars().ofMinLength(0).ofMaxLength(20),
                fragments.list().ofMinSize(1).ofMaxSize(6), meta)
                .as((prefix, parts, tail) -> prefix + String.join("", parts) + tail);
        return Arbitraries.oneOf(meta, mixed).map(s -> ascii("metacharacters", s));
    }

    /** A key-sized token with control characters (CR and LF included) anywhere. */
    private static Arbitrary<Hostile> controlCharacters() {
        Arbitrary<Character> control = Arbitraries.oneOf(Arbitraries.chars().range('\u0000', '\u001f'),
                Arbitraries.just('\u007f'));
        return Combinators.combine(tokenChars().ofMinLength(0).ofMaxLength(30),
                control.list().ofMinSize(1).ofMaxSize(3), tokenChars().ofMinLength(0).ofMaxLength(30))
                .as((a, controls, b) -> {
                    StringBuilder s = new StringBuilder(a);
                    controls.forEach(s::append);
                    return ascii("control", s.append(b).toString());
                });
    }

    /** Non-ASCII text as UTF-8, Latin-1 bytes, and raw bytes that are not UTF-8 at all. */
    private static Arbitrary<Hostile> nonAscii() {
        Arbitrary<String> unicode = Arbitraries.strings()
                .withCharRange('\u0080', '\u00ff').withCharRange('\u0100', '\ud7ff').withCharRange('\ue000', '\ufffd')
                .ofMinLength(1).ofMaxLength(10);
        Arbitrary<Hostile> utf8 = Combinators.combine(tokenChars().ofMinLength(0).ofMaxLength(30), unicode)
                .as((a, u) -> bytes("non-ascii", (a + u).getBytes(StandardCharsets.UTF_8)));
        Arbitrary<Hostile> latin1 = Combinators.combine(tokenChars().ofMinLength(10).ofMaxLength(30),
                Arbitraries.strings().withCharRange('\u0080', '\u00ff').ofMinLength(1).ofMaxLength(5))
                .as((a, u) -> bytes("non-ascii", (a + u).getBytes(StandardCharsets.ISO_8859_1)));
        Arbitrary<Hostile> raw = Arbitraries.integers().between(0x21, 0xff).list().ofMinSize(1).ofMaxSize(40)
                .map(list -> {
                    byte[] b = new byte[list.size()];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = (byte) (int) list.get(i);
                    }
                    return bytes("non-ascii", b);
                });
        return Arbitraries.oneOf(utf8, latin1, raw);
    }

    /** sf-strings, well-formed and not: escapes, inner quotes, missing or early closing quote. */
    private static Arbitrary<Hostile> sfStrings() {
        Arbitrary<String> content = Arbitraries.strings().withChars(TOKEN_CHARS + " \\\"\t,").ofMinLength(0).ofMaxLength(300);
        Arbitrary<String> escaped = tokenChars().ofMinLength(0).ofMaxLength(270).map(s -> s.replace("\\", "\\\\"));
        Arbitrary<String> closing = Arbitraries.of("\"", "", "\"x", "\" ", "\\\"", "\\");
        return Combinators.combine(Arbitraries.oneOf(content, escaped), closing)
                .as((c, end) -> ascii("sf-string", "\"" + c + end));
    }

    /** A valid key between spaces and tabs: servers and Idem trim them. */
    private static Arbitrary<Hostile> paddedWithWhitespace() {
        Arbitrary<String> ows = Arbitraries.strings().withChars(" \t").ofMaxLength(4);
        return Combinators.combine(ows, tokenChars().ofMinLength(16).ofMaxLength(64), ows)
                .as((a, k, b) -> ascii("padded", a + k + b));
    }

    // ---------------------------------------------------------------- plumbing

    private static int tries(int base) {
        String scale = System.getProperty(SCALE_PROPERTY);
        double factor = scale == null || scale.isBlank() ? 1.0 : Double.parseDouble(scale.trim());
        return Math.max(1, (int) Math.round(base * factor));
    }

    /** {@code count} values of {@code arbitrary}, edge cases mixed in, from this run's seed. */
    private static <T> List<T> generate(Arbitrary<T> arbitrary, int count, int stream) {
        List<T> values = new ArrayList<>(count);
        JqwikSession.start();
        try {
            Random random = new Random(seed * 31 + stream);
            RandomGenerator<T> generator = arbitrary.generator(1000, true);
            for (int i = 0; i < count; i++) {
                values.add(generator.next(random).value());
            }
        } finally {
            JqwikSession.finish();
        }
        return values;
    }

    /** Bytes as Java would write them in a string literal, cut to a readable length. */
    private static String show(byte[] value) {
        StringBuilder shown = new StringBuilder("\"");
        for (int i = 0; i < value.length && i < 120; i++) {
            int b = value[i] & 0xff;
            if (b == '"' || b == '\\') {
                shown.append('\\').append((char) b);
            } else if (b >= 0x20 && b < 0x7f) {
                shown.append((char) b);
            } else {
                shown.append(String.format("\\x%02x", b));
            }
        }
        shown.append('"');
        if (value.length > 120) {
            shown.append("... (").append(value.length).append(" bytes)");
        }
        return shown.toString();
    }

    /** Runs every try, collects the failures, and reports them all with the seed. */
    private static final class Outcomes {

        private final Map<String, String> failures = new LinkedHashMap<>();
        private int tried;
        private long drift;
        long accepted;

        void check(String input, Runnable assertion) {
            tried++;
            try {
                assertion.run();
            } catch (AssertionError | RuntimeException e) {
                failures.putIfAbsent(input, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }

        /** Every accepted request claimed one record, no refused one did; on a mismatch, counts on from what is there. */
        void assertRecords(long created) {
            long expected = accepted + drift;
            if (created != expected) {
                drift = created - accepted;
                throw new AssertionError("idem_record rows created by this test: " + created + ", expected " + expected
                        + " (one per accepted request, none for a refused one)");
            }
        }

        void assertAll(int expected, String what) {
            assertThat(tried).as("tries run").isEqualTo(expected);
            assertThat(failures).as("%d of %d generated %s failed (seed %d, -D%s=%d to replay)",
                    failures.size(), tried, what, seed, SEED_PROPERTY, seed).isEmpty();
            System.out.printf("HostileInputContract: %d %s tried, %d ran, seed %d%n", tried, what, accepted, seed);
        }
    }

}
