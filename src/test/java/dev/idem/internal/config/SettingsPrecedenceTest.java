package dev.idem.internal.config;

import static dev.idem.internal.config.MapConfig.CLASS;
import static dev.idem.internal.config.MapConfig.METHOD;
import static dev.idem.internal.config.MapConfig.global;
import static dev.idem.internal.config.MapConfig.perClass;
import static dev.idem.internal.config.MapConfig.perMethod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.Idempotent;
import dev.idem.internal.engine.Settings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Pins SPEC's precedence, highest first: per-method config, per-class config, an explicit
 * annotation member, global config, the built-in default. Each level holds a different ttl.
 */
class SettingsPrecedenceTest {
    private static final Duration METHOD_TTL = Duration.ofHours(1);
    private static final Duration CLASS_TTL = Duration.ofHours(2);
    private static final Duration ANNOTATION_TTL = Duration.ofHours(3);
    private static final Duration GLOBAL_TTL = Duration.ofHours(4);
    private static final Duration DEFAULT_TTL = Duration.ofHours(24);

    @Idempotent(ttl = "PT3H", required = false, enabled = false)
    static class Annotated {
    }

    @Idempotent
    static class Bare {
    }

    private static final Idempotent ANNOTATED = Annotated.class.getAnnotation(Idempotent.class);
    private static final Idempotent BARE = Bare.class.getAnnotation(Idempotent.class);

    private final MapConfig config = new MapConfig();

    private Settings resolve(Idempotent annotation) {
        return config.resolver().resolve(CLASS, METHOD, annotation);
    }

    private MapConfig setMethod() {
        return config.set(perMethod("ttl"), "PT1H");
    }

    private MapConfig setClass() {
        return config.set(perClass("ttl"), "PT2H");
    }

    private MapConfig setGlobal() {
        return config.set(global("ttl"), "PT4H");
    }

    @Test
    void nothingSet_theBuiltInDefaultApplies() {
        assertThat(resolve(BARE).ttl()).isEqualTo(DEFAULT_TTL);
    }

    @Test
    void globalConfigAlone_applies() {
        setGlobal();

        assertThat(resolve(BARE).ttl()).isEqualTo(GLOBAL_TTL);
    }

    @Test
    void annotationAlone_applies() {
        assertThat(resolve(ANNOTATED).ttl()).isEqualTo(ANNOTATION_TTL);
    }

    @Test
    void classConfigAlone_applies() {
        setClass();

        assertThat(resolve(BARE).ttl()).isEqualTo(CLASS_TTL);
    }

    @Test
    void methodConfigAlone_applies() {
        setMethod();

        assertThat(resolve(BARE).ttl()).isEqualTo(METHOD_TTL);
    }

    @Test
    void methodConfig_beatsClassConfigAnnotationAndGlobal() {
        setMethod();
        setClass();
        setGlobal();

        assertThat(resolve(ANNOTATED).ttl()).isEqualTo(METHOD_TTL);
    }

    @Test
    void classConfig_beatsAnnotationAndGlobal() {
        setClass();
        setGlobal();

        assertThat(resolve(ANNOTATED).ttl()).isEqualTo(CLASS_TTL);
    }

    @Test
    void annotation_beatsGlobal() {
        setGlobal();

        assertThat(resolve(ANNOTATED).ttl()).isEqualTo(ANNOTATION_TTL);
    }

    @Test
    void annotationMemberLeftUnset_fallsThroughToGlobal() {
        config.set(global("lease"), "PT5M");

        assertThat(resolve(ANNOTATED).lease()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void configOfAnotherMethodOrAnotherClass_doesNotApply() {
        config.set("idem.\"com.acme.Orders/cancel\".ttl", "PT1H");
        config.set("idem.\"com.acme.Order\".ttl", "PT2H");
        config.set("idem.\"com.acme.OrdersV2\".ttl", "PT2H");

        assertThat(resolve(BARE).ttl()).isEqualTo(DEFAULT_TTL);
    }

    @Test
    void booleanAnnotationMember_beatsGlobal_andLosesToMethodConfig() {
        config.set(global("required"), "true");
        assertThat(resolve(ANNOTATED).required()).isFalse();

        config.set(perMethod("required"), "true");
        assertThat(resolve(ANNOTATED).required()).isTrue();
    }

    @Test
    void killSwitch_worksAtEveryLevel() {
        assertThat(resolve(BARE).enabled()).isTrue();
        assertThat(resolve(ANNOTATED).enabled()).isFalse();
        assertThat(new MapConfig().set(global("enabled"), "false").resolver().resolve(CLASS, METHOD, BARE).enabled())
                .isFalse();
        assertThat(new MapConfig().set(perClass("enabled"), "false").resolver().resolve(CLASS, METHOD, BARE).enabled())
                .isFalse();
        assertThat(new MapConfig().set(perMethod("enabled"), "false").resolver().resolve(CLASS, METHOD, BARE)
                .enabled()).isFalse();
        assertThat(new MapConfig().set(perMethod("enabled"), "true").resolver().resolve(CLASS, METHOD, ANNOTATED)
                .enabled()).isTrue();
    }

    @Test
    void globalResolution_ignoresPerClassAndPerMethodConfig() {
        setMethod();
        setClass();
        setGlobal();

        assertThat(config.resolver().resolveGlobal().ttl()).isEqualTo(GLOBAL_TTL);
    }
}
