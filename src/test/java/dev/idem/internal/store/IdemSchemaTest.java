package dev.idem.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped DDL as statements; running them is covered on each provider by {@link SchemaContract}. */
class IdemSchemaTest {

    @Test
    void shippedDdl_isTwoGuardedStatementsWithoutComments() {
        List<String> statements = IdemSchema.statements(TableName.of(TableName.DEFAULT));

        assertThat(statements).hasSize(2);
        assertThat(statements.get(0)).startsWith("CREATE TABLE IF NOT EXISTS idem_record (")
                .contains("CONSTRAINT idem_record_pkey PRIMARY KEY (scope, idem_key)");
        assertThat(statements.get(1))
                .isEqualTo("CREATE INDEX IF NOT EXISTS idem_record_expires_at_idx ON idem_record (expires_at)");
        assertThat(String.join("\n", statements)).doesNotContain("--").doesNotContain(";");
    }

    @Test
    void customName_replacesTableReferencesAndPrefixesDerivedNames() {
        List<String> statements = IdemSchema.statements(TableName.of("billing.requests"));

        assertThat(statements.get(0)).startsWith("CREATE TABLE IF NOT EXISTS billing.requests (")
                .contains("CONSTRAINT requests_pkey PRIMARY KEY (scope, idem_key)");
        assertThat(statements.get(1))
                .isEqualTo("CREATE INDEX IF NOT EXISTS requests_expires_at_idx ON billing.requests (expires_at)");
        assertThat(String.join("\n", statements)).doesNotContain("idem_record");
    }
}
