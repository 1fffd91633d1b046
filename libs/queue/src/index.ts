export * from './lib/ports/queue-publisher.port';
export * from './lib/ports/queue-consumer.port';
export * from './lib/ports/queue-inspector.port';
export * from './lib/ports/cancellation-registry.port';
export * from './lib/consumer-loop';
export * from './lib/redelivery-backoff';
export * from './lib/queue.module';
export { InMemoryBroker } from './lib/adapters/in-memory/in-memory-broker';
export * from './lib/queue-env';
