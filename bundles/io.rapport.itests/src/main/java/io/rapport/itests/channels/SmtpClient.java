package io.rapport.itests.channels;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain SMTP client speaking the dialogue line by line, as a sending mail server does. */
public final class SmtpClient implements Closeable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private SmtpClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    /** Connects and reads the greeting, which must be 220. */
    public static SmtpClient connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(15_000);
        SmtpClient c = new SmtpClient(s);
        c.expect(220, c.reply());
        return c;
    }

    /** Sends one command line; answers the whole (possibly multi-line) reply. */
    public String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return reply();
    }

    public String command(String line, int expected) throws IOException {
        return expect(expected, command(line));
    }

    /** DATA, the message with dot-stuffing, and the final dot: answers the reply to the message. */
    public String data(String message) throws IOException {
        command("DATA", 354);
        StringBuilder b = new StringBuilder();
        for (String l : message.split("\r?\n", -1)) {
            b.append(l.startsWith(".") ? "." + l : l).append("\r\n");
        }
        b.append(".\r\n");
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return reply();
    }

    /** A whole transaction: answers the reply to the message (250 when it was taken). */
    public static String send(int port, String from, String to, String message) throws IOException {
        try (SmtpClient c = connect(port)) {
            c.command("EHLO client.test", 250);
            c.command("MAIL FROM:<" + from + ">", 250);
            c.command("RCPT TO:<" + to + ">", 250);
            String answer = c.data(message);
            c.command("QUIT");
            return answer;
        }
    }

    private String reply() throws IOException {
        StringBuilder all = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed; so far: " + all);
            }
            all.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        return all.toString().trim();
    }

    private static String expect(int code, String reply) {
        if (!reply.startsWith(String.valueOf(code))) {
            throw new AssertionError("expected SMTP " + code + ", got: " + reply);
        }
        return reply;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
