package dev.idem.internal.openapi;

/** Path templates written the way OpenAPI writes them, so JAX-RS and OpenAPI paths compare. */
final class PathTemplates {
    private PathTemplates() {
    }

    /**
     * {@code /orders/{id: [0-9]+}/} becomes {@code /orders/{id}}: one leading slash, no trailing or
     * doubled slashes, no regular expressions in parameters.
     */
    static String normalise(String path) {
        StringBuilder bare = new StringBuilder(path.length());
        int depth = 0;
        boolean inRegex = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '{' && depth++ == 0) {
                inRegex = false;
            } else if (c == '}' && --depth == 0) {
                inRegex = false;
            } else if (depth == 1 && c == ':') {
                inRegex = true;
            }
            if (depth == 0 || c == '{' && depth == 1 || !inRegex && !Character.isWhitespace(c) && c != ':') {
                bare.append(c);
            }
        }
        StringBuilder out = new StringBuilder(bare.length() + 1);
        for (String segment : bare.toString().split("/")) {
            if (!segment.isEmpty()) {
                out.append('/').append(segment);
            }
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    /** {@code /a} joined with {@code b/} is {@code /a/b}. */
    static String join(String first, String second) {
        return normalise(first + "/" + second);
    }

    /**
     * The part of {@code documented} in front of {@code template} (e.g. a context root or an
     * application path), or {@code null} when {@code documented} does not end with it segment by
     * segment. Both normalised.
     */
    static String prefix(String documented, String template) {
        if (documented.equals(template)) {
            return "";
        }
        if (template.equals("/")) {
            return null;
        }
        if (documented.endsWith(template)) {
            String prefix = documented.substring(0, documented.length() - template.length());
            return prefix.isEmpty() || prefix.charAt(0) == '/' ? prefix : null;
        }
        return null;
    }
}
