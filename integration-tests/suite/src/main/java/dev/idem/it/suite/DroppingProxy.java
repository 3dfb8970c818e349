package dev.idem.it.suite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 proxy on a free loopback port, in the test's JVM, that loses responses: it
 * forwards every request to the application, lets it run to the end and reads its whole answer,
 * then, for the first {@code dropFirst} requests, closes the client's connection without a byte
 * of that answer, as a network failure after the server did its work would. Later requests pass
 * through. It notes the method, path and {@code Idempotency-Key} of every request it forwarded.
 * One request per connection ({@code Connection: close} both ways).
 */
final class DroppingProxy implements AutoCloseable {

    /** One request as the proxy forwarded it; {@code key} is null when it had none. */
    record Seen(String method, String path, String key, boolean dropped) {
    }

    private static final int TIMEOUT_MILLIS = 30_000;
    private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final String targetHost;
    private final int targetPort;
    private final AtomicInteger toDrop;
    private final ServerSocket listener;
    private final List<Seen> seen = new ArrayList<>();

    private DroppingProxy(String targetHost, int targetPort, int dropFirst) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.toDrop = new AtomicInteger(dropFirst);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "idem-it-dropping-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a proxy to {@code targetHost:targetPort} that drops the first {@code dropFirst} answers. */
    static DroppingProxy start(String targetHost, int targetPort, int dropFirst) {
        try {
            return new DroppingProxy(targetHost, targetPort, dropFirst);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the proxy: " + e, e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The requests forwarded so far, in order. */
    List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread handler = new Thread(() -> handle(client), "idem-it-dropping-proxy-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            client.setSoTimeout(TIMEOUT_MILLIS);
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            List<String> lines = new ArrayList<>(List.of(new String(head, StandardCharsets.ISO_8859_1).split("\r\n")));
            String[] requestLine = lines.remove(0).split(" ");
            byte[] body = readBody(in, lines);
            byte[] answer = forward(requestLine, lines, body);
            boolean drop = toDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            synchronized (seen) {
                seen.add(new Seen(requestLine[0], requestLine[1], header(lines, "Idempotency-Key"), drop));
            }
            if (!drop) {
                OutputStream out = client.getOutputStream();
                out.write(withConnectionClose(answer));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away; nothing to forward
        }
    }

    private byte[] forward(String[] requestLine, List<String> headers, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(String.join(" ", requestLine)).append("\r\n");
        for (String line : headers) {
            String name = line.substring(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
            if (!name.equals("connection") && !name.equals("keep-alive") && !name.equals("content-length")
                    && !name.equals("transfer-encoding")) {
                head.append(line).append("\r\n");
            }
        }
        head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: close\r\n\r\n");
        try (Socket upstream = new Socket(targetHost, targetPort)) {
            upstream.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = upstream.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return upstream.getInputStream().readAllBytes();
        }
    }

    /** The answer with its own Connection header replaced by {@code close}: this connection ends here. */
    private static byte[] withConnectionClose(byte[] answer) {
        int end = HttpWire.indexOf(answer, END_OF_HEAD);
        if (end < 0) {
            return answer;
        }
        StringBuilder head = new StringBuilder();
        for (String line : new String(answer, 0, end, StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                head.append(line).append("\r\n");
            }
        }
        head.append("Connection: close\r\n\r\n");
        ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
        rewritten.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        rewritten.write(answer, end + END_OF_HEAD.length, answer.length - end - END_OF_HEAD.length);
        return rewritten.toByteArray();
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            matched = b == END_OF_HEAD[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == END_OF_HEAD.length) {
                byte[] bytes = head.toByteArray();
                return java.util.Arrays.copyOf(bytes, bytes.length - END_OF_HEAD.length);
            }
        }
        return null;
    }

    private static byte[] readBody(InputStream in, List<String> headers) throws IOException {
        String length = header(headers, "Content-Length");
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length.trim()));
        }
        String encoding = header(headers, "Transfer-Encoding");
        if (encoding == null || !encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new byte[0];
        }
        return HttpWire.readChunked(in);
    }

    private static String header(List<String> headers, String name) {
        for (String line : headers) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
