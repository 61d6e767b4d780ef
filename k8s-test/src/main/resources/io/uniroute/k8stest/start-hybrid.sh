#!/bin/bash
# Adapted from ../shared/k8s/start-hybrid.sh (the same steps, with free ports from the caller, so
# several test JVMs on one machine do not collide):
#   start-hybrid.sh KUBE_APISERVER CRD_SERVER ETCD WORKDIR
#   env: ETCD_PORT ETCD_PEER_PORT KAS_PORT EXT_PORT, CRD_GROUP_VERSIONS (default v1alpha1.uniroute.io)
# Starts etcd, the core kube-apiserver on https://127.0.0.1:$KAS_PORT (bearer token testtoken,
# system:masters, kubeconfig in WORKDIR), then the current apiextensions-apiserver on $EXT_PORT, and
# points the aggregation layer at it: the v1.apiextensions.k8s.io APIService and one APIService per
# CRD group/version. Pids in WORKDIR/*.pid, logs in WORKDIR/*.log. Needs openssl, curl, kubectl.
set -e; KAS=$1; EXT=$2; ETCD=$3; W=$4; mkdir -p $W/c; cd $W/c
openssl genrsa -out sa.key 2048 2>/dev/null; openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout fp-ca.key -out fp-ca.crt -days 365 -subj /CN=fp-ca 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout fp.key -out fp.csr -subj /CN=front-proxy-client 2>/dev/null
echo extendedKeyUsage=clientAuth > e.cnf; openssl x509 -req -in fp.csr -CA fp-ca.crt -CAkey fp-ca.key -CAcreateserial -out fp.crt -days 365 -extfile e.cnf 2>/dev/null
echo "testtoken,admin,admin,system:masters" > tokens.csv
cat > $W/kubeconfig <<K
apiVersion: v1
kind: Config
clusters: [{name: l, cluster: {server: "https://127.0.0.1:$KAS_PORT", insecure-skip-tls-verify: true}}]
users: [{name: a, user: {token: testtoken}}]
contexts: [{name: l, context: {cluster: l, user: a, namespace: default}}]
current-context: l
K
$ETCD --data-dir $W/etcd --listen-client-urls http://127.0.0.1:$ETCD_PORT --advertise-client-urls http://127.0.0.1:$ETCD_PORT \
  --listen-peer-urls http://127.0.0.1:$ETCD_PEER_PORT --initial-advertise-peer-urls http://127.0.0.1:$ETCD_PEER_PORT \
  --initial-cluster default=http://127.0.0.1:$ETCD_PEER_PORT --unsafe-no-fsync > $W/etcd.log 2>&1 & echo $! > $W/etcd.pid
$KAS --etcd-servers=http://127.0.0.1:$ETCD_PORT --bind-address=127.0.0.1 --secure-port=$KAS_PORT --cert-dir=$W/c \
  --token-auth-file=$W/c/tokens.csv --authorization-mode=RBAC --service-cluster-ip-range=10.0.0.0/24 \
  --service-account-issuer=https://kubernetes.default.svc --service-account-key-file=$W/c/sa.pub --service-account-signing-key-file=$W/c/sa.key \
  --disable-admission-plugins=ServiceAccount --allow-privileged=true \
  --requestheader-client-ca-file=$W/c/fp-ca.crt --requestheader-allowed-names=front-proxy-client \
  --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group --requestheader-extra-headers-prefix=X-Remote-Extra- \
  --proxy-client-cert-file=$W/c/fp.crt --proxy-client-key-file=$W/c/fp.key > $W/kas.log 2>&1 & echo $! > $W/kas.pid
ready() { curl -sk -H 'Authorization: Bearer testtoken' https://127.0.0.1:$1/readyz 2>/dev/null | grep -q '^ok'; }
for i in $(seq 600); do ready $KAS_PORT && break; sleep 0.2; done
ready $KAS_PORT || { echo "kube-apiserver not ready; see $W/kas.log" >&2; exit 1; }
$EXT --etcd-servers=http://127.0.0.1:$ETCD_PORT --bind-address=127.0.0.1 --secure-port=$EXT_PORT --cert-dir=$W/c136 \
  --kubeconfig=$W/kubeconfig --authentication-kubeconfig=$W/kubeconfig --authorization-kubeconfig=$W/kubeconfig \
  --disable-admission-plugins=ValidatingAdmissionPolicy,MutatingAdmissionPolicy --enable-priority-and-fairness=false > $W/ext.log 2>&1 & echo $! > $W/ext.pid
for i in $(seq 600); do ready $EXT_PORT && break; sleep 0.2; done
ready $EXT_PORT || { echo "apiextensions-apiserver not ready; see $W/ext.log" >&2; exit 1; }
export KUBECONFIG=$W/kubeconfig
kubectl apply -f - > /dev/null <<Y
apiVersion: v1
kind: Service
metadata: {name: crd-server, namespace: kube-system}
spec: {type: ExternalName, externalName: localhost, ports: [{port: $EXT_PORT}]}
Y
kubectl patch apiservice v1.apiextensions.k8s.io --type=merge -p "{\"spec\":{\"service\":{\"namespace\":\"kube-system\",\"name\":\"crd-server\",\"port\":$EXT_PORT},\"insecureSkipTLSVerify\":true}}" >/dev/null
for gv in ${CRD_GROUP_VERSIONS:-v1alpha1.uniroute.io}; do v=${gv%%.*}; g=${gv#*.}
kubectl apply -f - > /dev/null <<Y
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: $gv}
spec: {group: $g, version: $v, service: {namespace: kube-system, name: crd-server, port: $EXT_PORT}, insecureSkipTLSVerify: true, groupPriorityMinimum: 1000, versionPriority: 15}
Y
done
kubectl wait --for=condition=Available apiservice/v1.apiextensions.k8s.io --timeout=60s >/dev/null
echo "hybrid ready; KUBECONFIG=$W/kubeconfig"
