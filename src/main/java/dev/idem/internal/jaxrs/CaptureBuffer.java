package dev.idem.internal.jaxrs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Holds a response body in memory up to a limit. Past the limit it stops holding: what it held
 * goes to the real stream and the rest passes straight through.
 */
final class CaptureBuffer extends OutputStream {
    private static final int FIRST_CAPACITY = 1024;

    private final OutputStream target;
    private final long limit;
    private final Runnable onOverflow;
    private byte[] bytes = new byte[FIRST_CAPACITY];
    private int size;
    private boolean overflowed;

    /** @param onOverflow runs once, when the body first exceeds {@code limit}, before any byte is passed on */
    CaptureBuffer(OutputStream target, long limit, Runnable onOverflow) {
        this.target = target;
        this.limit = limit;
        this.onOverflow = onOverflow;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] source, int offset, int length) throws IOException {
        if (overflowed) {
            target.write(source, offset, length);
            return;
        }
        if ((long) size + length > limit) {
            overflowed = true;
            onOverflow.run();
            target.write(bytes, 0, size);
            target.write(source, offset, length);
            bytes = null;
            return;
        }
        if (size + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max((long) bytes.length * 2, size + length)));
        }
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    @Override
    public void flush() throws IOException {
        if (overflowed) {
            target.flush();
        }
    }

    @Override
    public void close() {
        // the runtime closes the real stream; writers closing ours must not end the response early
    }

    boolean overflowed() {
        return overflowed;
    }

    byte[] bytes() {
        return bytes;
    }

    int size() {
        return size;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }
}
