package io.uniroute.replay;

import java.time.Duration;
import java.util.Objects;

/**
 * Faults a simulated model injects, for tests of everything that talks to it. Each request draws
 * at most one fault; the rates are probabilities (their sum at most 1):
 * <ul>
 *   <li>{@code errorRate}: HTTP 500 with an OpenAI-style {@code server_error} body;</li>
 *   <li>{@code rateLimitRate}: HTTP 429 with {@code Retry-After: 1} and a {@code rate_limit_exceeded} body;</li>
 *   <li>{@code garbageRate}: HTTP 200 whose body is not valid JSON (or an SSE stream cut short);</li>
 *   <li>{@code hangRate}: no answer for {@code hangFor}, then the connection is closed with no response
 *       (so a client with a shorter timeout times out, a patient one sees the server hang up).</li>
 * </ul>
 */
public record FaultPlan(double errorRate, double rateLimitRate, double garbageRate, double hangRate, Duration hangFor) {

    public static final Duration DEFAULT_HANG = Duration.ofSeconds(30);
    public static final FaultPlan NONE = new FaultPlan(0, 0, 0, 0, DEFAULT_HANG);

    /** The fault one request gets. */
    public enum Fault { NONE, SERVER_ERROR, RATE_LIMIT, GARBAGE, HANG }

    public FaultPlan {
        check("errorRate", errorRate);
        check("rateLimitRate", rateLimitRate);
        check("garbageRate", garbageRate);
        check("hangRate", hangRate);
        if (errorRate + rateLimitRate + garbageRate + hangRate > 1 + 1e-9) {
            throw new IllegalArgumentException("fault rates add up to more than 1");
        }
        Objects.requireNonNull(hangFor, "hangFor");
        if (hangFor.isNegative()) {
            throw new IllegalArgumentException("hangFor is negative");
        }
    }

    private static void check(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], was " + rate);
        }
    }

    public FaultPlan withErrorRate(double rate) {
        return new FaultPlan(rate, rateLimitRate, garbageRate, hangRate, hangFor);
    }

    public FaultPlan withRateLimitRate(double rate) {
        return new FaultPlan(errorRate, rate, garbageRate, hangRate, hangFor);
    }

    public FaultPlan withGarbageRate(double rate) {
        return new FaultPlan(errorRate, rateLimitRate, rate, hangRate, hangFor);
    }

    public FaultPlan withHang(double rate, Duration forHowLong) {
        return new FaultPlan(errorRate, rateLimitRate, garbageRate, rate, forHowLong);
    }

    /** The fault for a uniform draw {@code u} in [0, 1). */
    public Fault pick(double u) {
        double edge = errorRate;
        if (u < edge) {
            return Fault.SERVER_ERROR;
        }
        edge += rateLimitRate;
        if (u < edge) {
            return Fault.RATE_LIMIT;
        }
        edge += garbageRate;
        if (u < edge) {
            return Fault.GARBAGE;
        }
        edge += hangRate;
        return u < edge ? Fault.HANG : Fault.NONE;
    }
}
