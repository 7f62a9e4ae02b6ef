package io.clearhouse.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTPS for the embedded stack's gateway when asked ({@code up --tls}, {@code demo --tls}): a self-signed
 * certificate for 127.0.0.1 and localhost, generated once with the JDK's keytool into
 * {@code <data dir>/tls/} (owner-only: {@code gateway.p12}, the keystore the gateway serves from, and
 * {@code gateway.crt}, the certificate clients trust), its password in {@code secrets.properties}.
 */
public final class StackTls {

    static final String KEYSTORE = "gateway.p12";
    static final String CERTIFICATE = "gateway.crt";
    private static final String ALIAS = "clearhouse-gateway";
    private static final int VALIDITY_DAYS = 825;

    private StackTls() {
    }

    /** Generates the keystore and certificate unless they exist; returns the keystore. */
    static Path ensureKeystore(StackConfig config, String password) throws IOException, InterruptedException {
        Path dir = config.tlsDir();
        Path keystore = dir.resolve(KEYSTORE);
        Path certificate = dir.resolve(CERTIFICATE);
        if (Files.isRegularFile(keystore) && Files.isRegularFile(certificate)) {
            return keystore;
        }
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createDirectories(dir);
            }
        }
        Files.deleteIfExists(keystore);
        Files.deleteIfExists(certificate);
        keytool(config, password, "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048",
                "-validity", Integer.toString(VALIDITY_DAYS), "-dname", "CN=localhost, O=Clearhouse embedded stack",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass:env", "CLEARHOUSE_TLS_PASSWORD", "-keypass:env", "CLEARHOUSE_TLS_PASSWORD");
        keytool(config, password, "-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keystore.toString(),
                "-storepass:env", "CLEARHOUSE_TLS_PASSWORD", "-file", certificate.toString());
        return keystore;
    }

    /** The gateway's HTTPS settings (names from gateway-service's application.yml). */
    static Map<String, String> gatewayEnvironment(Path keystore, String password) {
        return Map.of("CLEARHOUSE_GATEWAY_TLS_ENABLED", "true",
                "CLEARHOUSE_GATEWAY_TLS_KEYSTORE", keystore.toAbsolutePath().toString(),
                "CLEARHOUSE_GATEWAY_TLS_KEYSTORE_PASSWORD", password);
    }

    /** A TLS context that trusts the stack's own certificate (and nothing else). */
    public static SSLContext trust(StackConfig config) {
        Path certificate = config.tlsDir().resolve(CERTIFICATE);
        try (InputStream in = Files.newInputStream(certificate)) {
            Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry(ALIAS, cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new StackRefusedException("No certificate at " + certificate
                    + ": start the stack with ./clearhouse up --tls first.");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the stack's certificate " + certificate + ": " + e.getMessage(), e);
        }
    }

    private static void keytool(StackConfig config, String password, String... args)
            throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(args));
        Path log = config.logDir().resolve("keytool.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // the password goes by environment, never on a command line other users can read
        pb.environment().put("CLEARHOUSE_TLS_PASSWORD", password);
        Process p = pb.start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException("keytool did not finish within 60 s; see " + log);
            }
            if (p.exitValue() != 0) {
                throw new IOException("keytool failed (exit code " + p.exitValue() + "); see " + log);
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
