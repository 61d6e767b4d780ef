package io.uniroute.replay;

import io.uniroute.replay.answers.AnswerBook;
import io.uniroute.replay.answers.TextNormalizer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The served models' mutable state, shared by the HTTP threads: each model's behaviour (replaceable
 * while serving, so a test can break a backend mid-run), request and fault counters, and the
 * seeded random source its faults are drawn from.
 */
final class SimulatedModels {

    private final AnswerBook answers;
    private final List<String> names;
    private final long seed;
    private final Map<String, ModelBehaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> faults = new ConcurrentHashMap<>();
    private final Map<String, Random> faultDraws = new ConcurrentHashMap<>();
    private final Map<String, JudgeBehaviour> judges = new ConcurrentHashMap<>();
    private final ReplayJudge judge;

    SimulatedModels(AnswerBook answers, List<String> names, Map<String, ModelBehaviour> initial, long seed) {
        this(answers, names, initial, Map.of(), seed);
    }

    /** {@code judges}: served names that act as a (simulated) judge instead of replaying a model; also in {@code names}. */
    SimulatedModels(AnswerBook answers, List<String> names, Map<String, ModelBehaviour> initial,
            Map<String, JudgeBehaviour> judges, long seed) {
        this.answers = answers;
        this.names = List.copyOf(names);
        this.seed = seed;
        this.judges.putAll(judges);
        this.judge = new ReplayJudge(answers, seed);
        for (String m : names) {
            behaviours.put(m, initial.getOrDefault(m, ModelBehaviour.DEFAULT));
            requests.put(m, new AtomicLong());
            faults.put(m, new AtomicLong());
            faultDraws.put(m, new Random(seed ^ TextNormalizer.hash("faults", m)));
        }
    }

    AnswerBook answers() {
        return answers;
    }

    List<String> names() {
        return names;
    }

    long seed() {
        return seed;
    }

    boolean serves(String model) {
        return behaviours.containsKey(model);
    }

    ModelBehaviour behaviour(String model) {
        ModelBehaviour b = behaviours.get(model);
        if (b == null) {
            throw new IllegalArgumentException("not a served model: " + model + " (serving " + names + ")");
        }
        return b;
    }

    void setBehaviour(String model, ModelBehaviour behaviour) {
        behaviour(model);
        behaviours.put(model, behaviour);
    }

    /** Counts a request and draws its fault from the model's current plan. */
    FaultPlan.Fault admit(String model) {
        requests.get(model).incrementAndGet();
        FaultPlan.Fault f = behaviour(model).faults().pick(faultDraws.get(model).nextDouble());
        if (f != FaultPlan.Fault.NONE) {
            faults.get(model).incrementAndGet();
        }
        return f;
    }

    boolean isJudge(String model) {
        return judges.containsKey(model);
    }

    JudgeBehaviour judgeBehaviour(String model) {
        JudgeBehaviour b = judges.get(model);
        if (b == null) {
            throw new IllegalArgumentException("not a served judge: " + model + " (judges " + judges.keySet() + ")");
        }
        return b;
    }

    void setJudgeBehaviour(String model, JudgeBehaviour behaviour) {
        judgeBehaviour(model);
        judges.put(model, behaviour);
    }

    /** The judge's reply to a request's user text. */
    String judgeReply(String model, String userText) {
        return judge.reply(model, judgeBehaviour(model), userText);
    }

    long requestCount(String model) {
        behaviour(model);
        return requests.get(model).get();
    }

    long faultCount(String model) {
        behaviour(model);
        return faults.get(model).get();
    }
}
