package io.uniroute.operator.profiling;

import io.uniroute.operator.promptset.ResolvedPromptSet;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Which prompts of a set a profiling job still has to send, given those already answered. A job is
 * done when this is empty. The one place a profiling budget (a subset of the prompts per backend) plugs in.
 */
@FunctionalInterface
public interface PromptSelection {

    List<Integer> toSend(ResolvedPromptSet set, BitSet answered);

    /** Every prompt of the set, in order. */
    PromptSelection ALL = (set, answered) -> IntStream.range(0, set.size()).filter(i -> !answered.get(i)).boxed().toList();
}
