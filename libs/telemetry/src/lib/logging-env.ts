import { IsIn } from 'class-validator';
import { LOG_LEVELS } from './json-logger';

export class LoggingEnv {
  @IsIn(LOG_LEVELS) LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';
}
