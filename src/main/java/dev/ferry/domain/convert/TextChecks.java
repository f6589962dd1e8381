package dev.ferry.domain.convert;

/** Checks on text that a database would otherwise alter silently. */
public final class TextChecks {
    private TextChecks() {
    }

    /**
     * The index of the first unpaired surrogate in {@code s}, or -1 when it is valid UTF-16. A lone
     * surrogate has no UTF-8 form: a database stores it as {@code ?}, and the row is then changed
     * without anyone being told.
     */
    public static int loneSurrogateAt(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
