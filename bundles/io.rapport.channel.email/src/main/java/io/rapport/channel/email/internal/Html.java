package io.rapport.channel.email.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text from HTML mail that has no plain-text part: tags dropped, line breaks kept, entities decoded. */
final class Html {
    private static final Pattern INVISIBLE = Pattern.compile("(?is)<(script|style|head|title)\\b.*?</\\1\\s*>|<!--.*?-->");
    private static final Pattern BREAK = Pattern.compile("(?i)<br\\s*/?>|</(p|div|li|tr|h[1-6]|blockquote|pre)\\s*>|<(p|div|li|tr|h[1-6])\\b[^>]*>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");

    private Html() {
    }

    static String toText(String html) {
        String s = INVISIBLE.matcher(html).replaceAll("");
        s = BREAK.matcher(s).replaceAll("\n");
        s = TAG.matcher(s).replaceAll("");
        s = decode(s);
        StringBuilder out = new StringBuilder();
        int blank = 0;
        for (String line : s.split("\r?\n", -1)) {
            String l = line.replaceAll("[ \\t\\u00A0]+", " ").strip();
            if (l.isEmpty()) {
                blank++;
                continue;
            }
            if (out.length() > 0) {
                out.append(blank > 0 ? "\n\n" : "\n");
            }
            out.append(l);
            blank = 0;
        }
        return out.toString();
    }

    private static String decode(String s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r;
            try {
                if (e.startsWith("#x") || e.startsWith("#X")) {
                    r = new String(Character.toChars(Integer.parseInt(e.substring(2), 16)));
                } else if (e.startsWith("#")) {
                    r = new String(Character.toChars(Integer.parseInt(e.substring(1))));
                } else {
                    r = named(e);
                }
            } catch (IllegalArgumentException notACodePoint) {
                r = null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(r == null ? m.group() : r));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String named(String name) {
        switch (name) {
            case "amp": return "&";
            case "lt": return "<";
            case "gt": return ">";
            case "quot": return "\"";
            case "apos": return "'";
            case "nbsp": return " ";
            case "ndash": return "\u2013";
            case "mdash": return "\u2014";
            case "hellip": return "\u2026";
            case "rsquo": return "\u2019";
            case "lsquo": return "\u2018";
            case "rdquo": return "\u201D";
            case "ldquo": return "\u201C";
            case "euro": return "\u20AC";
            case "copy": return "\u00A9";
            default: return null;
        }
    }
}
