{{/* Object name of a component: <release>-<component>, within Kubernetes' 63 characters. */}}
{{- define "validahub.name" -}}
{{- printf "%s-%s" .root.Release.Name .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "validahub.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "validahub.labels" -}}
{{ include "validahub.selectorLabels" . }}
app.kubernetes.io/part-of: validahub
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "validahub.image" -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .component (.root.Values.image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}

{{- define "validahub.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" .Release.Name) -}}
{{- end -}}

{{/* The images run as their `node` user (uid 1000); numeric so the kubelet can enforce runAsNonRoot. */}}
{{- define "validahub.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "validahub.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end -}}

{{/* Env entry reading one key of the platform Secret (the key is the variable's name). */}}
{{- define "validahub.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "validahub.secretName" .root }}
      key: {{ .name }}
{{- end -}}

{{/* Mounts of a service container: the shared files folder and a writable /tmp (the root is read-only). */}}
{{- define "validahub.volumeMounts" -}}
- name: files
  mountPath: {{ .Values.storage.mountPath }}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{- define "validahub.volumes" -}}
- name: files
  persistentVolumeClaim:
    claimName: {{ .Values.storage.existingClaim | default (printf "%s-files" .Release.Name) }}
- name: tmp
  emptyDir: {}
{{- end -}}

{{/* rediss:// to a private CA (redisTls.caSecret): Node trusts the mounted CA through NODE_EXTRA_CA_CERTS. */}}
{{- define "validahub.redisCaEnv" -}}
{{- if .Values.redisTls.caSecret }}
- name: NODE_EXTRA_CA_CERTS
  value: /etc/validahub/redis-ca/{{ .Values.redisTls.caKey }}
{{- end }}
{{- end -}}

{{- define "validahub.redisCaMount" -}}
{{- if .Values.redisTls.caSecret }}
- name: redis-ca
  mountPath: /etc/validahub/redis-ca
  readOnly: true
{{- end }}
{{- end -}}

{{- define "validahub.redisCaVolume" -}}
{{- if .Values.redisTls.caSecret }}
- name: redis-ca
  secret:
    secretName: {{ .Values.redisTls.caSecret }}
{{- end }}
{{- end -}}

{{/* Scheduling settings of a component's pods (nodeSelector, tolerations, affinity), when set. */}}
{{- define "validahub.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* prometheus.io/* annotations of a pod that serves /metrics on `port` (its container port). */}}
{{- define "validahub.scrapeAnnotations" -}}
{{- if .root.Values.metrics.podAnnotations }}
prometheus.io/scrape: 'true'
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: /metrics
{{- end }}
{{- end -}}

{{/*
ConfigMap entries exporting a component's traces over OTLP, in the variables the OpenTelemetry SDK reads.
None without an endpoint: the apps then trace without exporting (their own default, not the SDK's
localhost collector).
*/}}
{{- define "validahub.otelEnv" -}}
{{- $otel := .root.Values.otel -}}
{{- if $otel.exporterEndpoint }}
OTEL_TRACES_EXPORTER: otlp
OTEL_EXPORTER_OTLP_ENDPOINT: {{ $otel.exporterEndpoint | quote }}
OTEL_EXPORTER_OTLP_PROTOCOL: {{ $otel.protocol | quote }}
OTEL_SERVICE_NAME: {{ .component | quote }}
{{- with $otel.resourceAttributes }}
OTEL_RESOURCE_ATTRIBUTES: {{ . | quote }}
{{- end }}
{{- end }}
{{- end -}}
