package io.uniroute.core.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uniroute.core.embedding.PromptText.Message;
import io.uniroute.core.embedding.PromptText.Mode;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptTextTest {

    static final List<Message> CONVERSATION = List.of(
            new Message("system", "You are a careful assistant."),
            new Message("user", "What is 2 + 2?"),
            new Message("assistant", "4"),
            new Message("user", "And 3 + 3?"));

    @Test
    void eachModeTakesItsMessages() {
        assertThat(PromptText.of(CONVERSATION, Mode.LAST_USER)).isEqualTo("And 3 + 3?");
        assertThat(PromptText.of(CONVERSATION, Mode.ALL_USER)).isEqualTo("What is 2 + 2?\nAnd 3 + 3?");
        assertThat(PromptText.of(CONVERSATION, Mode.ALL))
                .isEqualTo("You are a careful assistant.\nWhat is 2 + 2?\n4\nAnd 3 + 3?");
        assertThat(PromptText.of(List.of(new Message("system", "only instructions")), Mode.LAST_USER)).isEmpty();
    }

    @Test
    void modesParseFromTheirFlags() {
        for (Mode m : Mode.values()) {
            assertThat(Mode.parse(m.flag())).isEqualTo(m);
        }
        assertThatThrownBy(() -> Mode.parse("first-user")).hasMessageContaining("last-user, all-user or all");
    }
}
