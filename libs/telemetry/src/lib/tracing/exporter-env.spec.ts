import { spanExportRequested } from './exporter-env';

describe('spanExportRequested', () => {
  it('is off when no OTEL_* variable names an exporter or an endpoint', () => {
    expect(spanExportRequested({})).toBe(false);
    expect(spanExportRequested({ OTEL_SERVICE_NAME: 'x', OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBe(false);
    expect(spanExportRequested({ OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
  });

  it('is on for an OTLP endpoint or a named exporter', () => {
    expect(spanExportRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(spanExportRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' })).toBe(true);
    expect(spanExportRequested({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(spanExportRequested({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBe(true);
  });

  it('lets an explicit none win over an endpoint', () => {
    expect(
      spanExportRequested({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
    ).toBe(false);
  });
});
