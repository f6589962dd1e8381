package dev.ferry.dualwrite;

/**
 * What is recorded about an exception: a {@link SideException}'s code and message as they are (their
 * creator keeps them free of values); for any other exception only its class name, because its message
 * may quote values or secrets.
 */
record ErrorText(String code, String message) {
    static final int MAX_CODE = 64;
    static final int MAX_MESSAGE = 255;

    ErrorText {
        code = cut(code == null || code.isBlank() ? "UNKNOWN" : code, MAX_CODE);
        message = cut(message == null ? "" : message, MAX_MESSAGE);
    }

    static ErrorText of(RuntimeException e) {
        if (e instanceof SideException s) {
            return new ErrorText(s.code(), s.getMessage());
        }
        String type = e.getClass().getSimpleName().isEmpty() ? e.getClass().getName() : e.getClass().getSimpleName();
        return new ErrorText(type, "threw " + type + " (its message is not recorded)");
    }

    private static String cut(String text, int max) {
        String clean = text.replaceAll("\\p{Cntrl}", " ");
        return clean.length() <= max ? clean : clean.substring(0, max - 1) + "…";
    }
}
