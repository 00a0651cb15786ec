import { isDeepStrictEqual } from 'node:util';
import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { map, type Observable } from 'rxjs';
import type { z } from 'zod';
import { ANSWER_SCHEMA } from './openapi-schema';

/** Thrown when a route answers other than its OpenAPI document says (a defect, answered 500). */
export class UndocumentedAnswerError extends Error {
  override readonly name = 'UndocumentedAnswerError';
}

/**
 * Holds each route's answer to the schema it documents (`@ApiAnswer`): a field missing, of
 * another type, or not documented at all fails the request. On in integration tests
 * (`startTestService`), so every answer a test sees is one the OpenAPI document describes.
 */
@Injectable()
export class AnswerCheckInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const schema = this.reflector.get<z.ZodType | undefined>(ANSWER_SCHEMA, context.getHandler());
    if (context.getType() !== 'http' || !schema) return next.handle();
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    return next.handle().pipe(
      map((answer: unknown) => {
        const parsed = schema.safeParse(answer);
        if (!parsed.success) {
          const issues = parsed.error.issues
            .slice(0, 5)
            .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
          throw new UndocumentedAnswerError(
            `${route} answered outside its documented schema: ${issues.join('; ')}`,
          );
        }
        // The schema strips what it does not know: an answer with more is not fully documented.
        if (!isDeepStrictEqual(asJson(parsed.data), asJson(answer))) {
          throw new UndocumentedAnswerError(
            `${route} answered fields its schema does not document`,
          );
        }
        return answer;
      }),
    );
  }
}

function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
