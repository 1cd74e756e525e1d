package dev.webrtcsink.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the text form of a simple GstStructure ({@code name,key=value,key2="quoted, value"})
 * without GStreamer, for signaller properties such as {@code headers}. Type casts like
 * {@code (string)} are accepted and dropped: every value is returned as text.
 */
public final class Structures {

    /** A parsed structure: its name and its fields in order. */
    public record Parsed(String name, Map<String, String> fields) {}

    private Structures() {}

    /** @throws IllegalArgumentException naming the position and problem */
    public static Parsed parse(String text) {
        Cursor c = new Cursor(text.trim());
        String name = c.token("structure name");
        Map<String, String> fields = new LinkedHashMap<>();
        c.skipSpaces();
        while (!c.atEnd()) {
            if (c.peek() == ';') { // trailing terminator as gst_structure_to_string may print
                c.pos++;
                c.skipSpaces();
                if (!c.atEnd()) {
                    throw c.error("text after ';'");
                }
                break;
            }
            c.expect(',');
            c.skipSpaces();
            String key = c.token("field name");
            c.skipSpaces();
            c.expect('=');
            c.skipSpaces();
            if (c.peek() == '(') { // type cast such as (string)
                int close = c.text.indexOf(')', c.pos);
                if (close < 0) {
                    throw c.error("unclosed type cast");
                }
                c.pos = close + 1;
            }
            fields.put(key, c.value());
            c.skipSpaces();
        }
        return new Parsed(name, Collections.unmodifiableMap(fields));
    }

    private static final class Cursor {
        final String text;
        int pos;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() { return pos >= text.length(); }

        char peek() { return text.charAt(pos); }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                pos++;
            }
        }

        void expect(char ch) {
            if (atEnd() || peek() != ch) {
                throw error("expected '" + ch + "'");
            }
            pos++;
        }

        String token(String what) {
            int start = pos;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || "-_.:/+".indexOf(peek()) >= 0)) {
                pos++;
            }
            if (start == pos) {
                throw error("expected " + what);
            }
            return text.substring(start, pos);
        }

        String value() {
            if (!atEnd() && peek() == '"') {
                pos++;
                StringBuilder sb = new StringBuilder();
                while (true) {
                    if (atEnd()) {
                        throw error("unterminated quoted value");
                    }
                    char ch = text.charAt(pos++);
                    if (ch == '\\' && !atEnd()) {
                        sb.append(text.charAt(pos++));
                    } else if (ch == '"') {
                        return sb.toString();
                    } else {
                        sb.append(ch);
                    }
                }
            }
            int start = pos;
            while (!atEnd() && peek() != ',' && peek() != ';') {
                pos++;
            }
            return text.substring(start, pos).trim();
        }

        IllegalArgumentException error(String why) {
            return new IllegalArgumentException("bad structure '" + text + "' at " + pos + ": " + why);
        }
    }
}
