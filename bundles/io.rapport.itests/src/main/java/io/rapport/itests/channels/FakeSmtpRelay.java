package io.rapport.itests.channels;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An SMTP relay on loopback that takes every mail (no TLS, no auth) and keeps what it got. */
public final class FakeSmtpRelay implements Closeable {
    /** One mail as the relay received it. */
    public static final class Mail {
        public final String from;
        public final List<String> recipients;
        public final String data;

        Mail(String from, List<String> recipients, String data) {
            this.from = from;
            this.recipients = recipients;
            this.data = data;
        }

        /** The first header of this name (unfolded), or null. */
        public String header(String name) {
            String unfolded = data.split("\r\n\r\n", 2)[0].replaceAll("\r\n[ \t]+", " ");
            for (String line : unfolded.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        public String body() {
            String[] parts = data.split("\r\n\r\n", 2);
            return parts.length < 2 ? "" : parts[1];
        }
    }

    private final ServerSocket server;
    private final BlockingQueue<Mail> mails = new LinkedBlockingQueue<>();
    private final Thread thread;

    public FakeSmtpRelay() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "fake-smtp-relay");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public Mail next(long seconds) throws InterruptedException {
        Mail m = mails.poll(seconds, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("the relay received no mail within " + seconds + " s");
        }
        return m;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                session(s);
            } catch (IOException e) {
                // closed, or a client that went away: next one
            }
        }
    }

    private void session(Socket s) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        say(out, "220 relay.test ESMTP fake");
        String from = null;
        List<String> rcpt = new ArrayList<>();
        for (String line; (line = in.readLine()) != null;) {
            String upper = line.toUpperCase();
            if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                say(out, "250-relay.test\r\n250 8BITMIME");
            } else if (upper.startsWith("MAIL FROM:")) {
                from = line.substring(10).trim();
                rcpt.clear();
                say(out, "250 2.1.0 Ok");
            } else if (upper.startsWith("RCPT TO:")) {
                rcpt.add(line.substring(8).trim());
                say(out, "250 2.1.5 Ok");
            } else if (upper.equals("DATA")) {
                say(out, "354 End data with <CR><LF>.<CR><LF>");
                StringBuilder data = new StringBuilder();
                for (String l; (l = in.readLine()) != null && !l.equals(".");) {
                    data.append(l.startsWith("..") ? l.substring(1) : l).append("\r\n");
                }
                mails.add(new Mail(from, List.copyOf(rcpt), data.toString()));
                say(out, "250 2.0.0 Ok: queued");
            } else if (upper.equals("QUIT")) {
                say(out, "221 2.0.0 Bye");
                return;
            } else if (upper.equals("RSET") || upper.equals("NOOP")) {
                say(out, "250 2.0.0 Ok");
            } else {
                say(out, "502 5.5.2 Command not recognized");
            }
        }
    }

    private static void say(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
