package io.clearhouse.gateway.protect;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Request protection limits ({@code clearhouse.gateway.protect.*}).
 *
 * @param trustedProxies  networks whose {@code X-Forwarded-For} is believed (load balancers); empty =
 *                        the header is ignored and the connection's address counts
 * @param maxBodySize     transaction submissions (single and batch)
 * @param maxUploadSize   other signed provider uploads (statements), spooled to disk to check the signature
 * @param uploadSpoolDir  where uploads are spooled while their signature is checked; empty = the JVM's
 *                        temporary directory
 * @param maxProxiedSize  any other request body forwarded to a service: services read JSON bodies whole,
 *                        so this stays small (checked on Content-Length and while streaming)
 * @param largeBodyPaths  the few routed paths that take files (exact path → their own limit)
 * @param signatureWindow how far {@code X-Timestamp} may be from the gateway's clock
 * @param maxJsonDepth    nesting depth of a JSON body
 * @param maxStringLength length of any JSON string (names and values)
 * @param metricsCidrs    networks that may read actuator endpoints other than health (Prometheus)
 * @param uploadSpoolMaxTotal  all spooled uploads together, reserved before a byte is read
 * @param uploadMaxConcurrent  uploads one client may have in flight at once
 */
@ConfigurationProperties("clearhouse.gateway.protect")
public record ProtectionProperties(@DefaultValue List<String> trustedProxies,
                                   @DefaultValue("2MB") DataSize maxBodySize,
                                   @DefaultValue("1GB") DataSize maxUploadSize,
                                   @DefaultValue("") String uploadSpoolDir,
                                   @DefaultValue("1MB") DataSize maxProxiedSize,
                                   @DefaultValue("300s") Duration signatureWindow,
                                   @DefaultValue("16") int maxJsonDepth,
                                   @DefaultValue("4096") int maxStringLength,
                                   @DefaultValue({"127.0.0.1/32", "::1/128"}) List<String> metricsCidrs,
                                   @DefaultValue("4GB") DataSize uploadSpoolMaxTotal,
                                   @DefaultValue("2") int uploadMaxConcurrent,
                                   Map<String, DataSize> largeBodyPaths) {

    public ProtectionProperties {
        largeBodyPaths = largeBodyPaths == null ? Map.of() : Map.copyOf(largeBodyPaths);
    }

    /** The body limit of a routed request to {@code path}. */
    public DataSize proxiedLimit(String path) {
        return largeBodyPaths.getOrDefault(path, maxProxiedSize);
    }

    public List<Cidr> trustedProxyCidrs() {
        return trustedProxies.stream().map(Cidr::parse).toList();
    }

    public List<Cidr> metricsCidrList() {
        return metricsCidrs.stream().filter(s -> !s.isBlank()).map(String::trim).map(Cidr::parse).toList();
    }
}
