package io.uniroute.k8stest;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import java.util.Map;

/**
 * etcd + kube-apiserver through fabric8 kube-api-test, which finds its binaries the standard way:
 * {@code KUBE_API_TEST_DIR} (default {@code ~/.kubeapitest}), and downloads a current release unless
 * {@code KUBE_API_TEST_OFFLINE_MODE=true}.
 */
final class KubeApiTestServer implements RunningServer {

    private final KubeAPIServer server;

    private KubeApiTestServer(KubeAPIServer server) {
        this.server = server;
    }

    static KubeApiTestServer start(Map<String, String> env) {
        // kube-api-test 7.5.2 casts the KUBE_API_TEST_OFFLINE_MODE string to Boolean (ClassCastException):
        // read it here and pass it explicitly, which it then takes instead of the variable.
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(Boolean.parseBoolean(env.getOrDefault(KubeAPIServerConfigBuilder.KUBE_API_TEST_OFFLINE_MODE, "false")))
                .withUpdateKubeConfig(false)
                .build());
        server.start();
        return new KubeApiTestServer(server);
    }

    @Override
    public KubeApi.Kind kind() {
        return KubeApi.Kind.KUBE_API_TEST;
    }

    @Override
    public String kubeconfigYaml() {
        return server.getKubeConfigYaml();
    }

    @Override
    public String crdServerVersion() {
        return null;
    }

    @Override
    public void close() {
        server.stop();
    }
}
