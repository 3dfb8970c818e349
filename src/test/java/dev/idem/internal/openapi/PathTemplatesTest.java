package dev.idem.internal.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathTemplatesTest {

    @Test
    void regularExpressionsAndStraySlashes_areRemoved() {
        assertThat(PathTemplates.normalise("orders/")).isEqualTo("/orders");
        assertThat(PathTemplates.normalise("//orders//{id: [0-9]+}/")).isEqualTo("/orders/{id}");
        assertThat(PathTemplates.normalise("/a/{code: [A-Z]{3}}/b")).isEqualTo("/a/{code}/b");
        assertThat(PathTemplates.normalise("/")).isEqualTo("/");
        assertThat(PathTemplates.normalise("")).isEqualTo("/");
        assertThat(PathTemplates.join("/orders", "/{id}")).isEqualTo("/orders/{id}");
    }

    @Test
    void prefix_isWhatStandsInFrontOfWholeSegments() {
        assertThat(PathTemplates.prefix("/orders", "/orders")).isEmpty();
        assertThat(PathTemplates.prefix("/ctx/orders", "/orders")).isEqualTo("/ctx");
        assertThat(PathTemplates.prefix("/ctx/secure/orders", "/orders")).isEqualTo("/ctx/secure");
        assertThat(PathTemplates.prefix("/myorders", "/orders")).isNull();
        assertThat(PathTemplates.prefix("/orders/{id}", "/orders")).isNull();
        assertThat(PathTemplates.prefix("/ctx", "/")).isNull();
    }
}
