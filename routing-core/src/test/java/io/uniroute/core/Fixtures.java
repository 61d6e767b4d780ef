package io.uniroute.core;

import io.uniroute.core.embedding.Vectors;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test helpers: the fixture dataset kept in the repository, and small unit vectors. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A 56-prompt slice of llmrouter (MIT; see its LICENSE), in format v1. */
    public static Path llmrouterSlice() {
        try {
            return Path.of(Fixtures.class.getResource("/datasets/llmrouter-slice/models.csv").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The unit vector in the direction given. */
    public static float[] unit(double... v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Vectors.normalized(f);
    }
}
