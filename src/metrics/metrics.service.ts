import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** One registry per application instance; other modules add their own metrics to it. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Express middleware; the route label is the matched pattern, never the path with its ids. */
  readonly observe = (request: Request, response: Response, next: NextFunction): void => {
    const answered = this.timeRequest();
    response.on('finish', () =>
      answered(
        request.method,
        (request.route as { path?: string } | undefined)?.path ?? 'unmatched',
        response.statusCode,
      ),
    );
    next();
  };

  /** Starts timing a request; the function returned records it once it is answered. */
  timeRequest(): (method: string, route: string, status: number) => void {
    const stop = this.latency.startTimer();
    return (method, route, status) => {
      stop({ method, route });
      this.requests.inc({ method, route, status: String(status) });
    };
  }
}
