package dev.idem.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableNameTest {

    @Test
    void plainName_isUsedAsIs() {
        TableName name = TableName.of("idem_record");

        assertThat(name.qualified()).isEqualTo("idem_record");
        assertThat(name.simpleName()).isEqualTo("idem_record");
        assertThat(name.isDefault()).isTrue();
    }

    @Test
    void schemaQualifiedName_keepsTheSchemaInStatementsOnly() {
        TableName name = TableName.of("billing.Idem_Records");

        assertThat(name.qualified()).isEqualTo("billing.idem_records");
        assertThat(name.simpleName()).isEqualTo("idem_records");
        assertThat(name.isDefault()).isFalse();
    }

    @Test
    void defaultNameInAnotherSchema_isNotTheDefault() {
        assertThat(TableName.of("other.idem_record").isDefault()).isFalse();
    }

    @Test
    void longestIdentifier_isAccepted() {
        assertThat(TableName.of("t".repeat(63)).simpleName()).hasSize(63);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "1records", "idem-record", "idem record", "a.b.c", ".records", "records.",
            "records;drop table x", "\"quoted\"", "r\u00e9cords", "schema..table"})
    void anythingElse_isRejectedNamingTheValue(String invalid) {
        assertThatThrownBy(() -> TableName.of(invalid))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + invalid + "'");
    }

    @Test
    void tooLongIdentifierOrNull_isRejected() {
        assertThatThrownBy(() -> TableName.of("t".repeat(64))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TableName.of(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
