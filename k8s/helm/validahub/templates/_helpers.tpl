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

{{/*
A timing variable of the worker in ms, as the worker reads it: csvWorker.env's value or, unset, the
worker's own default (apps/csv-worker/src/config/csv-worker.config.ts; the tests hold these to it).
*/}}
{{- define "validahub.csvWorkerMs" -}}
{{- $defaults := dict "SHUTDOWN_GRACE_MS" "25000" "TASK_SOFT_TIME_LIMIT_MS" "270000" "TASK_HARD_TIME_LIMIT_MS" "300000" -}}
{{- get .root.Values.csvWorker.env .name | default (get $defaults .name) -}}
{{- end -}}

{{/*
Refuses csvWorker values under which a stopping or scaled-in worker would lose running tasks: helm
install/upgrade/template stop with the message. In ms, as the worker counts:
- terminationGracePeriodSeconds must be longer than a task may run (TASK_HARD_TIME_LIMIT_MS), and cover
  the worker's own shutdown limit, after which it exits by itself (apps/csv-worker/src/main.ts):
  SHUTDOWN_GRACE_MS (running tasks finish) + TASK_HARD_TIME_LIMIT_MS - TASK_SOFT_TIME_LIMIT_MS (a
  handed-back task's hard-stop grace) + 15 s;
- with KEDA, cooldownPeriod and scaleDownStabilizationSeconds must be longer than a task.
*/}}
{{- define "validahub.checkWorkerTimings" -}}
{{- $worker := .Values.csvWorker -}}
{{- $hardMs := include "validahub.csvWorkerMs" (dict "root" . "name" "TASK_HARD_TIME_LIMIT_MS") | int64 -}}
{{- $softMs := include "validahub.csvWorkerMs" (dict "root" . "name" "TASK_SOFT_TIME_LIMIT_MS") | int64 -}}
{{- $drainMs := include "validahub.csvWorkerMs" (dict "root" . "name" "SHUTDOWN_GRACE_MS") | int64 -}}
{{- $grace := int64 $worker.terminationGracePeriodSeconds -}}
{{- if le (mul $grace 1000) $hardMs -}}
{{- fail (printf "csvWorker.terminationGracePeriodSeconds (%d s) must be longer than csvWorker.env.TASK_HARD_TIME_LIMIT_MS (%d ms): a stopping worker would be killed while a task may still run" $grace $hardMs) -}}
{{- end -}}
{{- $shutdownMs := add $drainMs (sub $hardMs $softMs) 15000 -}}
{{- if lt (mul $grace 1000) $shutdownMs -}}
{{- fail (printf "csvWorker.terminationGracePeriodSeconds (%d s) must cover the worker's shutdown: csvWorker.env.SHUTDOWN_GRACE_MS (%d ms) + TASK_HARD_TIME_LIMIT_MS - TASK_SOFT_TIME_LIMIT_MS (%d ms) + 15000 ms = %d ms; raise it to at least %d or lower SHUTDOWN_GRACE_MS" $grace $drainMs (sub $hardMs $softMs) $shutdownMs (div (add $shutdownMs 999) 1000)) -}}
{{- end -}}
{{- if $worker.autoscaling.enabled -}}
{{- range $key := list "cooldownPeriod" "scaleDownStabilizationSeconds" -}}
{{- $seconds := get $worker.autoscaling $key | int64 -}}
{{- if le (mul $seconds 1000) $hardMs -}}
{{- fail (printf "csvWorker.autoscaling.%s (%d s) must be longer than csvWorker.env.TASK_HARD_TIME_LIMIT_MS (%d ms): KEDA would remove workers while their tasks may still run" $key $seconds $hardMs) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The worker pools: the default one (csv-worker, serving csvWorker.queues) and each of csvWorker.pools, as
{component, queues, values}; a pool's values are csvWorker's with its own settings merged over them. Sets
`pools` on .out (a template returns only text).
*/}}
{{- define "validahub.workerPools" -}}
{{- $base := omit .root.Values.csvWorker "pools" "queues" -}}
{{- $pools := list (dict "component" "csv-worker" "queues" .root.Values.csvWorker.queues "values" $base) -}}
{{- $names := list -}}
{{- range $pool := .root.Values.csvWorker.pools -}}
{{- if has $pool.name $names -}}
{{- fail (printf "csvWorker.pools: two pools are named %s" $pool.name) -}}
{{- end -}}
{{- $names = append $names $pool.name -}}
{{- $values := mergeOverwrite (deepCopy $base) (omit $pool "name" "queues") -}}
{{- $pools = append $pools (dict "component" (printf "csv-worker-%s" $pool.name) "queues" $pool.queues "values" $values) -}}
{{- end -}}
{{- $_ := set .out "pools" $pools -}}
{{- end -}}

{{/* `?queues=` of a pool's plans for the job-service's runnable count; nothing for all plans. */}}
{{- define "validahub.runnableQuery" -}}
{{- if . -}}
{{- $queues := list -}}
{{- range $plan := . -}}
{{- $queues = append $queues (printf "queue-%s" $plan) -}}
{{- end -}}
{{- printf "?queues=%s" (join "," $queues) -}}
{{- end -}}
{{- end -}}

{{/* True (non-empty) when some worker pool is autoscaled by KEDA. */}}
{{- define "validahub.anyWorkerAutoscaled" -}}
{{- $workers := dict -}}
{{- include "validahub.workerPools" (dict "root" . "out" $workers) -}}
{{- range $pool := $workers.pools -}}
{{- if $pool.values.autoscaling.enabled -}}yes{{- end -}}
{{- end -}}
{{- end -}}
