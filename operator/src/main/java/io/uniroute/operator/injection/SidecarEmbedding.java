package io.uniroute.operator.injection;

/**
 * How the injected sidecar must embed requests to accept its policy's tables: the embedder id
 * (model and text window, {@code --embedder}) and the text it embeds ({@code --embed-text}). A null
 * field is not known and the sidecar keeps its default for it.
 */
public record SidecarEmbedding(String embedderId, String embedText) {

    /** Nothing known: the sidecar's defaults. */
    public static final SidecarEmbedding DEFAULTS = new SidecarEmbedding(null, null);
}
