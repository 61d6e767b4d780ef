package io.uniroute.demo;

import java.util.List;
import java.util.Locale;

/** A small self-contained SVG: cost per query (x) against accuracy (y), single models as dots, the router as a line. */
final class CostAccuracyPlot {

    record Point(String label, double cost, double accuracy) {
    }

    private static final int W = 720;
    private static final int H = 460;
    private static final int LEFT = 70;
    private static final int RIGHT = 200;
    private static final int TOP = 30;
    private static final int BOTTOM = 55;

    private CostAccuracyPlot() {
    }

    static String svg(String title, List<Point> models, List<Point> router, Point oracle) {
        double maxCost = 0;
        for (Point p : concat(models, router, oracle)) {
            maxCost = Math.max(maxCost, p.cost());
        }
        maxCost = maxCost == 0 ? 1 : maxCost * 1.1;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">%s</text>%n", LEFT, escape(title)));
        int x0 = LEFT;
        int y0 = H - BOTTOM;
        int x1 = W - RIGHT;
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", x0, y0, x1, y0));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", x0, y0, x0, TOP));
        for (int i = 0; i <= 5; i++) {
            double acc = i / 5.0;
            double c = maxCost * i / 5.0;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>%n", x0 - 6, y(acc) + 4, acc));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x(c, maxCost), y0 + 16, money(c)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">cost per query (USD)</text>%n", (x0 + x1) / 2, H - 12));
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">accuracy</text>%n", (y0 + TOP) / 2, (y0 + TOP) / 2));
        if (!router.isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (Point p : router) {
                path.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p.cost(), maxCost), y(p.accuracy())));
            }
            s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>%n", path.toString().trim()));
            for (Point p : router) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#1f77b4\"><title>%s</title></circle>%n",
                        x(p.cost(), maxCost), y(p.accuracy()), escape(p.label())));
            }
        }
        for (Point p : models) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"#d62728\"/>%n",
                    x(p.cost(), maxCost) - 3.5, y(p.accuracy()) - 3.5));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#555\">%s</text>%n",
                    x(p.cost(), maxCost) + 6, y(p.accuracy()) + 3, escape(p.label())));
        }
        if (oracle != null) {
            s.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1f l5 9 l-10 0 z\" fill=\"#2ca02c\"/>%n", x(oracle.cost(), maxCost), y(oracle.accuracy()) - 5));
        }
        int ly = TOP + 10;
        s.append(legend(x1 + 20, ly, "#1f77b4", "uniroute (one point per λ)"));
        s.append(legend(x1 + 20, ly + 18, "#d62728", "single model"));
        if (oracle != null) {
            s.append(legend(x1 + 20, ly + 36, "#2ca02c", "oracle"));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String legend(int x, int y, String color, String text) {
        return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                x, y - 9, color, x + 16, y, escape(text));
    }

    private static double x(double cost, double maxCost) {
        return LEFT + (W - LEFT - RIGHT) * cost / maxCost;
    }

    private static double y(double accuracy) {
        return H - BOTTOM - (H - BOTTOM - TOP) * accuracy;
    }

    private static String money(double usd) {
        return String.format(Locale.ROOT, "%.1e", usd);
    }

    private static List<Point> concat(List<Point> a, List<Point> b, Point c) {
        var out = new java.util.ArrayList<Point>(a);
        out.addAll(b);
        if (c != null) {
            out.add(c);
        }
        return out;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
