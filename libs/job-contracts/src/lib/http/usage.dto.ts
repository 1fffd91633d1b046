import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class UsageQuery {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Start (inclusive) of the period; default: the start of the current month (UTC).',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'End (exclusive) of the period; default: now.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class UsageTotals {
  @ApiProperty({ description: 'Jobs finished in the period.' }) jobs!: number;
  @ApiProperty() succeeded!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() cancelled!: number;
  @ApiProperty() cpu_seconds!: number;
  @ApiProperty() rows!: number;
  @ApiProperty() bytes_read!: number;
  @ApiProperty() bytes_written!: number;
}

export class CostLine {
  @ApiProperty({ example: 'rows' }) item!: string;
  @ApiProperty({ example: 'per 1000 rows' }) unit!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ description: 'Price per unit.' }) unit_price!: number;
  @ApiProperty() amount!: number;
}

export class UsageCost {
  @ApiProperty({ example: 'BRL' }) currency!: string;
  @ApiProperty({ type: [CostLine] }) lines!: CostLine[];
  @ApiProperty() total!: number;
}

export class UsageResponse {
  @ApiProperty({ format: 'uuid' }) tenant_id!: string;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: UsageTotals }) totals!: UsageTotals;
  @ApiProperty({ type: UsageCost }) cost!: UsageCost;
}
