// The OpenTelemetry side of tracing.ts, loaded only when an OTLP endpoint is configured. Spans are made
// with explicit parents (the request's observation holds them), so no global context manager is needed.
import { ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanOptions, TraceSpan, Tracing, TracingConfig } from './tracing';

const KINDS = { server: SpanKind.SERVER, client: SpanKind.CLIENT, internal: SpanKind.INTERNAL } as const;

class OtelSpan implements TraceSpan {
  constructor(readonly span: Span) {}
  rename(name: string): void {
    this.span.updateName(name);
  }
  setAttributes(attributes: Record<string, string | number | boolean>): void {
    this.span.setAttributes(attributes);
  }
  fail(message: string): void {
    this.span.setStatus({ code: SpanStatusCode.ERROR, message });
  }
  end(): void {
    this.span.end();
  }
}

export function otlpTracing(config: Required<TracingConfig>): Tracing {
  const exporter = new OTLPTraceExporter({ url: `${config.endpoint.replace(/\/+$/, '')}/v1/traces` });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    // A bounded queue: when the collector is slow or away, spans are dropped, never requests held.
    spanProcessors: [new BatchSpanProcessor(exporter, { maxQueueSize: 4096, maxExportBatchSize: 512, scheduledDelayMillis: 1000 })],
  });
  const tracer = provider.getTracer('keel');
  const propagator = new W3CTraceContextPropagator();
  return {
    enabled: true,
    startSpan(name: string, options: SpanOptions = {}): TraceSpan {
      let parent = ROOT_CONTEXT;
      if (options.parent instanceof OtelSpan) parent = trace.setSpan(ROOT_CONTEXT, options.parent.span);
      else if (options.carrier) {
        parent = propagator.extract(ROOT_CONTEXT, options.carrier, {
          get: (carrier, key) => carrier[key],
          keys: (carrier) => Object.keys(carrier),
        });
      }
      const span = tracer.startSpan(name, { kind: KINDS[options.kind ?? 'internal'], attributes: options.attributes }, parent);
      return new OtelSpan(span);
    },
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

