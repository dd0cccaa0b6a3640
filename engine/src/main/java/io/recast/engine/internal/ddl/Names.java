package io.recast.engine.internal.ddl;

import java.nio.charset.StandardCharsets;

/**
 * Names as PostgreSQL chooses them for constraints it names itself: {@code makeObjectName} in
 * src/backend/commands/indexcmds.c, "table_columns_label" within 63 bytes, shortening the longer
 * of the two names first, on character boundaries.
 */
final class Names {
    private static final int MAX_BYTES = 63;

    private Names() {
    }

    static String objectName(String name1, String name2, String label) {
        int overhead = label.length() + 1 + (name2 == null ? 0 : 1);
        byte[] b1 = name1.getBytes(StandardCharsets.UTF_8);
        byte[] b2 = name2 == null ? new byte[0] : name2.getBytes(StandardCharsets.UTF_8);
        int n1 = b1.length;
        int n2 = b2.length;
        int avail = MAX_BYTES - overhead;
        while (n1 + n2 > avail) {
            if (n1 > n2) {
                n1--;
            } else {
                n2--;
            }
        }
        String s1 = clip(name1, n1);
        return name2 == null ? s1 + "_" + label : s1 + "_" + clip(name2, n2) + "_" + label;
    }

    /** The longest prefix of s within maxBytes UTF-8 bytes that ends on a character boundary. */
    static String clip(String s, int maxBytes) {
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + len > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            used += len;
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
