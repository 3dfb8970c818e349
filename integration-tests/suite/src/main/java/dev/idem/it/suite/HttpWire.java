package dev.idem.it.suite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** HTTP/1.1 wire helpers shared by the suite's raw clients ({@link RawHttp}) and {@link DroppingProxy}. */
final class HttpWire {
    private HttpWire() {
    }

    /** One line up to LF, CR dropped; empty at the end of the stream. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** A chunked body read to its last chunk and trailers, decoded. */
    static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.writeBytes(in.readNBytes(size));
            readLine(in);
        }
    }

    /** Where {@code needle} first starts in {@code haystack}, or -1. */
    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
