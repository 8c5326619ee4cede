import { ConsoleLogger, INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { Server } from 'node:http';
import { AppModule } from './app.module.js';
import { documentWebhookDeliveries, serveWebhookDeliveries } from './channels/webhook-deliveries.js';
import { WebhooksService } from './channels/webhooks.service.js';
import { HttpErrorFilter } from './common/http-error.filter.js';
import { requestId } from './common/request-id.js';
import { requestLog } from './common/request-log.js';
import type { AppConfig } from './config/app-config.js';
import { IntakeService } from './intake/intake.service.js';
import { MetricsService } from './metrics/metrics.service.js';

/** Request bodies above this are refused with 413 (webhooks included, as the platforms' contract asks). */
export const BODY_LIMIT = '1mb';

/** The HTTP application, configured the same way for the service, the demo and the e2e tests. */
export async function createHttpApp(
  config: AppConfig,
  databaseUrl: string,
  logger: ConsoleLogger | false = jsonLogger(config),
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, databaseUrl), {
    bodyParser: false,
    logger,
  });
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(requestId);
  app.use(requestLog);
  app.use(app.get(MetricsService).observe);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] },
      },
    }),
  );
  const server: Server = app.getHttpServer();
  // Longer than the idle timeouts of the proxies and clients in front (60 s is common): a connection
  // is then never closed by us while a client sends on it (the platforms would see a failed delivery).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  serveWebhookDeliveries(server, {
    webhooks: app.get(WebhooksService),
    intake: app.get(IntakeService),
    metrics: app.get(MetricsService),
  });
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: false });
  app.useGlobalFilters(new HttpErrorFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  setUpDocs(app);
  return app;
}

function setUpDocs(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('e-guichet')
      .setDescription(
        'Messages of residents on Facebook and X become tickets, routed to departments, answered publicly. ' +
          'Every /api route takes `Authorization: Bearer <token>` from POST /api/auth/login; errors are ' +
          '`{statusCode, error, message}`.',
      )
      .addBearerAuth()
      .build(),
  );
  documentWebhookDeliveries(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

export function jsonLogger(config: AppConfig): ConsoleLogger {
  const levels = ['error', 'warn', 'log', 'debug'] as const;
  return new ConsoleLogger({ json: true, logLevels: levels.slice(0, levels.indexOf(config.logLevel) + 1) });
}
