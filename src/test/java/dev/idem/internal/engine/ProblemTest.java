package dev.idem.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void everyProblem_hasAStableUrnAndTheSpecsStatus() {
        assertThat(Problem.KEY_MISSING.status()).isEqualTo(400);
        assertThat(Problem.KEY_MALFORMED.status()).isEqualTo(400);
        assertThat(Problem.KEY_REUSED.status()).isEqualTo(422);
        assertThat(Problem.IN_FLIGHT.status()).isEqualTo(409);
        assertThat(Problem.BODY_TOO_LARGE.status()).isEqualTo(413);
        assertThat(Problem.STORE_UNAVAILABLE.status()).isEqualTo(503);
        assertThat(Problem.KEY_REUSED.type()).isEqualTo("urn:idem:problem:key-reused");
        for (Problem p : Problem.values()) {
            assertThat(p.type()).startsWith("urn:idem:problem:");
        }
    }

    @Test
    void problemJson_escapesTheDetail() {
        assertThat(Problem.KEY_MALFORMED.toJson("say \"hi\"\\\n\u0001"))
                .isEqualTo("{\"type\":\"urn:idem:problem:key-malformed\",\"title\":\"Idempotency key malformed\","
                        + "\"status\":400,\"detail\":\"say \\\"hi\\\"\\\\\\n\\u0001\"}");
    }
}
