package dev.ferry.local.sample;

import java.util.List;
import java.util.Random;

/** Word pools and awkward strings for the sample data: accents, CJK, emoji, quotes, backslashes. */
final class SampleText {

    static final List<String> PROJECT_WORDS = List.of(
            "Website", "Relaunch", "Mobile", "App", "Billing", "Onboarding", "Roadmap", "Migration", "Platform",
            "Analytics", "Checkout", "Search", "Payments", "Infra", "Design System", "Support", "Security",
            "Überarbeitung", "Café", "Ñandú", "東京オフィス", "设计", "Łódź", "São Paulo", "Zürich", "Kraków");

    static final List<String> VERBS = List.of(
            "Fix", "Add", "Remove", "Refactor", "Investigate", "Document", "Migrate", "Speed up", "Translate",
            "Review", "Upgrade", "Test", "Clean up", "Prototype", "Localise");

    static final List<String> OBJECTS = List.of(
            "login on Safari", "CSV export", "invoice PDF", "search ranking", "webhook retries", "dark mode",
            "dashboard filters", "SSO with Okta", "rate limiter", "e-mail digest", "audit log", "file uploads",
            "the \"Save\" button", "O'Reilly import", "C:\\Users\\path handling", "naïve date parsing",
            "日本語の表示", "emoji 🎉 in titles", "Ünicode sorting", "right-to-left text עברית");

    static final List<String> BODY_WORDS = List.of(
            "the", "customer", "reports", "that", "after", "upgrading", "page", "loads", "slowly", "when",
            "filter", "is", "applied", "expected", "actual", "steps", "to", "reproduce", "open", "click",
            "error", "stack", "trace", "attached", "see", "screenshot", "works", "in", "Firefox", "but", "not",
            "Chrome", "décor", "façade", "naïve", "Straße", "español", "中文", "日本語", "한국어", "🙂", "👍",
            "\"quoted\"", "it's", "back\\slash", "tab\there", "50%", "<b>html</b>", "{json}", "`code`");

    static final List<String> LABELS = List.of(
            "bug", "feature", "ui", "backend", "p1", "p2", "needs-triage", "customer", "security", "docs",
            "🐛 bug", "需要翻译", "naïve", "good first issue", "won't fix", "quote\"d", "back\\slash");

    static final List<String> FILE_STEMS = List.of(
            "screenshot", "invoice", "report", "design", "logs", "export", "photo", "contract", "notes",
            "Überweisung März", "设计稿", "résumé", "O'Reilly \"draft\"", "back\\slash", "emoji 🎨");

    /** Special user keys every installation's user pool starts with. */
    static final List<String> SPECIAL_USER_KEYS = List.of(
            "JIRAUSER10100", "admin", "o'neil", "müller.anna", "李雷", "user\\domain", "quote\"user",
            "557058:f0d3c9a8-2b55-4c44-9b1e-3f4a2c1d0e9b", "qm:1c2d3e4f-5a6b-7c8d-9e0f-a1b2c3d4e5f6");

    private SampleText() {
    }

    static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A sentence-like text of roughly {@code words} words. */
    static String words(Random random, List<String> pool, int words) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                text.append(random.nextInt(12) == 0 ? ".\n" : " ");
            }
            text.append(pick(random, pool));
        }
        return text.toString();
    }

    /** A hex string of {@code length} random digits. */
    static String hex(Random random, int length) {
        StringBuilder hex = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }

    /** A text of exactly {@code codePoints} Unicode code points, mixing ASCII, accents, CJK and emoji. */
    static String codePoints(int codePoints) {
        int[] cycle = {'A', 'é', 'ß', '中', 0x1F600, 'z', '"', '\\'};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            text.appendCodePoint(cycle[i % cycle.length]);
        }
        return text.toString();
    }
}
