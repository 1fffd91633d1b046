import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI document at /docs/openapi.json and its UI at /docs, built from the controllers and DTOs. */
export function setupDocs(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('ValidaHub API')
      .setDescription(
        'Validate and auto-correct marketplace catalog CSV files as asynchronous jobs. Errors are `{ "error": { "code", "message", "details" } }`; codes are stable.',
      )
      .setVersion('1')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        description: 'Your API key (admin routes: the ADMIN_TOKEN).',
      })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
  });
}
