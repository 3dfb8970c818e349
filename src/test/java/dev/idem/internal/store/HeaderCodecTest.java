package dev.idem.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderCodecTest {

    @Test
    void plainHeaders_areOneReadableLinePerValue() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        headers.put("Link", List.of("</a>; rel=\"next\"", "</b>; rel=\"prev\""));

        assertThat(HeaderCodec.encode(headers))
                .isEqualTo("Content-Type: application/json\nLink: </a>; rel=\"next\"\nLink: </b>; rel=\"prev\"\n");
    }

    @Test
    void noHeaders_isTheEmptyString() {
        assertThat(HeaderCodec.encode(Map.of())).isEmpty();
        assertThat(HeaderCodec.decode("")).isEmpty();
    }

    @Test
    void decoding_keepsNameOrderAndValueOrder() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Z", List.of("3", "1", "2"));
        headers.put("A", List.of("x"));
        headers.put("m", List.of("y"));

        Map<String, List<String>> decoded = HeaderCodec.decode(HeaderCodec.encode(headers));

        assertThat(decoded).isEqualTo(headers);
        assertThat(List.copyOf(decoded.keySet())).containsExactly("Z", "A", "m");
    }

    @Test
    void separatorsEscapesAndControlCharacters_roundTrip() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Odd:Name\\", List.of("a: b", ": ", "\\n is not a newline", "line\nfeed", "cr\r", "nul\0"));
        headers.put("", List.of("empty name"));
        headers.put("Empty-Value", List.of(""));
        headers.put("Spaces", List.of("  both ends  "));
        headers.put("No-Value", List.of());
        headers.put("Unicode", List.of("caf\u00e9 \u2603 \uD83D\uDE00"));

        String encoded = HeaderCodec.encode(headers);

        assertThat(encoded).doesNotContain("\r").doesNotContain("\0");
        assertThat(encoded.lines()).hasSize(11);
        assertThat(HeaderCodec.decode(encoded)).isEqualTo(headers);
    }

    @Test
    void escapedNamesAndValues_lookAsDocumented() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("a:b", List.of("x\\y\nz"));
        headers.put("bare", List.of());

        assertThat(HeaderCodec.encode(headers)).isEqualTo("a\\:b: x\\\\y\\nz\nbare\n");
    }

    @Test
    void malformedText_isRejected() {
        assertThatThrownBy(() -> HeaderCodec.decode("Name: value")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeaderCodec.decode("Name:value\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeaderCodec.decode("Name: \\x\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeaderCodec.decode("Name: \\\n")).isInstanceOf(IllegalArgumentException.class);
    }
}
