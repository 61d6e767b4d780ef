package io.uniroute.k8stest;

/** A started API server's processes; closing stops them. */
interface RunningServer extends AutoCloseable {

    KubeApi.Kind kind();

    String kubeconfigYaml();

    /** The CRD server's version when it is not the core server, else null. */
    String crdServerVersion();

    @Override
    void close();
}
