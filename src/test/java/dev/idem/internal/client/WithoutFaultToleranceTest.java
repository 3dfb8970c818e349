package dev.idem.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.interceptor.InvocationContext;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * {@code @IdempotentCall}'s interceptor is a bean in every application that has Idem: it must load
 * and work where MicroProfile Fault Tolerance and Rest Client are absent.
 */
class WithoutFaultToleranceTest {

    /** Loads Idem's classes itself and hides MicroProfile Fault Tolerance and Rest Client. */
    static final class WithoutMicroProfileClients extends ClassLoader {

        WithoutMicroProfileClients() {
            super(WithoutFaultToleranceTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.eclipse.microprofile.faulttolerance.")
                    || name.startsWith("org.eclipse.microprofile.rest.client.")) {
                throw new ClassNotFoundException(name);
            }
            if (!name.startsWith("dev.idem.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        loaded = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return loaded;
            }
        }
    }

    public static final class Payments {
        public String pay(String payment) {
            return payment;
        }
    }

    @Test
    void theInterceptorLoadsAndRuns_withoutFaultToleranceOrRestClient() throws Exception {
        ClassLoader loader = new WithoutMicroProfileClients();
        assertThatThrownBy(() -> loader.loadClass("org.eclipse.microprofile.faulttolerance.Retry"))
                .isInstanceOf(ClassNotFoundException.class);

        Class<?> interceptorType = loader.loadClass(IdempotentCallInterceptor.class.getName());
        assertThat(interceptorType.getClassLoader()).isSameAs(loader);
        Object interceptor = interceptorType.getConstructor().newInstance();
        Method payMethod = Payments.class.getMethod("pay", String.class);
        InvocationContext invocation = (InvocationContext) Proxy.newProxyInstance(loader,
                new Class<?>[] {InvocationContext.class}, (proxy, invoked, arguments) -> switch (invoked.getName()) {
                    case "getMethod" -> payMethod;
                    case "getParameters" -> new Object[] {"{}"};
                    case "proceed" -> "paid";
                    default -> throw new UnsupportedOperationException(invoked.getName());
                });

        Object result = interceptorType.getMethod("around", InvocationContext.class).invoke(interceptor, invocation);

        assertThat(result).isEqualTo("paid");
    }
}
