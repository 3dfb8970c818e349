package dev.idem.internal.engine;

import static dev.idem.internal.engine.EngineHarness.proceeds;
import static dev.idem.internal.engine.EngineHarness.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC row: the same key sent by another principal or tenant is a different record. */
class ScopeTest {
    private final EngineHarness h = new EngineHarness();
    private final Settings settings = SettingsBuilder.settings().build();
    private final Settings tenanted = SettingsBuilder.settings().scopeHeaders("X-Tenant").build();
    private final TestRequest request = TestRequest.post();

    @Test
    void samePrincipalAndKey_isTheSameRecord() {
        Lease first = proceeds(h.begin(request.withPrincipal("alice"), settings));

        rejects(h.begin(request.withPrincipal("alice"), settings), Problem.IN_FLIGHT);
        assertThat(first.id().key()).isEqualTo(TestRequest.KEY);
    }

    @Test
    void differentPrincipals_getDifferentRecordsForTheSameKey() {
        Lease alice = proceeds(h.begin(request.withPrincipal("alice"), settings));
        Lease bob = proceeds(h.begin(request.withPrincipal("bob"), settings));

        assertThat(bob.id().key()).isEqualTo(alice.id().key());
        assertThat(bob.id()).isNotEqualTo(alice.id());
    }

    @Test
    void anotherPrincipal_neverSeesTheFirstPrincipalsResponse() {
        h.finishCreated(proceeds(h.begin(request.withPrincipal("alice"), settings)), "{\"owner\":\"alice\"}");

        proceeds(h.begin(request.withPrincipal("bob"), settings));
    }

    @Test
    void anonymousCaller_isNotThePrincipalNamedAnonymous() {
        Lease anonymous = proceeds(h.begin(request.withPrincipal(null), settings));
        Lease named = proceeds(h.begin(request.withPrincipal("anonymous"), settings));

        assertThat(named.id()).isNotEqualTo(anonymous.id());
    }

    @Test
    void twoAnonymousCallers_shareTheRecord() {
        proceeds(h.begin(request.withPrincipal(null), settings));

        rejects(h.begin(request.withPrincipal(null), settings), Problem.IN_FLIGHT);
    }

    @Test
    void differentScopeHeaderValues_getDifferentRecords() {
        Lease acme = proceeds(h.begin(request.withHeader("X-Tenant", "acme"), tenanted));
        Lease globex = proceeds(h.begin(request.withHeader("X-Tenant", "globex"), tenanted));

        assertThat(globex.id()).isNotEqualTo(acme.id());
    }

    @Test
    void sameScopeHeaderValue_isTheSameRecord() {
        proceeds(h.begin(request.withHeader("X-Tenant", "acme"), tenanted));

        rejects(h.begin(request.withHeader("X-Tenant", "acme"), tenanted), Problem.IN_FLIGHT);
    }

    @Test
    void scopeHeaderAbsent_isAnotherScopeThanAnyValue() {
        Lease none = proceeds(h.begin(request, tenanted));
        Lease acme = proceeds(h.begin(request.withHeader("X-Tenant", "acme"), tenanted));

        assertThat(acme.id()).isNotEqualTo(none.id());
    }

    @Test
    void headerNotConfiguredForScope_doesNotSplitRecords() {
        proceeds(h.begin(request.withHeader("X-Tenant", "acme"), settings));

        rejects(h.begin(request.withHeader("X-Tenant", "globex"), settings), Problem.IN_FLIGHT);
    }

    @Test
    void scope_isAHashThatNeverShowsThePrincipalOrTenantInClear() {
        Lease lease = proceeds(h.begin(request.withPrincipal("alice").withHeader("X-Tenant", "acme"), tenanted));

        assertThat(lease.id().scope()).matches("[0-9a-f]{64}").doesNotContain("alice").doesNotContain("acme");
    }

    /** Stored scopes must not change between versions: records written before must still be found. */
    @Test
    void scopes_areTheHashesEarlierVersionsStored() {
        Map<String, List<String>> headers = Map.of("X-Tenant", List.of("acme"));

        assertThat(Scopes.of(null, List.of(), headers::get))
                .isEqualTo(sha256Parts("anonymous", ""));
        assertThat(Scopes.of("alice", List.of("X-Tenant"), headers::get))
                .isEqualTo(sha256Parts("principal", "alice", "X-Tenant", "acme"));
        assertThat(Scopes.of(null, List.of("X-Tenant"), headers::get))
                .isEqualTo(sha256Parts("anonymous", "", "X-Tenant", "acme"));
    }

    /** SHA-256 over each part as a 4-byte big-endian length and its UTF-8 bytes, in hex: the scope's definition. */
    private static String sha256Parts(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                digest.update(bytes);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
