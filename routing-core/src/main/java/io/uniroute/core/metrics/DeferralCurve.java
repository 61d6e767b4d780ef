package io.uniroute.core.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A router's deferral curve: accuracy as a function of normalised cost on [0, 1].
 *
 * <p>Convention (PAPERS.md, RouterBench's): the curve is the upper convex hull of the router's
 * (cost, accuracy) points, since mixing two λ settings at random reaches every point between
 * them. It runs from the cheapest point (the most accurate of the cheapest) up to the most
 * accurate point (the cheapest of the most accurate); below the cheapest point it stays at that
 * point's accuracy, beyond the most accurate point it is flat. Every method is built this way,
 * ZeroRouter included (for ZeroRouter the points are the LLMs themselves).
 */
public final class DeferralCurve {

    private final List<CostAccuracyPoint> vertices;

    private DeferralCurve(List<CostAccuracyPoint> vertices) {
        this.vertices = List.copyOf(vertices);
    }

    public static DeferralCurve of(List<CostAccuracyPoint> points) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a deferral curve needs at least one point");
        }
        for (CostAccuracyPoint p : points) {
            if (!Double.isFinite(p.cost()) || !Double.isFinite(p.accuracy())) {
                throw new IllegalArgumentException("non-finite point " + p);
            }
        }
        List<CostAccuracyPoint> sorted = new ArrayList<>(points);
        // by cost, and at equal cost the most accurate first
        sorted.sort(Comparator.comparingDouble(CostAccuracyPoint::cost)
                .thenComparing(Comparator.comparingDouble(CostAccuracyPoint::accuracy).reversed()));
        CostAccuracyPoint top = sorted.get(0);
        for (CostAccuracyPoint p : sorted) {
            if (p.accuracy() > top.accuracy()) {
                top = p; // the cheapest of the most accurate, since the list is sorted by cost
            }
        }
        List<CostAccuracyPoint> hull = new ArrayList<>();
        for (CostAccuracyPoint p : sorted) {
            if (p.cost() > top.cost()) {
                break;
            }
            if (!hull.isEmpty() && p.cost() == hull.get(hull.size() - 1).cost()) {
                continue; // a less accurate point at the same cost
            }
            // pop while the last vertex lies on or below the chord from the one before it to p
            while (hull.size() >= 2 && cross(hull.get(hull.size() - 2), hull.get(hull.size() - 1), p) >= 0) {
                hull.remove(hull.size() - 1);
            }
            hull.add(p);
        }
        return new DeferralCurve(hull);
    }

    // > 0 when b turns left of a→c, i.e. b lies below the chord a–c
    private static double cross(CostAccuracyPoint a, CostAccuracyPoint b, CostAccuracyPoint c) {
        return (b.cost() - a.cost()) * (c.accuracy() - a.accuracy())
                - (b.accuracy() - a.accuracy()) * (c.cost() - a.cost());
    }

    /** The hull's vertices, by increasing cost and accuracy. */
    public List<CostAccuracyPoint> vertices() {
        return vertices;
    }

    /** Accuracy reached at normalised cost c. */
    public double accuracyAt(double c) {
        CostAccuracyPoint first = vertices.get(0);
        if (c <= first.cost()) {
            return first.accuracy();
        }
        for (int i = 1; i < vertices.size(); i++) {
            CostAccuracyPoint a = vertices.get(i - 1);
            CostAccuracyPoint b = vertices.get(i);
            if (c <= b.cost()) {
                return a.accuracy() + (b.accuracy() - a.accuracy()) * (c - a.cost()) / (b.cost() - a.cost());
            }
        }
        return vertices.get(vertices.size() - 1).accuracy();
    }

    /** ∫_0^to accuracy(c) dc, exact for the piecewise-linear curve. */
    public double areaUpTo(double to) {
        double area = 0;
        double prevC = 0;
        double prevA = accuracyAt(0);
        List<Double> knots = new ArrayList<>();
        for (CostAccuracyPoint v : vertices) {
            if (v.cost() > 0 && v.cost() < to) {
                knots.add(v.cost());
            }
        }
        knots.add(to);
        for (double c : knots) {
            double a = accuracyAt(c);
            area += (c - prevC) * (prevA + a) / 2;
            prevC = c;
            prevA = a;
        }
        return area;
    }

    /** Area: the area under the curve over normalised cost [0, 1]. */
    public double area() {
        return areaUpTo(1.0);
    }

    /** Area (50%): the area up to half the maximum cost. */
    public double area50() {
        return areaUpTo(0.5);
    }

    /** The smallest cost at which the curve reaches {@code accuracy}; NaN when it never does. */
    public double costToReach(double accuracy) {
        CostAccuracyPoint first = vertices.get(0);
        if (first.accuracy() >= accuracy) {
            return first.cost(); // the router's cheapest setting already reaches it
        }
        for (int i = 1; i < vertices.size(); i++) {
            CostAccuracyPoint a = vertices.get(i - 1);
            CostAccuracyPoint b = vertices.get(i);
            if (b.accuracy() >= accuracy) {
                return a.cost() + (b.cost() - a.cost()) * (accuracy - a.accuracy()) / (b.accuracy() - a.accuracy());
            }
        }
        return Double.NaN;
    }

    /**
     * Quality-neutral cost: the smallest cost at which the curve matches {@code targetAccuracy},
     * as a fraction of {@code referenceCost}; 1 (100%) when it never does, and capped at 1.
     */
    public double qnc(double targetAccuracy, double referenceCost) {
        double c = costToReach(targetAccuracy - 1e-12);
        if (Double.isNaN(c) || referenceCost <= 0) {
            return 1.0;
        }
        return Math.min(1.0, c / referenceCost);
    }
}
