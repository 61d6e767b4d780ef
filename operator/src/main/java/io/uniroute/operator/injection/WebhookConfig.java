package io.uniroute.operator.injection;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the webhook listens and where its TLS files are: {@code tls.crt} and {@code tls.key} in
 * {@code tlsDir} (a mounted {@code kubernetes.io/tls} Secret, from cert-manager or the chart).
 */
public record WebhookConfig(boolean enabled, String host, int port, Path tlsDir) {

    public static final int DEFAULT_PORT = 9443;
    public static final Path DEFAULT_TLS_DIR = Path.of("/etc/uniroute/webhook-tls");

    public WebhookConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("webhook port must be in 0..65535, was " + port);
        }
    }

    public Path certFile() {
        return tlsDir.resolve("tls.crt");
    }

    public Path keyFile() {
        return tlsDir.resolve("tls.key");
    }

    /** {@code UNIROUTE_WEBHOOK_ENABLED}, {@code UNIROUTE_WEBHOOK_PORT}, {@code UNIROUTE_WEBHOOK_TLS_DIR} (the chart sets them). */
    public static WebhookConfig fromEnv(Map<String, String> env) {
        boolean enabled = "true".equals(env.getOrDefault("UNIROUTE_WEBHOOK_ENABLED", "false").trim());
        String port = env.getOrDefault("UNIROUTE_WEBHOOK_PORT", String.valueOf(DEFAULT_PORT));
        int p;
        try {
            p = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("UNIROUTE_WEBHOOK_PORT must be an integer, was " + port);
        }
        String dir = env.get("UNIROUTE_WEBHOOK_TLS_DIR");
        return new WebhookConfig(enabled, "0.0.0.0", p,
                dir == null || dir.isBlank() ? DEFAULT_TLS_DIR : Path.of(dir));
    }
}
