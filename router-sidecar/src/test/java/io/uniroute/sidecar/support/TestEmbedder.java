package io.uniroute.sidecar.support;

import io.uniroute.core.embedding.MiniLmEmbedder;

/** The real MiniLM embedder, loaded once per test JVM (the ONNX model takes a second to load). */
public final class TestEmbedder {

    private static final class Holder {
        static final MiniLmEmbedder INSTANCE = new MiniLmEmbedder();
    }

    private TestEmbedder() {
    }

    public static MiniLmEmbedder get() {
        return Holder.INSTANCE;
    }
}
