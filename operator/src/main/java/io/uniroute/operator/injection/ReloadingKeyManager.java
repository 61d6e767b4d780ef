package io.uniroute.operator.injection;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the certificate and key from two PEM files and picks up new ones when the files change
 * (cert-manager renewals, a Helm upgrade's new certificate: the kubelet rewrites the mounted
 * Secret). Checked at most once per {@code recheck} on a handshake; a broken new pair is logged and
 * the last good pair keeps serving. Each pair has its own alias, so one handshake never mixes a new
 * chain with an old key.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingKeyManager.class);

    private record Pair(String alias, X509Certificate[] chain, PrivateKey key, FileTime certTime, FileTime keyTime,
                        Instant checkedAt) {
    }

    private final Path certFile;
    private final Path keyFile;
    private final Duration recheck;
    private final Clock clock;
    private final AtomicReference<Pair> current = new AtomicReference<>();
    private final AtomicReference<Pair> previous = new AtomicReference<>();

    ReloadingKeyManager(Path certFile, Path keyFile, Duration recheck, Clock clock)
            throws IOException, GeneralSecurityException {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.recheck = recheck;
        this.clock = clock;
        current.set(load(0));
    }

    private Pair load(int generation) throws IOException, GeneralSecurityException {
        FileTime certTime = Files.getLastModifiedTime(certFile);
        FileTime keyTime = Files.getLastModifiedTime(keyFile);
        List<X509Certificate> chain = PemFiles.certificates(certFile);
        PrivateKey key = PemFiles.privateKey(keyFile);
        if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            throw new GeneralSecurityException("key in " + keyFile + " does not match the certificate in " + certFile);
        }
        return new Pair("webhook-" + generation, chain.toArray(X509Certificate[]::new), key, certTime, keyTime,
                clock.instant());
    }

    /** The pair to serve now, reloading first when the files changed since the last check. */
    private Pair fresh() {
        Pair pair = current.get();
        Instant now = clock.instant();
        if (Duration.between(pair.checkedAt(), now).compareTo(recheck) < 0) {
            return pair;
        }
        try {
            boolean changed = !Files.getLastModifiedTime(certFile).equals(pair.certTime())
                    || !Files.getLastModifiedTime(keyFile).equals(pair.keyTime());
            if (!changed) {
                Pair checked = new Pair(pair.alias(), pair.chain(), pair.key(), pair.certTime(), pair.keyTime(), now);
                current.compareAndSet(pair, checked);
                return checked;
            }
            int generation = Integer.parseInt(pair.alias().substring("webhook-".length())) + 1;
            Pair next = load(generation);
            if (current.compareAndSet(pair, next)) {
                previous.set(pair);
                LOG.info("webhook TLS certificate reloaded from {}", certFile);
            }
            return current.get();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.warn("webhook TLS certificate not reloaded, keeping the current one: {}", e.getMessage());
            Pair kept = new Pair(pair.alias(), pair.chain(), pair.key(), pair.certTime(), pair.keyTime(), now);
            current.compareAndSet(pair, kept);
            return current.get();
        }
    }

    private Pair byAlias(String alias) {
        for (Pair p : new Pair[] {current.get(), previous.get()}) {
            if (p != null && p.alias().equals(alias)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    /** The JSSE asks once per key type it could use; answer only for our key's (it checks the same). */
    private String aliasFor(String keyType) {
        Pair p = fresh();
        return p.key().getAlgorithm().equals(keyType) ? p.alias() : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[] {current.get().alias()};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Pair p = byAlias(alias);
        return p == null ? null : p.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Pair p = byAlias(alias);
        return p == null ? null : p.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
