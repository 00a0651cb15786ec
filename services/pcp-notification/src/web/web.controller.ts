import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@careflow/platform';

/** `services/pcp-notification/static`: the worklist page (plain HTML and JavaScript). */
export const STATIC_DIRECTORY = join(__dirname, '..', '..', 'static');

const read = (name: string): string => readFileSync(join(STATIC_DIRECTORY, name), 'utf8');

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The case managers' page. The page itself is public and holds no data; it asks for a token,
 * keeps it in sessionStorage and calls the API with it.
 */
@ApiExcludeController()
@Public()
@Controller()
export class WebController {
  private readonly page = read('index.html');
  private readonly script = read('app.js');
  private readonly style = read('app.css');

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CSP)
  @Header('Cache-Control', 'no-cache')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('X-Content-Type-Options', 'nosniff')
  index(): string {
    return this.page;
  }

  @Get('app.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  script_(): string {
    return this.script;
  }

  @Get('app.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  style_(): string {
    return this.style;
  }
}
