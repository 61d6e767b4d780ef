package io.uniroute.demo;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The answers of one run of held-out prompts (one λ, or one pinned backend), and their summary. */
record TrafficResult(String label, List<Answer> answers) {

    TrafficResult {
        answers = List.copyOf(answers);
    }

    double accuracy() {
        return answers.isEmpty() ? 0 : answers.stream().filter(Answer::correct).count() / (double) answers.size();
    }

    double meanCostUsd() {
        return answers.stream().mapToDouble(Answer::costUsd).average().orElse(0);
    }

    /** Each backend's share of the answers, by name. */
    Map<String, Double> shares() {
        Map<String, Double> out = new TreeMap<>();
        answers.forEach(a -> out.merge(a.backend(), 1.0 / answers.size(), Double::sum));
        return out;
    }
}
