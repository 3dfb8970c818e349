package dev.idem.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idem.IdempotencyKey;
import dev.idem.client.IdempotentCalls;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class IdempotentCallInterceptorTest {

    private final IdempotentCallInterceptor interceptor = new IdempotentCallInterceptor();

    @SuppressWarnings("unused")
    static class Calls {
        void keyed(String payment, @IdempotencyKey String paymentId) {
        }

        void unkeyed(String payment) {
        }

        void twoKeys(@IdempotencyKey String a, @IdempotencyKey String b) {
        }
    }

    @Test
    void theIdempotencyKeyArgument_isTheKeyOfTheCall_andEveryRetryInsideSeesIt() throws Exception {
        List<String> attempts = new ArrayList<>();
        Supplier<Object> retryingCall = () -> {
            for (int attempt = 0; attempt < 3; attempt++) {
                attempts.add(IdempotentCalls.currentKey().orElseThrow());
            }
            return "done";
        };

        Object result = interceptor.around(invocation("keyed", new Object[] {"{}", "payment-4711-key"}, retryingCall));

        assertThat(result).isEqualTo("done");
        assertThat(attempts).containsExactly("payment-4711-key", "payment-4711-key", "payment-4711-key");
        assertThat(IdempotentCalls.currentKey()).isEmpty();
    }

    @Test
    void withoutAKeyParameter_eachInvocationIsANewCallWithARandomKey() throws Exception {
        Object first = interceptor.around(invocation("unkeyed", new Object[] {"{}"}, () -> IdempotentCalls.currentKey().orElseThrow()));
        Object second = interceptor.around(invocation("unkeyed", new Object[] {"{}"}, () -> IdempotentCalls.currentKey().orElseThrow()));

        assertThat(first).asString().startsWith("idem-");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void aNullKey_isRefusedBeforeAnythingRuns() {
        List<String> ran = new ArrayList<>();
        assertThatThrownBy(() -> interceptor.around(invocation("keyed", new Object[] {"{}", null}, () -> ran.add("ran"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Calls#keyed");
        assertThat(ran).isEmpty();
    }

    @Test
    void twoKeyParameters_areRefused() {
        assertThatThrownBy(() -> interceptor.around(invocation("twoKeys", new Object[] {"a-key-000000000001", "b"}, () -> null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("more than one @IdempotencyKey");
    }

    @Test
    void aMethodThatThrows_endsItsCall() {
        assertThatThrownBy(() -> interceptor.around(invocation("unkeyed", new Object[] {"{}"}, () -> {
            throw new IllegalStateException("declined");
        }))).hasMessage("declined");
        assertThat(IdempotentCalls.currentKey()).isEmpty();
    }

    @Test
    void asynchronousMethods_areRefused() throws Exception {
        class AsyncCalls {
            @org.eclipse.microprofile.faulttolerance.Asynchronous
            public void pay() {
            }
        }
        Method method = AsyncCalls.class.getMethod("pay");
        assertThatThrownBy(() -> interceptor.around(invocation(method, new Object[0], () -> null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("asynchronous");
    }

    private static InvocationContext invocation(String name, Object[] arguments, Supplier<Object> body) throws Exception {
        for (Method method : Calls.class.getDeclaredMethods()) {
            if (method.getName().equals(name)) {
                return invocation(method, arguments, body);
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static InvocationContext invocation(Method method, Object[] arguments, Supplier<Object> body) {
        return (InvocationContext) Proxy.newProxyInstance(IdempotentCallInterceptorTest.class.getClassLoader(),
                new Class<?>[] {InvocationContext.class}, (proxy, invoked, args) -> switch (invoked.getName()) {
                    case "getMethod" -> method;
                    case "getParameters" -> arguments;
                    case "proceed" -> body.get();
                    default -> throw new UnsupportedOperationException(invoked.getName());
                });
    }
}
