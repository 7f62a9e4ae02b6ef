package io.clearhouse.support.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clearhouse.support.problem.Problems;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueParamsTest {

    private static final Map<String, String> SORTABLE = Map.of("id", "id", "openedAt", "opened_at");

    @Test
    void sortsByTheNamedColumnThenByIdTheSameWay() {
        assertThat(Sort.of("openedAt,desc", SORTABLE).orderBy()).isEqualTo("opened_at DESC, id DESC");
        assertThat(Sort.of(" openedAt ", SORTABLE).orderBy()).isEqualTo("opened_at ASC, id ASC");
        assertThat(Sort.of("id,DESC", SORTABLE).orderBy()).isEqualTo("id DESC");
    }

    @Test
    void refusesASortFieldThatIsNotListedNamingSort() {
        assertThatThrownBy(() -> Sort.of("payload; DROP TABLE x", SORTABLE))
                .isInstanceOfSatisfying(Problems.Invalid.class, e -> assertThat(e.field()).isEqualTo("sort"));
    }

    @Test
    void boundsPageAndSizeNamingTheParameter() {
        assertThat(Paging.page(0, 10)).isZero();
        assertThat(Paging.size(10, 10)).isEqualTo(10);
        assertThatThrownBy(() -> Paging.page(11, 10))
                .isInstanceOfSatisfying(Problems.Invalid.class, e -> assertThat(e.field()).isEqualTo("page"));
        assertThatThrownBy(() -> Paging.page(-1, 10))
                .isInstanceOfSatisfying(Problems.Invalid.class, e -> assertThat(e.field()).isEqualTo("page"));
        assertThatThrownBy(() -> Paging.size(0, 10))
                .isInstanceOfSatisfying(Problems.Invalid.class, e -> assertThat(e.field()).isEqualTo("size"));
    }

    @Test
    void checksAssignAndCommentRequestsNamingTheField() {
        assertThat(new ExceptionQueue.CommentRequest("looked at it").checkedText()).isEqualTo("looked at it");
        assertThatThrownBy(() -> new ExceptionQueue.CommentRequest(" ").checkedText())
                .isInstanceOfSatisfying(Problems.Invalid.class, e -> assertThat(e.field()).isEqualTo("text"));
        assertThatThrownBy(() -> new ExceptionQueue.CommentRequest("x".repeat(2001)).checkedText())
                .isInstanceOfSatisfying(Problems.Invalid.class, e -> assertThat(e.field()).isEqualTo("text"));
        assertThatThrownBy(() -> new ExceptionQueue.AssignRequest("a".repeat(201), null).checked())
                .isInstanceOfSatisfying(Problems.Invalid.class, e -> assertThat(e.field()).isEqualTo("assignee"));
        assertThatThrownBy(() -> new ExceptionQueue.AssignRequest("ops-1", "n".repeat(2001)).checked())
                .isInstanceOfSatisfying(Problems.Invalid.class, e -> assertThat(e.field()).isEqualTo("note"));
    }

    @Test
    void leavesOutFiltersWithoutAValueAndRefusesATableNameThatIsNotOne() {
        Where where = new Where().and("a = :a", "a", null).and("b = :b", "b", 1);
        assertThat(where).extracting("sql").hasToString(" WHERE true AND b = :b");
        assertThatThrownBy(() -> Where.table("x; DROP")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAssigningInAStateThatIsNotAssignable() {
        QueueStatus closed = () -> false;
        assertThatThrownBy(closed::requireAssignable).isInstanceOf(Problems.Conflict.class);
        QueueStatus open = () -> true;
        open.requireAssignable();
        assertThat(open.assignable()).isTrue();
    }
}
