package io.rapport.rest.internal;

/**
 * Whether a {@code Content-Type} value is a media type by RFC 9110 (section 8.3.1):
 * {@code type "/" subtype *( OWS ";" OWS [ token "=" ( token / quoted-string ) ] )}. Anything else is
 * refused at the front with 415 before a library tries to parse it (a library's parse error used to
 * surface as a 500 with its stack trace).
 */
final class MediaTypeSyntax {
    private MediaTypeSyntax() {
    }

    static boolean valid(String value) {
        if (value == null || value.length() > 1024) {
            return false;
        }
        int[] pos = { 0 };
        String s = value;
        skipSpace(s, pos);
        if (!token(s, pos) || !expect(s, pos, '/') || !token(s, pos)) {
            return false;
        }
        while (true) {
            skipSpace(s, pos);
            if (pos[0] == s.length()) {
                return true;
            }
            if (!expect(s, pos, ';')) {
                return false;
            }
            skipSpace(s, pos);
            if (pos[0] == s.length() || s.charAt(pos[0]) == ';') {
                continue; // an empty parameter is allowed
            }
            if (!token(s, pos) || !expect(s, pos, '=')) {
                return false;
            }
            if (pos[0] < s.length() && s.charAt(pos[0]) == '"') {
                if (!quoted(s, pos)) {
                    return false;
                }
            } else if (!token(s, pos)) {
                return false;
            }
        }
    }

    private static boolean token(String s, int[] pos) {
        int start = pos[0];
        while (pos[0] < s.length() && tchar(s.charAt(pos[0]))) {
            pos[0]++;
        }
        return pos[0] > start;
    }

    private static boolean quoted(String s, int[] pos) {
        pos[0]++; // the opening quote
        while (pos[0] < s.length()) {
            char c = s.charAt(pos[0]++);
            if (c == '"') {
                return true;
            }
            if (c == '\\') {
                if (pos[0] == s.length() || !vchar(s.charAt(pos[0])) && s.charAt(pos[0]) != ' ' && s.charAt(pos[0]) != '\t') {
                    return false;
                }
                pos[0]++;
            } else if (!(c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E))) {
                return false;
            }
        }
        return false; // no closing quote
    }

    private static boolean expect(String s, int[] pos, char c) {
        if (pos[0] < s.length() && s.charAt(pos[0]) == c) {
            pos[0]++;
            return true;
        }
        return false;
    }

    private static void skipSpace(String s, int[] pos) {
        while (pos[0] < s.length() && (s.charAt(pos[0]) == ' ' || s.charAt(pos[0]) == '\t')) {
            pos[0]++;
        }
    }

    private static boolean vchar(char c) {
        return c >= 0x21 && c <= 0x7E;
    }

    private static boolean tchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
