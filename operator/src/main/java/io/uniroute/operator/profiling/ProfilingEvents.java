package io.uniroute.operator.profiling;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.uniroute.operator.api.LLMBackend;

/**
 * The event source through which profiling jobs wake the backend controller (progress saved, job
 * done or failed), and through which a deleted backend's jobs are cancelled.
 */
final class ProfilingEvents extends SimpleInboundEventSource<LLMBackend> implements ResourceEventAware<LLMBackend> {

    private final ProfilingJobs jobs;

    ProfilingEvents(ProfilingJobs jobs) {
        super("backend-profiling-jobs");
        this.jobs = jobs;
        jobs.reportTo(this::report);
    }

    private void report(ResourceID backend) {
        if (isRunning()) {
            propagateEvent(backend);
        }
    }

    @Override
    public void onResourceDeleted(LLMBackend backend) {
        jobs.cancelAll(backend.getMetadata().getNamespace(), backend.getMetadata().getName());
    }
}
