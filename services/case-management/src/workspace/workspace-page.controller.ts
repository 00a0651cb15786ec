import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import {
  ApiAnswer,
  PAGE_STYLE,
  Public,
  SIGN_IN_SCRIPT,
  pageCspOf,
  webConfigAnswer,
  webConfigOf,
} from '@careflow/platform';
import type { CaseManagementConfig } from '../config';
import { CASE_MANAGEMENT_CONFIG } from '../tokens';

/** `services/case-management/web`: the page, its style and its compiled TypeScript (`dist`). */
const WEB_DIRECTORY = join(__dirname, '..', '..', 'web');

function read(...path: string[]): string {
  const file = join(WEB_DIRECTORY, ...path);
  if (!existsSync(file)) {
    throw new Error(
      `${file} is missing: build the workspace page (npx tsc -b services/case-management/web)`,
    );
  }
  return readFileSync(file, 'utf8');
}

const SCRIPT = 'text/javascript; charset=utf-8';

/** The page's compiled modules, each served at `/workspace/<name>`. */
const WEB_MODULES = ['workspace.js', 'workspace-api.js', 'live.js', 'supervisor.js'] as const;

/**
 * The case managers' workspace at `/workspace/` (with the shared `page.css` and `sign-in.js`). The files are public and hold no data; the page
 * signs in at the identity provider with the shared sign-in script (its tokens' audience is this
 * service) and calls this service's /workspace API with the access token, same origin.
 */
@ApiTags('workspace')
@Public()
@Controller('workspace')
export class WorkspacePageController {
  private readonly page = read('index.html');
  private readonly style = read('workspace.css');
  private readonly modules = new Map(WEB_MODULES.map((name) => [name, read('dist', name)]));
  private readonly csp: string;
  private readonly settings: z.input<typeof webConfigAnswer>;

  constructor(@Inject(CASE_MANAGEMENT_CONFIG) config: CaseManagementConfig) {
    this.csp = pageCspOf(config);
    this.settings = webConfigOf(config);
  }

  @Get()
  @ApiExcludeEndpoint()
  @Header('Cache-Control', 'no-cache')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('X-Content-Type-Options', 'nosniff')
  index(@Req() request: Request, @Res() response: Response): void {
    // The page's address is its redirect URI: one spelling, with the slash.
    if (!request.path.endsWith('/')) {
      response.redirect(301, '/workspace/');
      return;
    }
    // The issuer's origin is configuration, so the policy is set here rather than in a decorator.
    response.setHeader('Content-Security-Policy', this.csp);
    response.type('text/html; charset=utf-8').send(this.page);
  }

  @Get('page.css')
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  pageStyle(): string {
    return PAGE_STYLE;
  }

  @Get('workspace.css')
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  styleSheet(): string {
    return this.style;
  }

  @Get('sign-in.js')
  @ApiExcludeEndpoint()
  @Header('Content-Type', SCRIPT)
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  signIn(): string {
    return SIGN_IN_SCRIPT;
  }

  @Get('workspace.js')
  @ApiExcludeEndpoint()
  @Header('Content-Type', SCRIPT)
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  script(): string | undefined {
    return this.modules.get('workspace.js');
  }

  @Get('workspace-api.js')
  @ApiExcludeEndpoint()
  @Header('Content-Type', SCRIPT)
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  apiModule(): string | undefined {
    return this.modules.get('workspace-api.js');
  }

  @Get('live.js')
  @ApiExcludeEndpoint()
  @Header('Content-Type', SCRIPT)
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  liveModule(): string | undefined {
    return this.modules.get('live.js');
  }

  @Get('supervisor.js')
  @ApiExcludeEndpoint()
  @Header('Content-Type', SCRIPT)
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  supervisorModule(): string | undefined {
    return this.modules.get('supervisor.js');
  }

  @Get('config')
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({
    summary: "The workspace page's sign-in settings",
    description:
      'The OpenID Connect issuer, the public client id, scopes and resource indicator the workspace signs in with (authorization code + PKCE), and how often it renews its token. No secret.',
  })
  @ApiAnswer(200, 'Sign-in settings.', webConfigAnswer)
  config(): z.input<typeof webConfigAnswer> {
    return this.settings;
  }
}
