import {
  Body,
  Controller,
  Header,
  HttpCode,
  Inject,
  Post,
  Res,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '@careflow/platform';
import { ReceiveX12InterchangeUseCase } from './use-cases/receive-x12-interchange.use-case';

export const X12_CONTENT_TYPE = 'application/edi-x12';

@ApiTags('x12')
@ApiBearerAuth()
@Controller('x12')
export class X12Controller {
  constructor(
    @Inject(ReceiveX12InterchangeUseCase) private readonly receive: ReceiveX12InterchangeUseCase,
  ) {}

  @Post()
  @HttpCode(200)
  @Header('Content-Type', `${X12_CONTENT_TYPE}; charset=utf-8`)
  @Roles('integrator', 'admin')
  @ApiOperation({
    summary:
      'Receive an X12 interchange (834 benefit enrollment 005010X220A1, 837 claims 005010X222A1 and 005010X223A2)',
    description:
      'Answers in the body the 999 implementation acknowledgment (or the TA1 when the interchange envelope cannot be read), header x12-acknowledgment naming which. Each 834 transaction set without errors is published as coverage.updated events, each 837 set as claims.medical.v1 events (one per claim, claimStage submitted); a set with errors is rejected whole and listed in the 999. The same content sent again publishes nothing and answers its first acknowledgment (x12-duplicate: true).',
  })
  @ApiConsumes(X12_CONTENT_TYPE)
  @ApiBody({ schema: { type: 'string', description: 'One X12 interchange, ISA to IEA.' } })
  @ApiResponse({
    status: 200,
    description: 'The 999 or TA1 acknowledgment.',
    content: { [X12_CONTENT_TYPE]: { schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 413, description: 'Larger than X12_MAX_BYTES.' })
  @ApiResponse({ status: 415, description: `Not sent as ${X12_CONTENT_TYPE}.` })
  async upload(
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    if (typeof body !== 'string' || body.length === 0)
      throw new UnsupportedMediaTypeException(`send one interchange as ${X12_CONTENT_TYPE}`);
    const receipt = await this.receive.execute({ text: body, channel: 'http' });
    response.setHeader('x12-acknowledgment', receipt.kind);
    response.setHeader('x12-duplicate', String(receipt.duplicate));
    return receipt.acknowledgment;
  }
}
