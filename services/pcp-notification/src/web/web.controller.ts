import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiExcludeController, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
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
import type { PcpNotificationConfig } from '../config';
import { PCP_NOTIFICATION_CONFIG } from '../tokens';

/** `services/pcp-notification/static`: the worklist page (plain HTML and JavaScript). */
export const STATIC_DIRECTORY = join(__dirname, '..', '..', 'static');

const read = (name: string): string => readFileSync(join(STATIC_DIRECTORY, name), 'utf8');

/**
 * The case managers' page. The page itself is public and holds no data; it signs in at the
 * identity provider (authorization code + PKCE), keeps its tokens in sessionStorage and calls
 * the API with the access token.
 */
@ApiExcludeController()
@Public()
@Controller()
export class WebController {
  private readonly page = read('index.html');
  private readonly script = read('app.js');
  private readonly style = read('app.css');
  private readonly csp: string;

  constructor(@Inject(PCP_NOTIFICATION_CONFIG) config: PcpNotificationConfig) {
    this.csp = pageCspOf(config);
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('X-Content-Type-Options', 'nosniff')
  index(@Res({ passthrough: true }) response: Response): string {
    // The issuer's origin is configuration, so the policy is set here rather than in a decorator.
    response.setHeader('Content-Security-Policy', this.csp);
    return this.page;
  }

  @Get('app.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  script_(): string {
    return this.script;
  }

  @Get('sign-in.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  signIn(): string {
    return SIGN_IN_SCRIPT;
  }

  @Get('page.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  pageStyle(): string {
    return PAGE_STYLE;
  }

  @Get('app.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  style_(): string {
    return this.style;
  }
}

/** The page's sign-in settings, public so the page can read them before it has a token. */
@ApiTags('web')
@Public()
@Controller('web')
export class WebConfigController {
  private readonly answer: z.input<typeof webConfigAnswer>;

  constructor(@Inject(PCP_NOTIFICATION_CONFIG) config: PcpNotificationConfig) {
    this.answer = webConfigOf(config);
  }

  @Get('config')
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({
    summary: "The worklist page's sign-in settings",
    description:
      'The OpenID Connect issuer, the public client id, scopes and resource indicator the page signs in with (authorization code + PKCE), and how often it renews its token. No secret.',
  })
  @ApiAnswer(200, 'Sign-in settings.', webConfigAnswer)
  config(): z.input<typeof webConfigAnswer> {
    return this.answer;
  }
}
