package io.uniroute.core.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uniroute.core.hashing.Sha256;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SharedTemplateTest {

    private static final String PREAMBLE = Preambles.twoThousandCharacters();
    private static final String SUFFIX = suffix();
    private static final String Q1 = "What is the boiling point of water at sea level in Celsius?";
    private static final String Q2 = "Write a haiku about autumn leaves falling on a quiet pond.";

    private static MiniLmEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = new MiniLmEmbedder(TextWindow.DEFAULT);
    }

    /** The case: a 2,000-char preamble and a 1,500-char suffix around different questions. */
    @Test
    void strippedTemplatedPromptsEmbedAsTheirBareQuestions() {
        List<String> templated = List.of(PREAMBLE + "\n\n" + Q1 + "\n\n" + SUFFIX, PREAMBLE + "\n\n" + Q2 + "\n\n" + SUFFIX);
        SharedTemplate t = SharedTemplate.detect(templated);
        assertThat(t.prefixLength()).isEqualTo(PREAMBLE.length() + 2);
        assertThat(t.suffixLength()).isEqualTo(SUFFIX.length() + 2);
        List<float[]> stripped = embedder.embedAll(templated.stream().map(t::strip).toList());
        List<float[]> bare = embedder.embedAll(List.of(Q1, Q2));
        assertThat(Vectors.dot(stripped.get(0), bare.get(0))).isGreaterThanOrEqualTo(0.9999);
        assertThat(Vectors.dot(stripped.get(1), bare.get(1))).isGreaterThanOrEqualTo(0.9999);
        // without the strip the template dominates the window: the two prompts look alike
        List<float[]> whole = embedder.embedAll(templated);
        assertThat(Vectors.dot(whole.get(0), whole.get(1))).isGreaterThan(Vectors.dot(bare.get(0), bare.get(1)) + 0.2);
    }

    @Test
    void lengthsAreUtf16CharsAndHashesOfTheUtf8Bytes() {
        String head = "Réponds en français, s'il te plaît — toujours poliment et avec précision, comme un expert 🙂. ";
        SharedTemplate t = SharedTemplate.detect(List.of(head + "Quelle heure est-il ?", head + "Où est la gare ?"));
        assertThat(t.prefixLength()).isEqualTo(head.length());
        assertThat(t.prefixSha256()).isEqualTo(Sha256.hex(head.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(t.suffixLength()).isZero();
        assertThat(t.strip(head + "Bonjour")).isEqualTo("Bonjour");
    }

    @Test
    void noSharedTextOrOnePromptIsNoTemplate() {
        assertThat(SharedTemplate.detect(List.of(Q1, Q2))).isEqualTo(SharedTemplate.NONE);
        assertThat(SharedTemplate.detect(List.of(PREAMBLE + "\n\n" + Q1))).isEqualTo(SharedTemplate.NONE);
        assertThat(SharedTemplate.detect(List.of())).isEqualTo(SharedTemplate.NONE);
        assertThat(SharedTemplate.NONE.strip(Q1)).isSameAs(Q1);
    }

    @Test
    void aSharedPartShorterThanTheMinimumIsKept() {
        String shortHead = "Answer the following question carefully. ";
        assertThat(shortHead.length()).isLessThan(SharedTemplate.MIN_CHARS);
        assertThat(SharedTemplate.detect(List.of(shortHead + Q1, shortHead + Q2))).isEqualTo(SharedTemplate.NONE);
    }

    @Test
    void aPromptEqualToThePrefixKeepsANonBlankRemainder() {
        List<String> texts = List.of(PREAMBLE, PREAMBLE + "\n\n" + Q1, PREAMBLE + "\n\n" + Q2);
        SharedTemplate t = SharedTemplate.detect(texts);
        assertThat(t.isNone()).isFalse();
        for (String text : texts) {
            assertThat(t.strip(text)).isNotBlank();
            assertThat(text).endsWith(t.strip(text));
        }
        assertThat(t.strip(PREAMBLE)).isNotEqualTo(PREAMBLE).hasSizeLessThan(40); // its last word(s) only
    }

    @Test
    void aPrefixEndingMidWordIsCutBackToTheWordBoundary() {
        String head = PREAMBLE + "\n\nQuestion about the topic of astro";
        SharedTemplate t = SharedTemplate.detect(List.of(head + "nomy: how far is the Moon?", head + "logy: what is my sign?"));
        String kept = t.strip(head + "nomy: how far is the Moon?");
        assertThat(kept).isEqualTo("astronomy: how far is the Moon?");
        assertThat(t.prefixLength()).isEqualTo(head.length() - "astro".length());
    }

    @Test
    void aRequestWithoutTheTemplateIsLeftUnchanged() {
        SharedTemplate t = SharedTemplate.detect(List.of(PREAMBLE + "\n\n" + Q1 + "\n\n" + SUFFIX,
                PREAMBLE + "\n\n" + Q2 + "\n\n" + SUFFIX));
        assertThat(t.strip(Q1)).isSameAs(Q1);
        String edited = PREAMBLE.replace("Northwind", "Southwind") + "\n\n" + Q1;
        assertThat(t.strip(edited)).isSameAs(edited); // same length, other text: the hash check fails
        assertThat(t.strip(PREAMBLE + "\n\n" + Q1)).isEqualTo(Q1); // prefix only: the suffix is not there
        assertThat(t.strip(Q1 + "\n\n" + SUFFIX)).isEqualTo(Q1); // suffix only
        String onlyTemplate = PREAMBLE + "\n\n";
        assertThat(t.strip(onlyTemplate)).isSameAs(onlyTemplate); // nothing would be left
    }

    @Test
    void rejectsMalformedHashes() {
        assertThatThrownBy(() -> new SharedTemplate(10, "abc", 0, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SharedTemplate(-1, "", 0, "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new SharedTemplate(0, null, 0, null)).isEqualTo(SharedTemplate.NONE);
    }

    private static String suffix() {
        String block = "Reply in plain Markdown. Start with the answer in one sentence, then explain briefly. "
                + "For a multiple-choice question write 'Answer: X' on the first line. Keep it under 300 words. ";
        StringBuilder s = new StringBuilder();
        while (s.length() < 1_500) {
            s.append(block);
        }
        return s.toString().strip();
    }
}
