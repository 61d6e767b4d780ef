package io.uniroute.sidecar.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.uniroute.sidecar.upstream.AnswerCheck.Verdict;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class AnswerCheckTest {

    @Test
    void aCompletionIsAJsonObjectWithChoices() {
        assertThat(AnswerCheck.isCompletion(Buffer.buffer("{\"choices\":[{\"message\":{}}]}"))).isTrue();
        assertThat(AnswerCheck.isCompletion(Buffer.buffer("{\"error\":{}}"))).isFalse();
        assertThat(AnswerCheck.isCompletion(Buffer.buffer("<html>"))).isFalse();
        assertThat(AnswerCheck.isCompletion(Buffer.buffer("{\"choices\": [trunc"))).isFalse();
        assertThat(AnswerCheck.isCompletion(Buffer.buffer(""))).isFalse();
    }

    @Test
    void aStreamIsJudgedByItsFirstDataEvent() {
        assertThat(AnswerCheck.firstEvent(Buffer.buffer("data: {\"choices\":[]}"))).isEqualTo(Verdict.NEED_MORE);
        assertThat(AnswerCheck.firstEvent(Buffer.buffer(": ping\n\ndata: {\"choices\":[]}\n\n"))).isEqualTo(Verdict.VALID);
        assertThat(AnswerCheck.firstEvent(Buffer.buffer("data: {\"choices\":[]}\r\n\r\n"))).isEqualTo(Verdict.VALID);
        assertThat(AnswerCheck.firstEvent(Buffer.buffer("data: [DONE]\n\n"))).isEqualTo(Verdict.INVALID);
        assertThat(AnswerCheck.firstEvent(Buffer.buffer("data: {\"error\":{}}\n\n"))).isEqualTo(Verdict.INVALID);
        // an event without data (an unknown field, per SSE) is skipped like a comment
        assertThat(AnswerCheck.firstEvent(Buffer.buffer("garbage\n\n"))).isEqualTo(Verdict.NEED_MORE);
        assertThat(AnswerCheck.firstEvent(Buffer.buffer("x".repeat(AnswerCheck.MAX_FIRST_EVENT_BYTES + 1))))
                .isEqualTo(Verdict.INVALID);
    }
}
