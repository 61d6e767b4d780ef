package io.uniroute.operator.injection;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a PEM certificate chain and private key with the JDK alone: PKCS#8 keys (RSA or EC, what
 * cert-manager writes with {@code encoding: PKCS8}) and PKCS#1 RSA keys (what Helm's
 * {@code genSignedCert} writes). Errors name the file, never its content.
 */
final class PemFiles {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    // AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters.
    private static final byte[] RSA_ALGORITHM_ID = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemFiles() {
    }

    static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        byte[] bytes = Files.readAllBytes(file);
        List<X509Certificate> chain = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bytes)).stream()
                .map(X509Certificate.class::cast).toList();
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + file);
        }
        return chain;
    }

    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        Matcher m = BLOCK.matcher(Files.readString(file));
        if (!m.find()) {
            throw new GeneralSecurityException("no PEM private key in " + file);
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        return switch (m.group(1)) {
            case "PRIVATE KEY" -> pkcs8(der, file);
            case "RSA PRIVATE KEY" -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(wrapRsa(der)));
            default -> throw new GeneralSecurityException("unsupported key type '" + m.group(1) + "' in " + file
                    + ": use PKCS#8 (cert-manager: privateKey.encoding PKCS8) or a PKCS#1 RSA key");
        };
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws GeneralSecurityException {
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException("PKCS#8 key in " + file + " is neither RSA, EC nor Ed25519");
    }

    /** PKCS#1 RSAPrivateKey → PKCS#8 PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING key }. */
    static byte[] wrapRsa(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM_ID);
        body.write(0x04);
        body.writeBytes(derLength(pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(derLength(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] derLength(int length) {
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
        byte[] out = new byte[bytes + 1];
        out[0] = (byte) (0x80 | bytes);
        for (int i = 0; i < bytes; i++) {
            out[bytes - i] = (byte) (length >>> (8 * i));
        }
        return out;
    }
}
