package io.uniroute.core.evaluation;

/** Mean and standard error of the mean (sample standard deviation / √n; 0 for a single value). */
public record MeanStderr(double mean, double stderr) {

    public static MeanStderr of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no value");
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        if (values.length == 1) {
            return new MeanStderr(mean, 0);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new MeanStderr(mean, Math.sqrt(ss / (values.length - 1)) / Math.sqrt(values.length));
    }
}
