package io.rapport.bench;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection over a plain socket: the load generator's client. Much lighter than
 * java.net.http on the client side, which matters when client and server share two cores. Reads
 * Content-Length and chunked bodies; reconnects when the server closes.
 */
final class HttpConnection implements Closeable {
    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final StringBuilder line = new StringBuilder(128);
    /** Own read buffer: no per-byte locking as in BufferedInputStream. */
    private final byte[] buf = new byte[65536];
    private int pos;
    private int lim;
    /** The last answer's body, when asked to keep it. */
    byte[] body;

    HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** A request's bytes: request line, Host, the given headers, Content-Length when there is a body. */
    static byte[] request(String method, String path, String hostPort, String token, String contentType, byte[] body) {
        StringBuilder sb = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(hostPort).append("\r\nAccept: application/json\r\n");
        if (token != null) {
            sb.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (body != null) {
            if (contentType != null) {
                sb.append("Content-Type: ").append(contentType).append("\r\n");
            }
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.US_ASCII);
        if (body == null) {
            return head;
        }
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** Sends one request and reads the whole answer; answers its status. Keeps the body in {@link #body} when asked or not 2xx. */
    int exchange(byte[] request, boolean keepBody) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(request);
            out.flush();
            String status = readLine();
            if (status == null) {
                throw new EOFException("the server closed the connection");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = status.startsWith("HTTP/1.0");
            for (String h = readLine(); h != null && !h.isEmpty(); h = readLine()) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> close = value.contains("close") || (close && !value.contains("keep-alive"));
                default -> {
                }
                }
            }
            // error bodies are always kept: they say what went wrong
            ByteArrayOutputStream kept = keepBody || code / 100 != 2 ? new ByteArrayOutputStream() : null;
            if (code == 204 || code == 304 || code / 100 == 1) {
                // no body
            } else if (chunked) {
                while (true) {
                    String size = readLine();
                    if (size == null) {
                        throw new EOFException("chunked body cut short");
                    }
                    int semi = size.indexOf(';');
                    long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (n == 0) {
                        for (String trailer = readLine(); trailer != null && !trailer.isEmpty(); trailer = readLine()) {
                            // trailers are ignored
                        }
                        break;
                    }
                    read(n, kept);
                    readLine();
                }
            } else if (length >= 0) {
                read(length, kept);
            } else {
                read(Long.MAX_VALUE, kept);
                close = true;
            }
            body = kept == null ? null : kept.toByteArray();
            if (close) {
                close();
            }
            return code;
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        in = socket.getInputStream();
        pos = 0;
        lim = 0;
        out = new BufferedOutputStream(socket.getOutputStream(), 16384);
    }

    private boolean fill() throws IOException {
        if (pos < lim) {
            return true;
        }
        int r = in.read(buf, 0, buf.length);
        if (r < 0) {
            return false;
        }
        pos = 0;
        lim = r;
        return true;
    }

    private void read(long n, ByteArrayOutputStream kept) throws IOException {
        long left = n;
        while (left > 0) {
            if (!fill()) {
                if (n == Long.MAX_VALUE) {
                    return;
                }
                throw new EOFException("body cut short");
            }
            int r = (int) Math.min(lim - pos, left);
            if (kept != null) {
                kept.write(buf, pos, r);
            }
            pos += r;
            left -= r;
        }
    }

    private String readLine() throws IOException {
        line.setLength(0);
        while (fill()) {
            int c = buf[pos++] & 0xff;
            if (c == '\n') {
                int last = line.length() - 1;
                if (last >= 0 && line.charAt(last) == '\r') {
                    line.setLength(last);
                }
                return line.toString();
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
