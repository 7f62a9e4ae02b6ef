package io.clearhouse.gateway.auth;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditRecord;
import io.clearhouse.common.identity.Totp;
import io.clearhouse.gateway.web.Problems;
import io.clearhouse.gateway.web.Refusal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Base64;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, lists, disables and re-keys API clients. Every change is audited with who and why in the
 * same database transaction. Secrets are generated here, returned once, and kept only as a bcrypt
 * hash (the client secret) or as issued (the provider's signing secret, needed to verify HMACs).
 * Blocking: call it off the event loop. Each change drops the client from this instance's
 * {@link ClientDirectory} once its transaction has committed, so it takes effect here at once.
 */
@Component
public class ClientAdmin {

    static final String ENTITY = "api_client";

    private final ClientRepository repository;
    private final ClientDirectory directory;
    private final AuditAppender audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final BCryptPasswordEncoder encoder;
    private final SecureRandom random = new SecureRandom();

    ClientAdmin(ClientRepository repository, ClientDirectory directory, AuditAppender audit,
                PlatformTransactionManager transactions, Clock clock, BCryptPasswordEncoder encoder) {
        this.repository = repository;
        this.directory = directory;
        this.audit = audit;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.encoder = encoder;
    }

    public IssuedCredentials create(NewClient request, String actor, String requestId) {
        NewClient c = request.validated();
        String secret = clientSecret();
        String signing = c.role() == Role.PROVIDER ? signingSecret() : null;
        Instant now = clock.instant();
        ApiClient client = new ApiClient(c.clientId(), encoder.encode(secret), c.role(), c.providerId(), signing,
                c.allowedCidrs(), c.ratePerSecondOrDefault(), c.burstOrDefault(), true, actor, now);
        tx.executeWithoutResult(s -> {
            if (!repository.insert(client, now)) {
                throw new Refusal(HttpStatus.CONFLICT, Problems.CONFLICT, "Client exists",
                        "client " + c.clientId() + " already exists; rotate its secret instead");
            }
            audit.append(List.of(new AuditRecord(actor, "CLIENT_CREATED", ENTITY, client.clientId(), null,
                    state(client), c.reason(), requestId)));
        });
        directory.invalidate(client.clientId());
        return new IssuedCredentials(client.clientId(), client.role(), client.providerId(), secret, signing);
    }

    /**
     * Creates the client with the given secret unless a client of that id exists (then nothing
     * changes: the secret is never reset, so a client rotated since keeps its new secret). Safe when
     * several gateway replicas start at once: one insert wins, the others see the client.
     *
     * @return true when this call created it
     */
    public boolean createIfAbsent(NewClient request, String secret, String actor) {
        NewClient c = request.validated();
        Instant now = clock.instant();
        String signing = c.role() == Role.PROVIDER ? signingSecret() : null;
        ApiClient client = new ApiClient(c.clientId(), encoder.encode(secret), c.role(), c.providerId(), signing,
                c.allowedCidrs(), c.ratePerSecondOrDefault(), c.burstOrDefault(), true, actor, now);
        Boolean created = tx.execute(s -> {
            if (!repository.insert(client, now)) {
                return false;
            }
            audit.append(List.of(new AuditRecord(actor, "CLIENT_CREATED", ENTITY, client.clientId(), null,
                    state(client), c.reason(), null)));
            return true;
        });
        directory.invalidate(client.clientId());
        return Boolean.TRUE.equals(created);
    }

    public List<ApiClient.ClientView> list() {
        return repository.list(false).stream().map(ApiClient::view).toList();
    }

    public ApiClient.ClientView disable(String clientId, String actor, String reason, String requestId) {
        return disable(clientId, false, actor, reason, requestId).view();
    }

    private ApiClient disable(String clientId, boolean person, String actor, String reason, String requestId) {
        ApiClient disabled = tx.execute(s -> {
            ApiClient before = existing(clientId, person);
            repository.setEnabled(clientId, false, clock.instant());
            ApiClient after = repository.find(clientId).orElseThrow();
            audit.append(List.of(new AuditRecord(actor, person ? "USER_DISABLED" : "CLIENT_DISABLED", ENTITY, clientId,
                    state(before), state(after), reason, requestId)));
            return after;
        });
        // after the commit: a lookup between an earlier invalidation and the commit would re-cache the old row
        directory.invalidate(clientId);
        return disabled;
    }

    /** New client secret, and for a provider a new signing secret; the old ones stop working at once. */
    public IssuedCredentials rotateSecret(String clientId, String actor, String reason, String requestId) {
        IssuedCredentials issued = tx.execute(s -> {
            ApiClient before = existing(clientId, false);
            String secret = clientSecret();
            String signing = before.role() == Role.PROVIDER ? signingSecret() : null;
            repository.replaceSecrets(clientId, encoder.encode(secret), signing, clock.instant());
            audit.append(List.of(new AuditRecord(actor, "CLIENT_SECRET_ROTATED", ENTITY, clientId, state(before),
                    state(before), reason, requestId)));
            return new IssuedCredentials(clientId, before.role(), before.providerId(), secret, signing);
        });
        directory.invalidate(clientId);
        return issued;
    }

    // ---- people who sign in to the console

    /** Creates a person with a generated password and TOTP secret, returned once. */
    public IssuedLogin createPerson(NewPerson request, String actor, String requestId) {
        NewPerson p = request.validated();
        String password = clientSecret();
        String totp = Totp.newSecret();
        Instant now = clock.instant();
        ApiClient person = new ApiClient(p.userId(), encoder.encode(password), p.role(), p.providerId(), null,
                List.of(), NewPerson.RATE_PER_SECOND, NewPerson.BURST, true, actor, now, 1, true);
        tx.executeWithoutResult(s -> {
            if (!repository.insertPerson(person, totp, now)) {
                throw new Refusal(HttpStatus.CONFLICT, Problems.CONFLICT, "Name taken",
                        "a user or client named " + p.userId() + " already exists");
            }
            audit.append(List.of(new AuditRecord(actor, "USER_CREATED", ENTITY, person.clientId(), null,
                    state(person), p.reason(), requestId)));
        });
        directory.invalidate(person.clientId());
        return login(person, password, totp);
    }

    public List<ApiClient.UserView> people() {
        return repository.list(true).stream().map(ApiClient::userView).toList();
    }

    public ApiClient.UserView disablePerson(String userId, String actor, String reason, String requestId) {
        return disable(userId, true, actor, reason, requestId).userView();
    }

    /**
     * A new password and TOTP secret (enabling the person again): what a lost phone or a forgotten password
     * needs. Every token issued before stops working at once.
     */
    public IssuedLogin resetPerson(String userId, String actor, String reason, String requestId) {
        IssuedLogin issued = tx.execute(s -> {
            ApiClient before = existing(userId, true);
            String password = clientSecret();
            String totp = Totp.newSecret();
            repository.resetPerson(userId, encoder.encode(password), totp, clock.instant());
            audit.append(List.of(new AuditRecord(actor, "USER_RESET", ENTITY, userId, state(before),
                    state(before), reason, requestId)));
            return login(before, password, totp);
        });
        directory.invalidate(userId);
        return issued;
    }

    private static IssuedLogin login(ApiClient person, String password, String totp) {
        return new IssuedLogin(person.clientId(), person.role(), person.providerId(), password, totp,
                Totp.otpauthUri("Clearhouse", person.clientId(), totp));
    }

    /** The client, or the person, of that id: a 404 names the one asked for. */
    private ApiClient existing(String id, boolean person) {
        return repository.find(id).filter(c -> c.person() == person).orElseThrow(() -> new Refusal(
                HttpStatus.NOT_FOUND, Problems.NOT_FOUND, person ? "No such user" : "No such client",
                (person ? "user " : "client ") + id + " does not exist"));
    }

    /** The audited state of a client: never its secrets. */
    private static Map<String, Object> state(ApiClient c) {
        Map<String, Object> m = new HashMap<>();
        m.put("role", c.role().name());
        m.put("providerId", c.providerId());
        m.put("allowedCidrs", c.allowedCidrs());
        m.put("ratePerSecond", c.ratePerSecond());
        m.put("burst", c.burst());
        m.put("enabled", c.enabled());
        return m;
    }

    private String clientSecret() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Hex, so that it can be passed as is to {@code openssl dgst -hmac}. */
    private String signingSecret() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
