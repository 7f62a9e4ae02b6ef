package io.clearhouse.reporting.graphql;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.schema.DataFetchingEnvironment;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.problem.Problems;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;

/**
 * GraphQL wiring: the verified caller into each execution's context, the depth and complexity limits
 * (a query over either is refused before any data fetcher runs), and problems as GraphQL errors.
 */
@Configuration(proxyBeanMethods = false)
class GraphqlConfig {

    /** The GraphQL context key of the verified {@link Caller}. */
    static final String CALLER = "clearhouse.caller";

    /**
     * Deepest query: statements → lines → statement → lines is depth 10 with a leaf; anything deeper only
     * walks the same rows again.
     */
    @Bean
    MaxQueryDepthInstrumentation maxQueryDepth(
            @Value("${clearhouse.reporting.graphql.max-depth:10}") int maxDepth) {
        return new MaxQueryDepthInstrumentation(maxDepth);
    }

    /**
     * Costliest query, counted in fields to resolve: a field with {@code first} costs its page size times
     * its selection (the default page, 50, when omitted), so 200 statements × 50 lines is refused while a
     * full page of statements with their figures is not.
     */
    @Bean
    MaxQueryComplexityInstrumentation maxQueryComplexity(
            @Value("${clearhouse.reporting.graphql.max-complexity:10000}") int maxComplexity) {
        return new MaxQueryComplexityInstrumentation(maxComplexity, pageTimesSelection());
    }

    static FieldComplexityCalculator pageTimesSelection() {
        return (env, childComplexity) -> {
            if (!env.getFieldDefinition().getArguments().stream().anyMatch(a -> a.getName().equals("first"))) {
                return 1 + childComplexity;
            }
            Object first = env.getArguments().get("first");
            // an out-of-range page is refused by the fetcher; here it only has to count no less than the maximum
            long page = first instanceof Number n ? Math.max(1, n.longValue()) : 50;
            return (int) Math.min(Integer.MAX_VALUE, 1 + page * Math.max(1, childComplexity));
        };
    }

    /** CallerFilter verified the identity (or answered 401); the data fetchers read it from the context. */
    @Bean
    WebGraphQlInterceptor callerIntoContext() {
        return (request, chain) -> {
            Object caller = request.getAttributes().get(Caller.ATTRIBUTE);
            if (caller instanceof Caller c) {
                request.configureExecutionInput((input, builder) ->
                        builder.graphQLContext(Map.of(CALLER, c)).build());
            }
            return chain.next(request);
        };
    }

    /** A problem becomes a GraphQL error of the matching class, with its type URI and field. */
    @Bean
    DataFetcherExceptionResolverAdapter problemsAsGraphqlErrors() {
        return new DataFetcherExceptionResolverAdapter() {
            @Override
            protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
                if (!(ex instanceof Problems.Problem problem)) {
                    return null;
                }
                ErrorType type = switch (problem.status().value()) {
                    case 400 -> ErrorType.BAD_REQUEST;
                    case 401 -> ErrorType.UNAUTHORIZED;
                    case 403 -> ErrorType.FORBIDDEN;
                    case 404 -> ErrorType.NOT_FOUND;
                    default -> ErrorType.INTERNAL_ERROR;
                };
                Map<String, Object> extensions = new LinkedHashMap<>();
                extensions.put("type", problem.type().toString());
                if (!problem.errors().isEmpty()) {
                    extensions.put("field", problem.errors().get(0).field());
                }
                return GraphqlErrorBuilder.newError(env).errorType(type).message(problem.getMessage())
                        .extensions(extensions).build();
            }
        };
    }
}
