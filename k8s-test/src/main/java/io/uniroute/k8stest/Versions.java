package io.uniroute.k8stest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes version strings ({@code v1.36.4}, {@code 1.20.2-linux-amd64}) compared by major.minor. */
final class Versions {

    private static final Pattern MAJOR_MINOR = Pattern.compile("v?(\\d+)\\.(\\d+)");

    private Versions() {
    }

    static boolean atLeast(String version, int major, int minor) {
        Matcher m = MAJOR_MINOR.matcher(version == null ? "" : version);
        if (!m.find()) {
            return false;
        }
        int ma = Integer.parseInt(m.group(1));
        int mi = Integer.parseInt(m.group(2));
        return ma > major || (ma == major && mi >= minor);
    }

    /** Orders {@code 1.9.0} before {@code 1.20.2}. */
    static int compare(String a, String b) {
        String[] x = a.replaceFirst("^v", "").split("[.-]");
        String[] y = b.replaceFirst("^v", "").split("[.-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d+") && y[i].matches("\\d+")
                    ? Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]))
                    : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
