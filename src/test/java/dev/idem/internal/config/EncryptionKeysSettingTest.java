package dev.idem.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EncryptionKeysSettingTest {
    private static final String KEY_32 = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_16 = Base64.getEncoder().encodeToString(new byte[16]);

    private static SettingsResolver resolver(String value) {
        Map<String, String> config = value == null ? Map.of() : Map.of("idem.encryption.keys", value);
        return new SettingsResolver(name -> Optional.ofNullable(config.get(name)));
    }

    @Test
    void unset_meansEncryptionOff() {
        assertThat(resolver(null).resolveEncryptionKeys()).isEmpty();
    }

    @Test
    void firstEntryEncrypts_othersFollowInOrder() {
        assertThat(resolver("k2:" + KEY_32 + ", k1:" + KEY_16).resolveEncryptionKeys())
                .extracting(key -> key.id()).containsExactly("k2", "k1");
    }

    @Test
    void keyOfAnotherLength_isRejectedNamingThePropertyButNotTheKey() {
        String badKey = Base64.getEncoder().encodeToString("not-an-aes-key".getBytes());
        assertThatThrownBy(() -> resolver("k1:" + badKey).resolveEncryptionKeys())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("idem.encryption.keys")
                .hasMessageContaining("16, 24 or 32 bytes")
                .hasMessageNotContaining(badKey);
    }

    @Test
    void notBase64_isRejected() {
        assertThatThrownBy(() -> resolver("k1:%%%").resolveEncryptionKeys())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("not base64");
    }

    @Test
    void missingOrDuplicateIds_areRejected() {
        assertThatThrownBy(() -> resolver(KEY_32).resolveEncryptionKeys()).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> resolver("k1:" + KEY_32 + ",k1:" + KEY_16).resolveEncryptionKeys())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("appears twice");
    }

    @Test
    void validation_coversTheKeys() {
        SettingsResolver resolver = resolver("k1:" + KEY_16.substring(2));
        assertThatThrownBy(() -> resolver.validate(java.util.List.of("idem.encryption.keys")))
                .isInstanceOf(ConfigurationException.class);
    }
}
