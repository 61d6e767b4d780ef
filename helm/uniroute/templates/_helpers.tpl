{{/* Chart name, truncated to the 63 characters a label allows. */}}
{{- define "uniroute.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects. */}}
{{- define "uniroute.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "uniroute.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "uniroute.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: uniroute
{{- end }}

{{- define "uniroute.selectorLabels" -}}
app.kubernetes.io/name: {{ include "uniroute.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "uniroute.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "uniroute.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Watched namespaces as a list: explicit, else the release namespace in namespaced scope, else none (all). */}}
{{- define "uniroute.watchNamespaces" -}}
{{- if .Values.watchNamespaces }}
{{- toJson .Values.watchNamespaces }}
{{- else if eq .Values.rbac.scope "namespaced" }}
{{- toJson (list .Release.Namespace) }}
{{- else }}
{{- toJson (list) }}
{{- end }}
{{- end }}

{{- define "uniroute.image" -}}
{{- printf "%s:%s" .image.repository (default .appVersion .image.tag) }}
{{- end }}

{{- define "uniroute.leaseName" -}}
{{- default (printf "%s-leader" (include "uniroute.fullname" .)) .Values.leaderElection.leaseName }}
{{- end }}

{{- define "uniroute.webhookServiceName" -}}
{{- printf "%s-webhook" (include "uniroute.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "uniroute.webhookTlsSecretName" -}}
{{- printf "%s-webhook-tls" (include "uniroute.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* "cert-manager" or "helm": the TLS source the webhook uses. */}}
{{- define "uniroute.webhookTlsMode" -}}
{{- $mode := .Values.webhook.tls.mode }}
{{- if eq $mode "auto" }}
{{- if .Capabilities.APIVersions.Has "cert-manager.io/v1" }}cert-manager{{ else }}helm{{ end }}
{{- else }}
{{- $mode }}
{{- end }}
{{- end }}

{{/*
  The narrowest rules the operator needs; the chart tests hold the same list and fail when a
  template grants more. Watched resources: read + watch; status: write; routing-table ConfigMaps:
  full lifecycle (owned by the policy); Secrets: get only (API keys, read one by one).
*/}}
{{- define "uniroute.rules" -}}
- apiGroups: ["uniroute.io"]
  resources: ["llmbackends", "promptsets", "routingpolicies"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["uniroute.io"]
  resources: ["llmbackends/status", "promptsets/status", "routingpolicies/status"]
  verbs: ["get", "update", "patch"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/* The shared routing gateway (gateway.enabled): its names, labels and the namespace it serves. */}}
{{- define "uniroute.gateway.fullname" -}}
{{- printf "%s-gateway" (include "uniroute.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "uniroute.gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "uniroute.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: gateway
{{- end }}

{{- define "uniroute.gateway.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "uniroute.gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: uniroute
{{- end }}

{{- define "uniroute.gateway.serviceAccountName" -}}
{{- if .Values.gateway.serviceAccount.create }}
{{- default (include "uniroute.gateway.fullname" .) .Values.gateway.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.gateway.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The namespace whose RoutingPolicies the gateway serves (their <policy>-routing ConfigMaps). */}}
{{- define "uniroute.gateway.policyNamespace" -}}
{{- default .Release.Namespace .Values.gateway.policyNamespace }}
{{- end }}

{{/* The gateway reads tables only: the chart tests hold the same list. */}}
{{- define "uniroute.gateway.rules" -}}
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch"]
{{- end }}
