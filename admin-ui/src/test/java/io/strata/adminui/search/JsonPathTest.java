package io.strata.adminui.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.adminui.problem.ConsoleProblem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonPathTest {

    @Test
    void pathsWithOrWithoutTheRootIndexesAndQuotedNamesParse() throws Exception {
        assertThat(JsonPath.parse("$.customer.id").steps()).containsExactly("customer", "id");
        assertThat(JsonPath.parse(" customer.id ").steps()).containsExactly("customer", "id");
        assertThat(JsonPath.parse("$.items[1].sku").steps()).containsExactly("items", 1, "sku");
        assertThat(JsonPath.parse("$['odd name'][\"x.y\"]").steps()).containsExactly("odd name", "x.y");
        assertThat(JsonPath.parse("$").steps()).isEmpty();

        var json = new ObjectMapper().readTree("{\"customer\":{\"id\":7},\"items\":[{\"sku\":\"a\"},{\"sku\":\"b\"}]}");
        assertThat(JsonPath.parse("customer.id").find(json).asInt()).isEqualTo(7);
        assertThat(JsonPath.parse("$.items[1].sku").find(json).asText()).isEqualTo("b");
        assertThat(JsonPath.parse("$.items[5].sku").find(json).isMissingNode()).isTrue();
        assertThat(JsonPath.parse("$.customer.id.deeper").find(json).isMissingNode()).isTrue();
    }

    @Test
    void aMalformedPathIsRefusedNamingWhereItWentWrong() {
        for (var bad : List.of(
                List.of("", "path: give a path such as $.customer.id (path '')"),
                List.of("$.customer..id", "path: expected a field name at position 12, found '.' (path '$.customer..id')"),
                List.of("$.items[x]", "path: expected an array index or a quoted field name inside [ ] at position 8, found 'x' (path '$.items[x]')"),
                List.of("$.items[0", "path: '[' at position 8 is not closed with ']' (path '$.items[0')"),
                List.of("$customer", "path: expected '.' or '[' at position 2, found 'c' (path '$customer')"),
                List.of("$.a b", "path: expected '.' or '[' at position 4, found ' ' (path '$.a b')"),
                List.of("customer.", "path: expected a field name at position 10, found the end (path 'customer.')"))) {
            assertThatThrownBy(() -> JsonPath.parse(bad.get(0))).as(bad.get(0)).isInstanceOf(ConsoleProblem.class)
                    .hasMessage(bad.get(1));
        }
    }
}
