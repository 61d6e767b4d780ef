package io.uniroute.core.evaluation;

import java.util.Locale;
import java.util.Map;

/** A hand-written SVG line plot of deferral curves: accuracy against normalised cost, with axes, ticks and a legend. */
public final class DeferralCurveSvg {

    private static final String[] COLOURS = {"#7f7f7f", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 480;
    private static final int LEFT = 70;
    private static final int RIGHT = 200;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private DeferralCurveSvg() {
    }

    /** @param curves label → accuracy sampled at evenly spaced costs over [0, 1] */
    public static String render(String title, Map<String, double[]> curves) {
        double lo = 1;
        double hi = 0;
        for (double[] c : curves.values()) {
            for (double v : c) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        lo = Math.max(0, Math.floor(lo * 10) / 10);
        hi = Math.min(1, Math.ceil(hi * 10) / 10);
        if (hi <= lo) {
            hi = lo + 0.1;
        }
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\">%s</text>%n", LEFT, escape(title)));
        for (int i = 0; i <= 10; i++) {
            double x = LEFT + plotW * i / 10.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>%n", x, TOP, x, TOP + plotH));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.1f</text>%n", x, TOP + plotH + 18, i / 10.0));
        }
        int yTicks = (int) Math.round((hi - lo) / 0.05);
        for (int i = 0; i <= yTicks; i++) {
            double v = lo + (hi - lo) * i / yTicks;
            double y = TOP + plotH - plotH * i / (double) yTicks;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n", LEFT, y, LEFT + plotW, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n", LEFT - 6, y + 4, v));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"black\"/>%n",
                LEFT, TOP, plotW, plotH));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">cost (fraction of the most expensive test LLM's)</text>%n",
                LEFT + plotW / 2, HEIGHT - 18));
        s.append(String.format(Locale.ROOT, "<text transform=\"translate(18 %d) rotate(-90)\" text-anchor=\"middle\">accuracy</text>%n",
                TOP + plotH / 2));
        int i = 0;
        for (var e : curves.entrySet()) {
            String colour = COLOURS[i % COLOURS.length];
            double[] c = e.getValue();
            StringBuilder pts = new StringBuilder();
            for (int j = 0; j < c.length; j++) {
                double x = LEFT + plotW * j / (double) (c.length - 1);
                double y = TOP + plotH - plotH * (c[j] - lo) / (hi - lo);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    colour, pts.toString().trim()));
            int ly = TOP + 16 + 20 * i;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    LEFT + plotW + 12, ly, LEFT + plotW + 36, ly, colour));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + plotW + 42, ly + 4, escape(e.getKey())));
            i++;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String escape(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
