import { Controller, Get, INestApplication, Module, Param } from '@nestjs/common';
import { createHttpApp } from '../create-http-app';

@Controller('items')
class ItemsController {
  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    return { id };
  }
}

@Module({ controllers: [ItemsController] })
class ItemsModule {}

describe('metrics of every HTTP service', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    ({ app } = await createHttpApp(ItemsModule, { service: 'metrics-spec', logLevel: 'silent' }));
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(() => app.close());

  const metrics = async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };

  it('serves request latency by route template and status, plus the process metrics', async () => {
    await fetch(`${url}/items/41`);
    await fetch(`${url}/items/42`);
    await fetch(`${url}/no/such/route`);
    const text = await metrics();
    expect(text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/items/:id",status_code="200"} 2',
    );
    expect(text).toContain(
      'http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"} 1',
    );
    expect(text).not.toContain('/items/42');
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });

  it('does not count its own scrapes', async () => {
    await metrics();
    // A scrape matches no Nest route: counted, it would show up as an unmatched request answered 200.
    expect(await metrics()).not.toContain('route="unmatched",status_code="200"');
  });
});
