import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Controller,
  Get,
  Header,
  Inject,
  NotFoundException,
  Param,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
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

/** The page's compiled modules (web/src/*.ts): workspace.js and what it imports. */
const WORKSPACE_MODULES = [
  'workspace.js',
  'workspace-api.js',
  'case-actions.js',
  'live.js',
  'supervisor.js',
];

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

/** The workspace's settings: sign-in, and pcp-notification (letters, PCP calls) it also calls. */
export const workspaceConfigAnswer = webConfigAnswer.extend({
  additionalResources: z
    .array(z.string())
    .describe(
      'Resource indicators also asked for at sign-in; the page gets a token for each with the refresh token.',
    ),
  pcpNotification: z
    .object({
      url: z.string().describe("pcp-notification's address as the browser reaches it."),
      resource: z.string().describe('Its resource indicator.'),
    })
    .nullable()
    .describe('Null when the workspace does not call pcp-notification (no letter preview).'),
});

function workspaceSettings(config: CaseManagementConfig): z.input<typeof workspaceConfigAnswer> {
  const resource = config.WORKSPACE_PCP_NOTIFICATION_RESOURCE;
  const pcpNotification =
    resource === 'none' ? null : { url: config.WORKSPACE_PCP_NOTIFICATION_URL, resource };
  return {
    ...webConfigOf(config),
    additionalResources: pcpNotification ? [pcpNotification.resource] : [],
    pcpNotification,
  };
}

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
  private readonly modules = new Map(WORKSPACE_MODULES.map((name) => [name, read('dist', name)]));
  private readonly csp: string;
  private readonly settings: z.input<typeof workspaceConfigAnswer>;

  constructor(@Inject(CASE_MANAGEMENT_CONFIG) config: CaseManagementConfig) {
    this.settings = workspaceSettings(config);
    this.csp = pageCspOf(
      config,
      this.settings.pcpNotification ? [this.settings.pcpNotification.url] : [],
    );
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

  @Get(':module.js')
  @ApiExcludeEndpoint()
  @Header('Content-Type', SCRIPT)
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  script(@Param('module') name: string): string {
    const module = this.modules.get(`${name}.js`);
    if (module === undefined) throw new NotFoundException('no such module');
    return module;
  }

  @Get('config')
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({
    summary: "The workspace page's sign-in settings",
    description:
      'The OpenID Connect issuer, the public client id, scopes and resource indicators the workspace signs in with (authorization code + PKCE), how often it renews its token, and where pcp-notification is (letter previews and PCP calls, with a second token for its resource). No secret.',
  })
  @ApiAnswer(200, 'Sign-in settings.', workspaceConfigAnswer)
  config(): z.input<typeof workspaceConfigAnswer> {
    return this.settings;
  }
}
