package io.clearhouse.gateway.protect;

import io.clearhouse.gateway.web.Refusal;
import io.clearhouse.common.identity.GatewayIdentity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.crypto.Mac;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A signed provider upload (a statement file, up to {@code max-upload-size}) on its way through the
 * gateway: the body goes to a temporary file while its MAC is computed, so that it never sits whole
 * in memory; only once the signature is verified is the file forwarded, streamed from disk, as the
 * request body. The file is removed when the exchange ends, however it ends
 * ({@link #discard(ServerWebExchange)}).
 */
final class UploadSpool {

    private static final Logger log = LoggerFactory.getLogger(UploadSpool.class);
    private static final String FILE = UploadSpool.class.getName() + ".file";
    private static final String DISCARDED = UploadSpool.class.getName() + ".discarded";
    private static final String RESERVATION = UploadSpool.class.getName() + ".reservation";
    /** Read size when forwarding from disk. */
    private static final int CHUNK = 64 * 1024;

    private static final String SPOOLED = UploadSpool.class.getName() + ".spooled";

    /** The spooled body: where, how long, its MAC (null when it was spooled without one) and its SHA-256. */
    record Spooled(Path file, long size, byte[] mac, byte[] sha256) {
    }

    private final Path dir;
    private final SpoolQuota quota;

    /** {@code dir} empty = the JVM's temporary directory. */
    UploadSpool(String dir, SpoolQuota quota) {
        this.dir = dir == null || dir.isBlank() ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(dir);
        this.quota = quota;
    }

    /**
     * Reserves spool for the exchange's upload before anything is read: its declared length, or
     * {@code max} when it is sent chunked. Refuses (429, 503) when the client or the spool is at its
     * limit; the reservation is given back by {@link #discard}.
     */
    void reserve(ServerWebExchange exchange, String clientId, long max) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        SpoolQuota.Reservation r = quota.reserve(clientId, declared >= 0 ? Math.min(declared, max) : max);
        exchange.getAttributes().put(RESERVATION, r);
    }

    /**
     * Writes the request body to a new temporary file, feeding every byte to {@code mac} (when not
     * null) and to a SHA-256 on the way (the digest the gateway signs for the service:
     * {@code X-Clearhouse-Body}); fails with {@code tooLarge} as soon as more than {@code max} bytes
     * have arrived, whatever the request declared.
     */
    Mono<Spooled> spool(ServerWebExchange exchange, Mac mac, long max, Supplier<Refusal> tooLarge) {
        return Mono.fromCallable(() -> create(exchange)).subscribeOn(Schedulers.boundedElastic()).flatMap(file -> {
            AtomicLong size = new AtomicLong();
            MessageDigest sha = GatewayIdentity.sha256();
            Flux<DataBuffer> body = exchange.getRequest().getBody().handle((buffer, sink) -> {
                if (size.addAndGet(buffer.readableByteCount()) > max) {
                    DataBufferUtils.release(buffer);
                    sink.error(tooLarge.get());
                    return;
                }
                // views of the readable bytes: the buffer's own read position is left for the file write
                try (DataBuffer.ByteBufferIterator views = buffer.readableByteBuffers()) {
                    while (views.hasNext()) {
                        ByteBuffer view = views.next();
                        if (mac != null) {
                            mac.update(view.duplicate());
                        }
                        sha.update(view);
                    }
                }
                sink.next(buffer);
            });
            return DataBufferUtils.write(body, file).then(Mono.fromCallable(() ->
                    new Spooled(file, size.get(), mac == null ? null : mac.doFinal(), sha.digest())));
        });
    }

    /** The exchange with the spooled file as its body (and its exact length as Content-Length). */
    static ServerWebExchange forward(ServerWebExchange exchange, Spooled spooled) {
        ServerHttpRequest withLength = exchange.getRequest().mutate().headers(h -> {
            h.remove(HttpHeaders.TRANSFER_ENCODING);
            h.setContentLength(spooled.size());
        }).build();
        ServerHttpRequest fromDisk = new ServerHttpRequestDecorator(withLength) {
            @Override
            public Flux<DataBuffer> getBody() {
                return DataBufferUtils.read(spooled.file(), exchange.getResponse().bufferFactory(), CHUNK);
            }
        };
        exchange.getAttributes().put(SPOOLED, spooled);
        return exchange.mutate().request(fromDisk).build();
    }

    /** The length and SHA-256 of the spooled body the exchange forwards, or null when it forwards none. */
    static GatewayIdentity.Body spooledBody(ServerWebExchange exchange) {
        Spooled spooled = exchange.getAttribute(SPOOLED);
        return spooled == null ? null
                : new GatewayIdentity.Body(spooled.size(), java.util.HexFormat.of().formatHex(spooled.sha256()));
    }

    /** Deletes the exchange's spooled file, if it has one; safe to call more than once. */
    static void discard(ServerWebExchange exchange) {
        exchange.getAttributes().put(DISCARDED, Boolean.TRUE);
        SpoolQuota.Reservation reservation = (SpoolQuota.Reservation) exchange.getAttributes().remove(RESERVATION);
        if (reservation != null) {
            reservation.release();
        }
        Path file = (Path) exchange.getAttributes().remove(FILE);
        if (file == null) {
            return;
        }
        Schedulers.boundedElastic().schedule(() -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("Could not delete spooled upload {}: {}", file, e.getMessage());
            }
        });
    }

    private Path create(ServerWebExchange exchange) {
        try {
            Files.createDirectories(dir);
            Path file = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempFile(dir, "clearhouse-upload-", ".part",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, "clearhouse-upload-", ".part");
            exchange.getAttributes().put(FILE, file);
            if (exchange.getAttributes().containsKey(DISCARDED)) {
                // the exchange ended (cancelled) while the file was being created
                discard(exchange);
                throw new IllegalStateException("the request ended before its upload was spooled");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an upload spool file in " + dir, e);
        }
    }
}
