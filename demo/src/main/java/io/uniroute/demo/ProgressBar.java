package io.uniroute.demo;

/** One line of text progress: {@code name [#####.....]  52% (104/200)}. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private ProgressBar() {
    }

    static String render(String name, int done, int total, String note) {
        int clamped = Math.max(0, Math.min(done, total));
        int filled = total == 0 ? 0 : (int) Math.round(WIDTH * (double) clamped / total);
        int pct = total == 0 ? 0 : (int) Math.round(100.0 * clamped / total);
        return String.format("  %-34s [%s%s] %3d%% (%d/%d)%s", name, "#".repeat(filled), ".".repeat(WIDTH - filled),
                pct, clamped, total, note == null || note.isEmpty() ? "" : "  " + note);
    }
}
