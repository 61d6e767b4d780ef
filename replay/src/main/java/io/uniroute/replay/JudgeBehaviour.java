package io.uniroute.replay;

/**
 * How a replay judge (a SIMULATION of an LLM judge) behaves: {@code disagreementRate}, the share of
 * verdicts flipped against the record (a noisy judge; the flip is a seeded draw per task and answer,
 * so asking twice gives the same verdict), and {@code garbage}, a judge whose every reply is prose
 * instead of the JSON verdict.
 */
public record JudgeBehaviour(double disagreementRate, boolean garbage) {

    public static final JudgeBehaviour CLEAN = new JudgeBehaviour(0, false);
    public static final JudgeBehaviour GARBAGE = new JudgeBehaviour(0, true);

    public JudgeBehaviour {
        if (!(disagreementRate >= 0 && disagreementRate <= 1)) {
            throw new IllegalArgumentException("disagreementRate must be in [0, 1], was " + disagreementRate);
        }
    }

    public static JudgeBehaviour noisy(double disagreementRate) {
        return new JudgeBehaviour(disagreementRate, false);
    }
}
