package io.uniroute.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.uniroute.core.grading.Graders;
import io.uniroute.core.grading.judge.JudgePrompt;
import io.uniroute.replay.answers.AnswerBook;
import io.uniroute.replay.answers.GradedPrompt;
import io.uniroute.replay.answers.TextNormalizer;
import java.util.Map;
import java.util.Optional;

/**
 * A SIMULATION of an LLM judge, not a model: it reads the task and the answer out of a
 * {@link JudgePrompt}, looks the task up in the record, and says whether the answer is right by
 * grading it against the record's reference — which is exactly whether the replayed model that
 * wrote it was right on that prompt, without knowing which model that was. A {@link JudgeBehaviour}
 * flips a seeded share of verdicts (a noisy judge) or replies with prose (a broken one). A request
 * that is not a judge prompt gets a refusal, which a strict grader must treat as unparseable.
 */
final class ReplayJudge {

    static final String GARBAGE_REPLY = "Sure! Having read the answer carefully, I would say it is mostly fine, maybe a 7/10.";
    static final String NOT_A_JUDGE_PROMPT = "I can only grade answers given in the judge prompt format.";

    private final AnswerBook answers;
    private final long seed;
    private final ObjectMapper json = new ObjectMapper();

    ReplayJudge(AnswerBook answers, long seed) {
        this.answers = answers;
        this.seed = seed;
    }

    /** The judge's reply to one request's user text. */
    String reply(String judgeName, JudgeBehaviour behaviour, String userText) {
        if (behaviour.garbage()) {
            return GARBAGE_REPLY;
        }
        Optional<Map<String, String>> sections = JudgePrompt.sections(userText);
        if (sections.isEmpty()) {
            return NOT_A_JUDGE_PROMPT;
        }
        String task = sections.get().get(JudgePrompt.TASK);
        String answer = sections.get().get(JudgePrompt.ANSWER);
        GradedPrompt graded = answers.lookup(task).map(k -> k.graded()).orElseGet(() -> AnswerBook.gradedUnknown(task));
        boolean right = Graders.of(graded.grader(), null).isCorrect(answer, graded.reference());
        boolean flip = TextNormalizer.unit("judge-noise", judgeName, Long.toString(seed), TextNormalizer.matchKey(task), answer)
                < behaviour.disagreementRate();
        boolean verdict = right != flip;
        return json.createObjectNode()
                .put("score", verdict ? 1.0 : 0.0)
                .put("reason", (verdict ? "agrees" : "does not agree") + " with the recorded right answer (replay judge, a simulation)")
                .toString();
    }
}
