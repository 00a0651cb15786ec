import { Body, Controller, Get, Inject, Param, Put, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { timestamp } from '@careflow/contracts';
import {
  ApiAnswer,
  auditOrigin,
  CurrentPrincipal,
  Roles,
  zodDto,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { LETTER_KINDS, type LetterKind, type LetterTemplate } from './letter-template';
import { LetterTemplateRepository } from './letter-template.repository';
import { TEMPLATE_FIELDS } from './template';
import {
  letterTemplateBody,
  UpdateLetterTemplateUseCase,
} from './use-cases/update-letter-template.use-case';

class KindParams extends zodDto(
  z.object({ kind: z.enum(LETTER_KINDS as [LetterKind, ...LetterKind[]]) }),
) {}
class SaveTemplateBody extends zodDto(letterTemplateBody) {}

const templateAnswer = z.object({
  kind: z.enum(LETTER_KINDS),
  version: z.number().int(),
  body: z.string(),
  source: z.enum(['file', 'admin']).describe('The file it started from, or an admin’s edit.'),
  createdBy: z.string(),
  createdAt: timestamp,
});
const templatesAnswer = z.object({
  templates: z.array(templateAnswer).describe('The current version of each letter kind.'),
  fields: z.record(z.string(), z.string()).describe('Each placeholder and what it inserts.'),
});
const versionsAnswer = z.object({ versions: z.array(templateAnswer) });

/** The program's letter templates: read by supervisors and admins, changed by admins. */
@ApiTags('letter templates')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or an invalid bearer token.' })
@ApiForbiddenResponse({ description: 'Reading needs supervisor or admin; saving needs admin.' })
@Controller('letter-templates')
export class LetterTemplatesController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(LetterTemplateRepository) private readonly templates: LetterTemplateRepository,
    @Inject(UpdateLetterTemplateUseCase)
    private readonly updateLetterTemplate: UpdateLetterTemplateUseCase,
  ) {}

  @Get()
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary: 'The current template of each letter kind, and the placeholders they may use',
  })
  @ApiAnswer(200, 'The templates in use, and the fields they may use.', templatesAnswer)
  async list(): Promise<z.input<typeof templatesAnswer>> {
    const templates: LetterTemplate[] = [];
    for (const kind of LETTER_KINDS)
      templates.push(await this.templates.current(this.dataSource.manager, kind));
    return { templates, fields: TEMPLATE_FIELDS };
  }

  @Get(':kind')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'The versions of one template, newest first' })
  @ApiAnswer(200, 'Every version, newest first.', versionsAnswer)
  async history(@Param() params: KindParams): Promise<z.input<typeof versionsAnswer>> {
    const { kind } = params;
    return { versions: await this.templates.history(this.dataSource.manager, kind) };
  }

  @Put(':kind')
  @Roles('admin')
  @ApiOperation({
    summary: 'Save a new version of a template (letters issued from now on use it)',
    description:
      'Lines starting `# ` are headings, `## ` subheadings, `- ` bullets; an empty line ends a paragraph. `{{name}}` inserts a field; an unknown field answers 400.',
  })
  @ApiAnswer(200, 'The saved version.', templateAnswer)
  async save(
    @Param() params: KindParams,
    @Body() body: SaveTemplateBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<z.input<typeof templateAnswer>> {
    const { kind } = params;
    return this.updateLetterTemplate.execute(
      { kind, body: body.body },
      principal,
      auditOrigin(request),
    );
  }
}
