package dev.idem.it.suite;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for header fields an ordinary client refuses to send or
 * rewrites: raw non-ASCII bytes, control characters, the same field twice.
 */
final class RawHttp {

    private static final int TIMEOUT_MILLIS = 15_000;

    /** A response: status, header fields by lower-case name, body bytes. */
    record Reply(int status, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    /**
     * Sends {@code method path} with the given header lines, each written exactly as given
     * (without the line end), and an empty body.
     */
    static Reply send(URI base, String method, String path, List<byte[]> headerLines) {
        try (Socket socket = new Socket(base.getHost(), Target.port(base))) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            String head = method + " " + Target.basePath(base) + path + " HTTP/1.1\r\n"
                    + "Host: " + base.getHost() + ":" + Target.port(base) + "\r\n"
                    + "Connection: close\r\n"
                    + "Accept: */*\r\n"
                    + "Content-Length: 0\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            for (byte[] line : headerLines) {
                out.write(line);
                out.write(new byte[] {'\r', '\n'});
            }
            out.write(new byte[] {'\r', '\n'});
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("Raw HTTP exchange with " + base + " failed: " + e.getMessage(), e);
        }
    }

    /** A header line {@code name: value} whose value bytes are sent as they are. */
    static byte[] line(String name, byte[] value) {
        byte[] prefix = (name + ": ").getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[prefix.length + value.length];
        System.arraycopy(prefix, 0, line, 0, prefix.length);
        System.arraycopy(value, 0, line, prefix.length, value.length);
        return line;
    }

    private static Reply parse(byte[] raw) throws IOException {
        int headEnd = HttpWire.indexOf(raw, new byte[] {'\r', '\n', '\r', '\n'});
        if (headEnd < 0) {
            throw new IOException("No complete response head in " + raw.length + " bytes");
        }
        String[] lines = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        byte[] rest = Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        List<String> encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
            rest = HttpWire.readChunked(new ByteArrayInputStream(rest));
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length").get(0));
            rest = Arrays.copyOf(rest, Math.min(length, rest.length));
        }
        return new Reply(status, headers, rest);
    }
}
