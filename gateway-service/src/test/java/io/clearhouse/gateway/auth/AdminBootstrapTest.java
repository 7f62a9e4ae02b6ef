package io.clearhouse.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class AdminBootstrapTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final ClientAdmin admin = mock(ClientAdmin.class);
    private final ClientRepository repository = mock(ClientRepository.class);
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(4);

    @Test
    void aConfiguredSecretCreatesTheAdminIfAbsentAndWritesNoFile(@TempDir Path dataDir) throws Exception {
        new AdminBootstrap(admin, repository, encoder, dataDir.toString(), "ops-admin", SECRET).run(null);

        ArgumentCaptor<NewClient> request = ArgumentCaptor.forClass(NewClient.class);
        verify(admin).createIfAbsent(request.capture(), eq(SECRET), eq("gateway-bootstrap"));
        assertThat(request.getValue().clientId()).isEqualTo("ops-admin");
        assertThat(request.getValue().role()).isEqualTo(Role.ADMIN);
        verify(admin, never()).rotateSecret(anyString(), anyString(), anyString(), any());
        assertThat(dataDir.resolve(AdminBootstrap.FILE)).doesNotExist();
    }

    @Test
    void withoutSecretOrDataDirectoryNothingHappens() throws Exception {
        new AdminBootstrap(admin, repository, encoder, "", "admin", "").run(null);
        verifyNoInteractions(admin, repository);
    }

    @Test
    void aShortSecretStopsTheStart() {
        assertThatThrownBy(() -> new AdminBootstrap(admin, repository, encoder, "", "admin", "too-short"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("32");
    }
}
