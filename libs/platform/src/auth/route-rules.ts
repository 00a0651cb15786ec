import { RequestMethod, type INestApplicationContext, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from './auth.guard';
import type { Role } from './principal';

/** One HTTP route of the app, as Nest registers it, with its access rule. */
export interface RegisteredRoute {
  /** `GET /cases/:caseId` (Express's template). */
  readonly key: string;
  readonly method: string;
  /** `/cases/:caseId`. */
  readonly path: string;
  readonly controller: string;
  readonly handler: string;
  /** `public` (`@Public()`), `roles` (`@Roles(...)`) or `none`: refused by the guard. */
  readonly rule: 'public' | 'roles' | 'none';
  readonly roles: readonly Role[];
  /** `@ApiExcludeEndpoint()` or `@ApiExcludeController()`: absent from the OpenAPI document. */
  readonly excludedFromDocs: boolean;
}

/**
 * Every HTTP route of the app's controllers, read from the same metadata Nest's router explorer
 * registers them by (event handlers carry no request method and are not routes). No global prefix
 * or versioning is used by Careflow, so the path is the controller's path and the method's.
 */
export function registeredRoutes(app: INestApplicationContext): RegisteredRoute[] {
  const reflector = new Reflector();
  const routes: RegisteredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of methodNames(prototype)) {
        const handler = prototype[name] as (...args: unknown[]) => unknown;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const targets = [handler, controller];
        const isPublic = reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true;
        const roles = reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
        const excludedFromDocs =
          (
            Reflect.getMetadata(DECORATORS.API_EXCLUDE_ENDPOINT, handler) as
              { disable?: boolean } | undefined
          )?.disable === true ||
          (
            Reflect.getMetadata(DECORATORS.API_EXCLUDE_CONTROLLER, controller) as
              boolean[] | undefined
          )?.[0] === true;
        for (const path of pathsOf(controller, handler)) {
          const verb = RequestMethod[method];
          routes.push({
            key: `${verb} ${path}`,
            method: verb,
            path,
            controller: controller.name,
            handler: name,
            rule: isPublic ? 'public' : roles && roles.length > 0 ? 'roles' : 'none',
            roles: roles ?? [],
            excludedFromDocs,
          });
        }
      }
    }
  }
  return routes;
}

/** The routes that are neither `@Public()` nor `@Roles(...)`: the guard refuses them all (403). */
export function routesWithoutRule(app: INestApplicationContext): RegisteredRoute[] {
  return registeredRoutes(app).filter((r) => r.rule === 'none');
}

/** `GET /cases/:caseId (CasesController.get)`, one per line: for the start-up refusal. */
export function describeRoutes(routes: readonly RegisteredRoute[]): string {
  return routes.map((r) => `${r.key} (${r.controller}.${r.handler})`).join('\n');
}

function methodNames(prototype: Record<string, unknown>): string[] {
  const names = new Set<string>();
  for (
    let p: object | null = prototype;
    p && p !== Object.prototype;
    p = Object.getPrototypeOf(p) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(p)) {
      if (
        name !== 'constructor' &&
        typeof Object.getOwnPropertyDescriptor(p, name)?.value === 'function'
      )
        names.add(name);
    }
  }
  return [...names];
}

function pathsOf(controller: Type<unknown>, handler: object): string[] {
  const bases = asList(Reflect.getMetadata(PATH_METADATA, controller));
  const ends = asList(Reflect.getMetadata(PATH_METADATA, handler));
  return bases.flatMap((base) => ends.map((end) => joinPath(base, end)));
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [typeof value === 'string' ? value : '/'];
}

function joinPath(base: string, end: string): string {
  const joined = `/${[base, end]
    .flatMap((p) => p.split('/'))
    .filter((s) => s.length > 0)
    .join('/')}`;
  return joined;
}
