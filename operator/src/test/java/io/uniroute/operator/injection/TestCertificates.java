package io.uniroute.operator.injection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A real self-signed certificate for tests, made by the JDK's own keytool, written as the PEM files
 * a kubernetes.io/tls Secret holds: tls.crt and tls.key (an EC key in PKCS#8, like cert-manager's
 * PKCS8 encoding; the chart's own RSA PKCS#1 key is covered by WebhookTlsRoundTripTest).
 */
final class TestCertificates {

    private TestCertificates() {
    }

    static X509Certificate write(Path dir, String cn) throws IOException, GeneralSecurityException, InterruptedException {
        Files.createDirectories(dir);
        Path store = Files.createTempFile(dir, "ks", ".p12");
        Files.delete(store);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "tls", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + cn, "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        X509Certificate cert = (X509Certificate) ks.getCertificate("tls");
        PrivateKey key = (PrivateKey) ks.getKey("tls", "changeit".toCharArray());
        Files.writeString(dir.resolve("tls.crt"), pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(dir.resolve("tls.key"), pem("PRIVATE KEY", key.getEncoded()));
        Files.delete(store);
        return cert;
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
