import { zodDto } from '@careflow/platform';
import { BadRequestException, Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { CurrentPrincipal, Roles, type Principal } from '@careflow/platform';
import {
  LETTER_KINDS,
  LetterTemplates,
  type LetterKind,
  type LetterTemplate,
} from './letter-templates.service';
import { MAX_TEMPLATE_LENGTH, TEMPLATE_FIELDS, templateProblems } from './template';

class KindParams extends zodDto(
  z.object({ kind: z.enum(LETTER_KINDS as [LetterKind, ...LetterKind[]]) }),
) {}
const saveSchema = z.object({ body: z.string().max(MAX_TEMPLATE_LENGTH) }).strict();
class SaveTemplateBody extends zodDto(saveSchema) {}

/** The program's letter templates: read by supervisors and admins, changed by admins. */
@ApiTags('letter templates')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or an invalid bearer token.' })
@ApiForbiddenResponse({ description: 'Reading needs supervisor or admin; saving needs admin.' })
@Controller('letter-templates')
export class LetterTemplatesController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(LetterTemplates) private readonly templates: LetterTemplates,
  ) {}

  @Get()
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary: 'The current template of each letter kind, and the placeholders they may use',
  })
  @ApiOkResponse({
    description: '`{ templates: LetterTemplate[], fields: { name: description } }`',
  })
  async list(): Promise<{ templates: LetterTemplate[]; fields: typeof TEMPLATE_FIELDS }> {
    const templates: LetterTemplate[] = [];
    for (const kind of LETTER_KINDS)
      templates.push(await this.templates.current(this.dataSource.manager, kind));
    return { templates, fields: TEMPLATE_FIELDS };
  }

  @Get(':kind')
  @Roles('supervisor', 'admin')
  @ApiParam({ name: 'kind', enum: LETTER_KINDS })
  @ApiOperation({ summary: 'The versions of one template, newest first' })
  @ApiOkResponse({ description: '`{ versions: LetterTemplate[] }`' })
  async history(@Param() params: KindParams): Promise<{ versions: LetterTemplate[] }> {
    const { kind } = params;
    return { versions: await this.templates.history(this.dataSource.manager, kind) };
  }

  @Put(':kind')
  @Roles('admin')
  @ApiParam({ name: 'kind', enum: LETTER_KINDS })
  @ApiOperation({
    summary: 'Save a new version of a template (letters issued from now on use it)',
    description:
      'Lines starting `# ` are headings, `## ` subheadings, `- ` bullets; an empty line ends a paragraph. `{{name}}` inserts a field; an unknown field answers 400.',
  })
  @ApiBody({
    schema: { type: 'object', required: ['body'], properties: { body: { type: 'string' } } },
  })
  @ApiOkResponse({ description: 'The saved version.' })
  async save(
    @Param() params: KindParams,
    @Body() body: SaveTemplateBody,
    @CurrentPrincipal() principal: Principal,
  ): Promise<LetterTemplate> {
    const { kind } = params;
    const text = body.body;
    const problems = templateProblems(text);
    if (problems.length > 0) {
      throw new BadRequestException({
        message: 'invalid template',
        issues: problems.map((message) => ({ path: 'body', message })),
      });
    }
    return this.dataSource.transaction((manager) =>
      this.templates.save(manager, kind, text, principal.id),
    );
  }
}
