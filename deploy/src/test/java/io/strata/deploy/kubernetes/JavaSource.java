package io.strata.deploy.kubernetes;

/**
 * A Java source file prepared for simple pattern matching: {@link #code()} is the text with every
 * comment blanked out; {@link #blanked()} also blanks the contents of string and character
 * literals, so that braces and {@code //} inside them do not count. Both keep every character's
 * position (blanks are spaces, line breaks stay), so a match found in one is at the same offset in
 * the other.
 */
record JavaSource(String code, String blanked) {

    static JavaSource of(String text) {
        StringBuilder code = new StringBuilder(text.length());
        StringBuilder blanked = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int end;
            if (text.startsWith("//", i)) {
                end = lineEnd(text, i);
                blank(text, i, end, code);
                blank(text, i, end, blanked);
            } else if (text.startsWith("/*", i)) {
                end = blockCommentEnd(text, i);
                blank(text, i, end, code);
                blank(text, i, end, blanked);
            } else if (c == '"' || c == '\'') {
                end = literalEnd(text, i, c);
                code.append(text, i, end);
                blanked.append(c);
                blank(text, i + 1, end - 1, blanked);
                blanked.append(text.charAt(end - 1));
            } else {
                end = i + 1;
                code.append(c);
                blanked.append(c);
            }
            i = end;
        }
        return new JavaSource(code.toString(), blanked.toString());
    }

    /**
     * The offset just past the brace that closes the one at {@code open}, counted in
     * {@link #blanked()}.
     */
    int closingBrace(int open) {
        int depth = 0;
        for (int i = open; i < blanked.length(); i++) {
            char c = blanked.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no closing brace for the one at offset " + open);
    }

    private static int lineEnd(String text, int from) {
        int newline = text.indexOf('\n', from);
        return newline < 0 ? text.length() : newline;
    }

    private static int blockCommentEnd(String text, int from) {
        int close = text.indexOf("*/", from + 2);
        return close < 0 ? text.length() : close + 2;
    }

    /** Just past the literal (or text block) opened by {@code quote} at {@code from}; escapes skipped. */
    private static int literalEnd(String text, int from, char quote) {
        if (text.startsWith("\"\"\"", from)) {
            int close = text.indexOf("\"\"\"", from + 3);
            return close < 0 ? text.length() : close + 3;
        }
        int i = from + 1;
        while (i < text.length() && text.charAt(i) != quote) {
            i += text.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, text.length());
    }

    private static void blank(String text, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            out.append(text.charAt(i) == '\n' ? '\n' : ' ');
        }
    }
}
