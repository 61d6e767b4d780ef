package io.uniroute.core.dataset;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the options of a multiple-choice prompt when a source stores them as one string holding a
 * Python (or JSON) literal: {@code "['a', 'b']"}, or a dict {@code "{'text': ['a', 'b'], 'label': ['A', 'B']}"}
 * whose {@code text} list holds the options (labels are positional, so they are dropped).
 */
final class ChoicesLiteral {

    private final String s;
    private int i;

    private ChoicesLiteral(String s) {
        this.s = s;
    }

    /** The options, or null when the text is not such a literal. */
    static List<String> parse(String text) {
        try {
            ChoicesLiteral p = new ChoicesLiteral(text);
            p.skipSpace();
            List<String> out = p.peek() == '{' ? p.textOfDict() : p.list();
            p.skipSpace();
            return p.i == text.length() ? out : null;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private List<String> textOfDict() {
        expect('{');
        List<String> text = null;
        skipSpace();
        while (peek() != '}') {
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            List<String> value = list();
            if (key.equals("text")) {
                text = value;
            }
            skipSpace();
            if (peek() == ',') {
                i++;
                skipSpace();
            }
        }
        i++;
        if (text == null) {
            throw new IllegalArgumentException("dict without 'text'");
        }
        return text;
    }

    private List<String> list() {
        expect('[');
        List<String> out = new ArrayList<>();
        skipSpace();
        while (peek() != ']') {
            out.add(peek() == '\'' || peek() == '"' ? string() : bare());
            skipSpace();
            if (peek() == ',') {
                i++;
                skipSpace();
            } else if (peek() != ']') {
                throw new IllegalArgumentException("expected , or ]");
            }
        }
        i++;
        return out;
    }

    /** A number or other unquoted item, up to the next separator. */
    private String bare() {
        int start = i;
        while (peek() != ',' && peek() != ']') {
            i++;
        }
        return s.substring(start, i).strip();
    }

    private String string() {
        char quote = s.charAt(i++);
        if (quote != '\'' && quote != '"') {
            throw new IllegalArgumentException("expected a quoted string");
        }
        StringBuilder b = new StringBuilder();
        for (char c = s.charAt(i++); c != quote; c = s.charAt(i++)) {
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(i++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'x' -> {
                    b.append((char) Integer.parseInt(s.substring(i, i + 2), 16));
                    i += 2;
                }
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                }
                default -> b.append(e); // \\ \' \" and anything else stand for themselves
            }
        }
        return b.toString();
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected " + c);
        }
        i++;
    }

    private char peek() {
        return s.charAt(i);
    }

    private void skipSpace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }
}
