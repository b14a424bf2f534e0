package io.dynamolock.testing.fault;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 message: a start line, headers in order and a body read whole. Enough for
 * the JSON requests and answers of DynamoDB; not a general HTTP implementation.
 */
final class HttpMessage {
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private final String startLine;
    private final List<String[]> headers;
    private final byte[] body;

    HttpMessage(String startLine, List<String[]> headers, byte[] body) {
        this.startLine = startLine;
        this.headers = headers;
        this.body = body;
    }

    /**
     * Reads one message.
     *
     * @param untilEof for an answer without a length: read the body until the peer closes
     * @return the message, or {@code null} when the stream ended before its first byte
     */
    static HttpMessage read(InputStream in, boolean untilEof) throws IOException {
        String head = readHead(in);
        if (head == null) {
            return null;
        }
        String[] lines = head.split("\r\n");
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
            }
        }
        HttpMessage partial = new HttpMessage(lines[0], headers, new byte[0]);
        byte[] body;
        String length = partial.header("Content-Length");
        if ("chunked".equalsIgnoreCase(partial.header("Transfer-Encoding"))) {
            body = readChunked(in);
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.trim()));
        } else if (untilEof && !partial.startLine.startsWith("HTTP/1.1 204") && !partial.startLine.startsWith("HTTP/1.1 304")) {
            body = in.readAllBytes();
        } else {
            body = new byte[0];
        }
        return new HttpMessage(lines[0], headers, body);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("connection closed inside an HTTP head");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                byte[] bytes = head.toByteArray();
                return new String(bytes, 0, bytes.length - 4, StandardCharsets.ISO_8859_1);
            }
            if (head.size() > MAX_HEAD_BYTES) {
                throw new IOException("HTTP head longer than " + MAX_HEAD_BYTES + " bytes");
            }
        }
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers are dropped
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        if (b < 0 && line.length() == 0) {
            throw new IOException("connection closed inside a chunked body");
        }
        return line.toString();
    }

    String startLine() {
        return startLine;
    }

    /** @return the status of an answer, e.g. 200 */
    int status() {
        String[] parts = startLine.split(" ", 3);
        return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
    }

    String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    byte[] body() {
        return body;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * @return a copy with the body sent by length, no connection reuse, and {@code header} set to
     *     {@code value} when {@code header} is not null
     */
    HttpMessage forOneShot(String header, String value) {
        List<String[]> copy = new ArrayList<>();
        for (String[] h : headers) {
            String lower = h[0].toLowerCase(Locale.ROOT);
            if (lower.equals("connection") || lower.equals("keep-alive") || lower.equals("transfer-encoding")
                    || lower.equals("content-length") || (header != null && h[0].equalsIgnoreCase(header))) {
                continue;
            }
            copy.add(h);
        }
        if (header != null) {
            copy.add(new String[] {header, value});
        }
        copy.add(new String[] {"Content-Length", Integer.toString(body.length)});
        copy.add(new String[] {"Connection", "close"});
        return new HttpMessage(startLine, copy, body);
    }

    void write(OutputStream out) throws IOException {
        out.write(startLine.getBytes(StandardCharsets.ISO_8859_1));
        out.write(CRLF);
        for (String[] h : headers) {
            out.write((h[0] + ": " + h[1]).getBytes(StandardCharsets.ISO_8859_1));
            out.write(CRLF);
        }
        out.write(CRLF);
        out.write(body);
        out.flush();
    }
}
