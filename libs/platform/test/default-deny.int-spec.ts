import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public, Roles } from '../src/auth/auth.guard';
import { registeredRoutes } from '../src/auth/route-rules';
import { PlatformModule } from '../src/bootstrap/platform.module';
import { startService } from '../src/bootstrap/start-service';
import { commonConfigShape, loadConfig } from '../src/config/config';
import { documentedOperations } from '../src/testing/authorization-matrix';
import { startTestService, type TestService } from '../src/testing/test-service';

const SCHEMA = 'platform_deny';
const supervisor = { id: 'sup-deny', name: 'Sue', roles: ['supervisor'] as const };
const admin = { id: 'adm-deny', name: 'Ada', roles: ['admin'] as const };

/** One route of each kind: a rule-less one is the defect the default deny exists for. */
@Controller('deny')
class DenyProbeController {
  @Get('ruled')
  @Roles('supervisor')
  ruled(): { ok: true } {
    return { ok: true };
  }

  @Get('open')
  @Public()
  open(): { ok: true } {
    return { ok: true };
  }

  @Get('hidden')
  @ApiExcludeEndpoint()
  @Roles('admin')
  hidden(): { ok: true } {
    return { ok: true };
  }

  @Get('unruled/:memberId')
  unruled(): { ok: true } {
    return { ok: true };
  }
}

@Module({})
class DenyProbeModule {
  static register(): DynamicModule {
    return {
      module: DenyProbeModule,
      imports: [
        PlatformModule.forService({
          serviceName: 'platform-deny',
          schema: SCHEMA,
          config: loadConfig(commonConfigShape, process.env),
          migrations: [],
        }),
      ],
      controllers: [DenyProbeController],
    };
  }
}

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** What Express itself routes: the routes Nest actually registered with the HTTP adapter. */
function expressRoutes(service: TestService): string[] {
  const express = service.app.getHttpAdapter().getInstance() as {
    router: { stack: ExpressLayer[] };
  };
  return express.router.stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`)
      : [],
  );
}

describe('default deny: a route without an access rule', () => {
  let owner: DataSource;

  beforeAll(async () => {
    owner = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
    await owner.initialize();
    await owner.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  });

  afterAll(async () => {
    await owner.destroy();
  });

  it('stops the service from starting, naming the route', async () => {
    await expect(
      startService({
        module: DenyProbeModule.register(),
        title: 'deny',
        description: 'deny',
        port: 0,
        host: '127.0.0.1',
      }),
    ).rejects.toThrow(/GET \/deny\/unruled\/:memberId \(DenyProbeController\.unruled\)/);
  });

  describe('served anyway (tests only)', () => {
    let service: TestService;

    beforeAll(async () => {
      service = await startTestService(DenyProbeModule.register(), undefined, {
        routeWithoutRule: 'log',
      });
    });

    afterAll(async () => {
      await service.stop();
    });

    it('lists exactly the routes Express serves, with each one’s rule', () => {
      const listed = registeredRoutes(service.app);
      // SwaggerModule adds the /docs pages to Express itself, outside Nest's controllers: they
      // are governed by HTTP_DOCS (hardening.ts), not by route rules.
      const served = expressRoutes(service).filter((key) => !/^GET \/docs(?:[/-]|$)/.test(key));
      expect(listed.map((r) => r.key).sort()).toEqual(served.sort());
      const rules = Object.fromEntries(listed.map((r) => [r.key, r.rule]));
      expect(rules).toMatchObject({
        'GET /deny/ruled': 'roles',
        'GET /deny/open': 'public',
        'GET /deny/hidden': 'roles',
        'GET /deny/unruled/:memberId': 'none',
        'GET /health/live': 'public',
        'GET /metrics': 'public',
        'GET /audit/disclosures': 'roles',
      });
      expect(listed.find((r) => r.key === 'GET /deny/hidden')?.excludedFromDocs).toBe(true);
    });

    it('refuses it to every valid token (403, audited), as it refuses no token (401)', async () => {
      const memberId = `M-${Date.now().toString(36)}`;
      for (const principal of [supervisor, admin]) {
        const answer = await service.request('GET', `/deny/unruled/${memberId}`, { principal });
        expect(answer.status).toBe(403);
        expect(JSON.stringify(answer.body)).toContain('no access rule');
      }
      expect((await service.request('GET', `/deny/unruled/${memberId}`)).status).toBe(401);
      const rows: { action: string; actor_id: string; resource_id: string }[] = await owner.query(
        `SELECT action, actor_id, resource_id FROM ${SCHEMA}.audit_log WHERE member_id = $1 ORDER BY chain_seq`,
        [memberId],
      );
      expect(rows).toEqual([
        {
          action: 'auth.forbidden',
          actor_id: supervisor.id,
          resource_id: 'GET /deny/unruled/:memberId',
        },
        {
          action: 'auth.forbidden',
          actor_id: admin.id,
          resource_id: 'GET /deny/unruled/:memberId',
        },
        {
          action: 'auth.unauthenticated',
          actor_id: 'anonymous',
          resource_id: 'GET /deny/unruled/:memberId',
        },
      ]);
      // The ruled routes beside it still answer as their rules say.
      expect((await service.request('GET', '/deny/ruled', { principal: supervisor })).status).toBe(
        200,
      );
      expect((await service.request('GET', '/deny/hidden', { principal: supervisor })).status).toBe(
        403,
      );
    });

    it('is documented, so the generated authorization matrix reports it', async () => {
      const operations = await documentedOperations(service);
      const unruled = operations.find((o) => o.key === 'GET /deny/unruled/{memberId}');
      expect(unruled).toMatchObject({ isPublic: false, roles: undefined });
      expect(operations.some((o) => o.template === '/deny/hidden')).toBe(false);
    });
  });
});
