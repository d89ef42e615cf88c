// Traces (HTTP → GraphQL operation → SQL), exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is
// set. Off, nothing of the OpenTelemetry SDK is loaded: the platform calls a no-op with the same shape.
// Attributes carry methods, routes, operation types and names, statement texts (with placeholders, never
// the values bound to them) and status codes: no ids, tokens or personal data.

export type SpanAttributes = Record<string, string | number | boolean>;

export interface TraceSpan {
  /** Names the span once what it is about is known (the operation, after parsing). */
  rename(name: string): void;
  setAttributes(attributes: SpanAttributes): void;
  /** Marks the span failed, with a message that carries no input (an error code, a status). */
  fail(message: string): void;
  end(): void;
}

export interface SpanOptions {
  parent?: TraceSpan;
  kind?: 'server' | 'client' | 'internal';
  attributes?: SpanAttributes;
  /** Incoming W3C trace context headers (traceparent, tracestate), for a span continuing a caller's trace. */
  carrier?: Record<string, string | string[] | undefined>;
}

export interface Tracing {
  readonly enabled: boolean;
  startSpan(name: string, options?: SpanOptions): TraceSpan;
  /** Exports what has ended so far. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface TracingConfig {
  /** The collector's base URL; traces go to `<endpoint>/v1/traces` (as OTEL_EXPORTER_OTLP_ENDPOINT means). */
  endpoint?: string;
  serviceName: string;
}

const NOOP_SPAN: TraceSpan = { rename: () => undefined, setAttributes: () => undefined, fail: () => undefined, end: () => undefined };

export const noTracing: Tracing = {
  enabled: false,
  startSpan: () => NOOP_SPAN,
  flush: async () => undefined,
  shutdown: async () => undefined,
};

export function createTracing(config: TracingConfig): Tracing {
  if (!config.endpoint) return noTracing;
  // Loaded only now, so that a deployment without a collector pays nothing for the SDK.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { otlpTracing } = require('./tracing.otel') as typeof import('./tracing.otel');
  return otlpTracing(config as Required<TracingConfig>);
}
