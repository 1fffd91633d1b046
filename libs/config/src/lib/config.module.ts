import { DynamicModule, Global, Module, Type } from '@nestjs/common';

/**
 * Makes a service's validated config injectable everywhere by its class. The config is loaded and checked
 * before Nest starts (a bad variable stops the process with a message), so this only hands the value on.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot<T extends object>(type: Type<T>, config: T): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: type, useValue: config }],
      exports: [type],
    };
  }
}
