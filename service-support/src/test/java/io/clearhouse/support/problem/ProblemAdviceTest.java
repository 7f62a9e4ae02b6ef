package io.clearhouse.support.problem;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

class ProblemAdviceTest {

    record Order(@NotBlank String name, @Positive BigDecimal amount, LocalDate day) {
    }

    static final class DomainRefusal extends RuntimeException {
        DomainRefusal() {
            super("the domain says no");
        }
    }

    @RestController
    static class Probe {

        @PostMapping(path = "/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
        String create(@Valid @RequestBody Order order) {
            return "ok";
        }

        @GetMapping("/orders/{id}")
        String read(@PathVariable long id, @RequestParam String view) {
            throw switch (view) {
                case "gone" -> new Problems.NotFound("order " + id + " not found");
                case "field" -> new Problems.Invalid("view", "is not a view");
                case "domain" -> new DomainRefusal();
                case "db" -> new org.springframework.dao.DataAccessResourceFailureException("refused by 10.0.0.7:5432");
                default -> new IllegalStateException("secret internals at com.example.Db:42");
            };
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Probe())
            .setControllerAdvice(new ProblemAdvice(List.of(e -> e instanceof DomainRefusal
                    ? new Problems.Conflict(e.getMessage()) : null)))
            .build();

    @Test
    void beanValidationNamesEveryField() throws Exception {
        mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"\",\"amount\":-1}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://clearhouse.io/problems/invalid-request"))
                .andExpect(jsonPath("$.errors[*].field", Matchers.containsInAnyOrder("name", "amount")));
    }

    @Test
    void malformedJsonAndWrongTypesNameTheFieldWithoutQuotingTheParser() throws Exception {
        mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"a\",\"day\":\"soon\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("day"));
        mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content("{\"name\":"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("body"))
                .andExpect(jsonPath("$.detail", Matchers.not(Matchers.containsString("Exception"))));
    }

    @Test
    void pathTypeMismatchAndMissingParameterNameTheField() throws Exception {
        mvc.perform(get("/orders/abc").param("view", "x"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("id"));
        mvc.perform(get("/orders/1"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("view"))
                .andExpect(jsonPath("$.errors[0].message").value("is required"));
    }

    @Test
    void sharedRefusalsAndTranslatedDomainExceptionsKeepTheirStatusAndType() throws Exception {
        mvc.perform(get("/orders/7").param("view", "gone"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://clearhouse.io/problems/not-found"))
                .andExpect(jsonPath("$.detail").value("order 7 not found"));
        mvc.perform(get("/orders/7").param("view", "field"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("view"))
                .andExpect(jsonPath("$.errors[0].message").value("is not a view"));
        mvc.perform(get("/orders/7").param("view", "domain"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://clearhouse.io/problems/conflict"));
    }

    @Test
    void frameworkRefusalsGetAStableType() throws Exception {
        mvc.perform(post("/orders/1")).andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.type").value("https://clearhouse.io/problems/method-not-allowed"));
        mvc.perform(post("/orders").contentType(MediaType.TEXT_PLAIN).content("x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("https://clearhouse.io/problems/unsupported-media-type"));
    }

    @Test
    void aDatabaseOutageIs503WithoutItsAddress() throws Exception {
        mvc.perform(get("/orders/7").param("view", "db"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.type").value("https://clearhouse.io/problems/temporarily-unavailable"))
                .andExpect(content().string(Matchers.not(Matchers.containsString("10.0.0.7"))));
    }

    @Test
    void anUnexpectedFailureIs500WithoutInternals() throws Exception {
        mvc.perform(get("/orders/7").param("view", "boom"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("https://clearhouse.io/problems/internal-error"))
                .andExpect(content().string(Matchers.not(Matchers.containsString("secret internals"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("Exception"))));
    }
}
