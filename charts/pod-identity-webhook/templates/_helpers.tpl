{{/* Chart name. */}}
{{- define "pod-identity-webhook.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the release name when it already contains the chart name. */}}
{{- define "pod-identity-webhook.fullname" -}}
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

{{- define "pod-identity-webhook.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "pod-identity-webhook.labels" -}}
helm.sh/chart: {{ include "pod-identity-webhook.chart" . }}
{{ include "pod-identity-webhook.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: pod-identity-webhook
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels; each workload adds app.kubernetes.io/component (webhook or discovery). */}}
{{- define "pod-identity-webhook.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pod-identity-webhook.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "pod-identity-webhook.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "pod-identity-webhook.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "pod-identity-webhook.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Serving certificate objects. */}}
{{- define "pod-identity-webhook.servingCertificateName" -}}
{{ include "pod-identity-webhook.fullname" . }}-tls
{{- end }}

{{- define "pod-identity-webhook.tlsSecretName" -}}
{{- if and (eq .Values.tls.source "manual") .Values.tls.manual.existingSecret }}
{{- .Values.tls.manual.existingSecret }}
{{- else }}
{{- include "pod-identity-webhook.fullname" . }}-tls
{{- end }}
{{- end }}

{{/* Discovery companion names. */}}
{{- define "pod-identity-webhook.discoveryName" -}}
{{- printf "%s-discovery" (include "pod-identity-webhook.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "pod-identity-webhook.discoveryServiceAccountName" -}}
{{- if .Values.discovery.serviceAccount.create }}
{{- default (include "pod-identity-webhook.discoveryName" .) .Values.discovery.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.discovery.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Namespaces never sent to the webhook: the three fixed ones plus webhook.excludeNamespaces. */}}
{{- define "pod-identity-webhook.excludedNamespaces" -}}
{{- $fixed := list "kube-system" "kube-node-lease" .Release.Namespace }}
{{- concat $fixed .Values.webhook.excludeNamespaces | uniq | toJson }}
{{- end }}

{{/*
A container's env: the chart's entries (the named template, a YAML list) with any extraEnv entry of the
same name in its place, then the remaining extraEnv entries. One entry per name: server-side apply
rejects a list with a duplicate key, and with two entries the later one silently wins under kubectl apply.
Argument: (list $root "template name" $extraEnv).
*/}}
{{- define "pod-identity-webhook.envWithOverrides" -}}
{{- $root := index . 0 }}
{{- $extra := index . 2 }}
{{- $replacements := dict }}
{{- range $extra }}
{{- $_ := set $replacements .name . }}
{{- end }}
{{- $env := list }}
{{- $chartNames := list }}
{{- range (include (index . 1) $root | fromYamlArray) }}
{{- $chartNames = append $chartNames .name }}
{{- $env = append $env (hasKey $replacements .name | ternary (get $replacements .name) .) }}
{{- end }}
{{- range $extra }}
{{- if not (has .name $chartNames) }}
{{- $env = append $env . }}
{{- end }}
{{- end }}
{{- toYaml $env }}
{{- end }}

{{/* Fail early on combinations the schema cannot express. */}}
{{- define "pod-identity-webhook.validate" -}}
{{- if and (eq .Values.tls.source "manual") (not .Values.tls.manual.caBundle) }}
{{- fail "tls.source=manual needs tls.manual.caBundle (PEM of the CA that signed the serving certificate)" }}
{{- end }}
{{- if and (eq .Values.tls.source "manual") (not .Values.tls.manual.existingSecret) (or (not .Values.tls.manual.cert) (not .Values.tls.manual.key)) }}
{{- fail "tls.source=manual needs tls.manual.existingSecret, or tls.manual.cert and tls.manual.key" }}
{{- end }}
{{- if and (eq .Values.tls.source "issuer") (not .Values.tls.issuer.name) }}
{{- fail "tls.source=issuer needs tls.issuer.name" }}
{{- end }}
{{- if and .Values.discovery.enabled (not .Values.discovery.issuer) }}
{{- fail "discovery.enabled needs discovery.issuer (the API server's --service-account-issuer URL)" }}
{{- end }}
{{- if and .Values.discovery.enabled (or (eq .Values.discovery.mode "publish") .Values.discovery.s3.enabled) (not .Values.discovery.s3.bucket) }}
{{- fail "discovery publishing to S3 needs discovery.s3.bucket" }}
{{- end }}
{{- end }}
