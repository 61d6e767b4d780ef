package io.uniroute.demo;

/** One graded answer that came through the sidecar: who answered, whether it was right, what it cost. */
record Answer(String promptId, String task, String backend, int cluster, boolean correct, double costUsd) {
}
