import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@careflow/platform';
import type { AuthorizationRoutingConfig } from './config';

export const authorizationRoutingEntities = [];
export const authorizationRoutingMigrations = [];

export const AUTHORIZATION_ROUTING_CONFIG = Symbol('AUTHORIZATION_ROUTING_CONFIG');

@Module({})
export class AuthorizationRoutingModule {
  static register(config: AuthorizationRoutingConfig): DynamicModule {
    return {
      module: AuthorizationRoutingModule,
      imports: [
        PlatformModule.forService({
          serviceName: 'authorization-routing',
          schema: 'authorization_routing',
          config,
          entities: authorizationRoutingEntities,
          migrations: authorizationRoutingMigrations,
        }),
      ],
      providers: [{ provide: AUTHORIZATION_ROUTING_CONFIG, useValue: config }],
      controllers: [],
    };
  }
}
