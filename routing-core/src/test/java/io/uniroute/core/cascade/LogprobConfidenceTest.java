package io.uniroute.core.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LogprobConfidenceTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode json(String s) throws Exception {
        return mapper.readTree(s);
    }

    @Test
    void meanOfChatTokenLogprobs() throws Exception {
        var answer = json("""
                {"choices":[{"message":{"content":"B"},"logprobs":{"content":[
                  {"token":"B","logprob":-0.1},{"token":".","logprob":-0.3}]}}]}""");
        assertThat(LogprobConfidence.meanTokenLogprob(answer)).hasValueCloseTo(-0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(LogprobConfidence.confident(answer, -0.5)).isTrue();
        assertThat(LogprobConfidence.confident(answer, -0.1)).isFalse();
    }

    @Test
    void meanOfCompletionTokenLogprobsSkippingNulls() throws Exception {
        var answer = json("""
                {"choices":[{"text":"42","logprobs":{"tokens":["4","2"],"token_logprobs":[null,-2.0,-1.0]}}]}""");
        assertThat(LogprobConfidence.meanTokenLogprob(answer)).hasValueCloseTo(-1.5, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void anAnswerWithoutLogprobsIsNotConfident() throws Exception {
        var answer = json("""
                {"choices":[{"message":{"content":"B"}}]}""");
        assertThat(LogprobConfidence.meanTokenLogprob(answer)).isEmpty();
        assertThat(LogprobConfidence.confident(answer, -10)).isFalse();
    }
}
