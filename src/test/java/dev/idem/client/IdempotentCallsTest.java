package dev.idem.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class IdempotentCallsTest {

    @Test
    void outsideACall_thereIsNoKey() {
        assertThat(IdempotentCalls.currentKey()).isEmpty();
    }

    @Test
    void insideACall_theKeyIsTheGivenOne_andGoneAfterwards() {
        String seen = IdempotentCalls.call("order-0001-payment", () -> IdempotentCalls.currentKey().orElseThrow());

        assertThat(seen).isEqualTo("order-0001-payment");
        assertThat(IdempotentCalls.currentKey()).isEmpty();
    }

    @Test
    void aCallWithoutAKey_getsARandomOne_stableForTheWholeCall() {
        List<String> seen = new ArrayList<>();
        IdempotentCalls.call(() -> {
            seen.add(IdempotentCalls.currentKey().orElseThrow());
            seen.add(IdempotentCalls.currentKey().orElseThrow());
            return null;
        });
        String other = IdempotentCalls.call(() -> IdempotentCalls.currentKey().orElseThrow());

        assertThat(seen.get(0)).startsWith("idem-").hasSize(41).isEqualTo(seen.get(1));
        assertThat(other).isNotEqualTo(seen.get(0));
    }

    @Test
    void nestedCalls_haveTheirOwnKey_andTheOuterKeyIsBackAfterThem() {
        List<Optional<String>> seen = new ArrayList<>();
        IdempotentCalls.run("outer-call-key-0001", () -> {
            IdempotentCalls.run("inner-call-key-0001", () -> seen.add(IdempotentCalls.currentKey()));
            seen.add(IdempotentCalls.currentKey());
            IdempotentCalls.call(() -> seen.add(IdempotentCalls.currentKey()));
            seen.add(IdempotentCalls.currentKey());
        });

        assertThat(seen.get(0)).contains("inner-call-key-0001");
        assertThat(seen.get(1)).contains("outer-call-key-0001");
        assertThat(seen.get(2)).isPresent().isNotEqualTo(Optional.of("outer-call-key-0001"));
        assertThat(seen.get(3)).contains("outer-call-key-0001");
        assertThat(IdempotentCalls.currentKey()).isEmpty();
    }

    @Test
    void aCallThatThrows_stillEnds() {
        assertThatThrownBy(() -> IdempotentCalls.run("failing-call-key-01", () -> {
            throw new IllegalStateException("business failure");
        })).isInstanceOf(IllegalStateException.class).hasMessage("business failure");

        assertThat(IdempotentCalls.currentKey()).isEmpty();
    }

    @Test
    void anOpenedScope_endsOnClose_andClosingTwiceIsHarmless() {
        IdempotentCalls.Scope outer = IdempotentCalls.open("outer-scope-key-001");
        IdempotentCalls.Scope inner = IdempotentCalls.open();
        assertThat(IdempotentCalls.currentKey()).contains(inner.key());

        inner.close();
        inner.close();
        assertThat(IdempotentCalls.currentKey()).contains("outer-scope-key-001");
        outer.close();
        assertThat(IdempotentCalls.currentKey()).isEmpty();
    }

    @Test
    void theKeyBelongsToTheThread_otherThreadsDoNotSeeIt() throws Exception {
        Optional<String> onOtherThread = IdempotentCalls.call("thread-bound-key-01",
                () -> CompletableFuture.supplyAsync(IdempotentCalls::currentKey).join());

        assertThat(onOtherThread).isEmpty();
    }

    @Test
    void invalidKeys_areRefused() {
        assertThatThrownBy(() -> IdempotentCalls.open(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdempotentCalls.open("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdempotentCalls.open("has space inside-01")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdempotentCalls.open("non-ascii-é-key-0001")).isInstanceOf(IllegalArgumentException.class);
        assertThat(IdempotentCalls.currentKey()).isEmpty();
    }
}
