package io.clearhouse.support.caller;

import io.clearhouse.common.identity.GatewayIdentity;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The two ways {@link CallerFilter} binds a request's body to the gateway's signature
 * ({@link GatewayIdentity.Body}): a small body is read whole and compared before the handler runs
 * ({@link #read}, {@link Cached}); a streamed one (a statement upload of up to a gigabyte) is hashed
 * as the handler reads it and compared at its last byte ({@link Checked}), so it is never held in
 * memory nor read twice.
 */
final class SignedBodies {

    private SignedBodies() {
    }

    /** The body's bytes when they are exactly the signed body, else null (reads at most one byte more). */
    static byte[] read(HttpServletRequest request, GatewayIdentity.Body signed) throws IOException {
        InputStream in = request.getInputStream();
        byte[] bytes = in.readNBytes((int) signed.length());
        if (bytes.length != signed.length() || in.read() != -1) {
            return null;
        }
        return GatewayIdentity.Body.of(bytes).sha256().equals(signed.sha256()) ? bytes : null;
    }

    private static Charset charset(HttpServletRequest request) {
        String name = request.getCharacterEncoding();
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** A request whose body was read and verified whole: the handler reads these bytes. */
    static final class Cached extends HttpServletRequestWrapper {

        private final byte[] body;

        Cached(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the verified body is read synchronously");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), charset(this)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }

    /**
     * A request whose body is verified as it streams: past the signed length, or at its end with
     * another length or digest, the read fails with {@link SignedBodyMismatchException}.
     */
    static final class Checked extends HttpServletRequestWrapper {

        private final GatewayIdentity.Body signed;
        private ServletInputStream stream;

        Checked(HttpServletRequest request, GatewayIdentity.Body signed) {
            super(request);
            this.signed = signed;
        }

        @Override
        public synchronized ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Stream(super.getInputStream(), signed);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            return new BufferedReader(new InputStreamReader(getInputStream(), charset(this)));
        }
    }

    private static final class Stream extends ServletInputStream {

        private final ServletInputStream in;
        private final GatewayIdentity.Body signed;
        private final MessageDigest digest = GatewayIdentity.sha256();
        private long count;
        private boolean verified;

        Stream(ServletInputStream in, GatewayIdentity.Body signed) {
            this.in = in;
            this.signed = signed;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                atEnd();
                return -1;
            }
            digest.update((byte) b);
            seen(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n < 0) {
                atEnd();
                return -1;
            }
            digest.update(b, off, n);
            seen(n);
            return n;
        }

        private void seen(int n) throws SignedBodyMismatchException {
            count += n;
            if (count > signed.length()) {
                throw new SignedBodyMismatchException("the request body is longer than the body the gateway signed");
            }
        }

        private void atEnd() throws SignedBodyMismatchException {
            if (verified) {
                return;
            }
            if (count != signed.length()
                    || !HexFormat.of().formatHex(digest.digest()).equals(signed.sha256())) {
                throw new SignedBodyMismatchException("the request body is not the body the gateway signed");
            }
            verified = true;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
