import { ApiProperty } from '@nestjs/swagger';

export class QueueStats {
  @ApiProperty() total_jobs!: number;
  @ApiProperty() queued!: number;
  @ApiProperty() running!: number;
  @ApiProperty() retrying!: number;
  @ApiProperty() succeeded!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() cancelled!: number;
}

export class QueueDepthView {
  @ApiProperty({ example: 'queue-pro' }) name!: string;
  @ApiProperty({ example: 'pro' }) plan!: string;
  @ApiProperty() priority!: number;
  @ApiProperty({ description: 'Runnable now (BullMQ wait + prioritized).' }) waiting!: number;
  @ApiProperty() active!: number;
  @ApiProperty() delayed!: number;
  @ApiProperty() failed!: number;
}

/** The seed's `GET /health/queue` shape, plus the per-queue depths. */
export class QueueHealthResponse {
  @ApiProperty({ enum: ['healthy', 'degraded', 'unhealthy'] }) status!: 'healthy' | 'degraded' | 'unhealthy';
  @ApiProperty({ type: QueueStats }) queue_stats!: QueueStats;
  @ApiProperty({ type: [QueueDepthView] }) queues!: QueueDepthView[];
}
