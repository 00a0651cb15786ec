/** The services and the PostgreSQL schema each owns (its name with underscores). */
export const SERVICE_SCHEMAS: Readonly<Record<string, string>> = {
  eligibility: 'eligibility',
  'authorization-routing': 'authorization_routing',
  'case-management': 'case_management',
  'pcp-notification': 'pcp_notification',
  'interop-gateway': 'interop_gateway',
};

/** A service name or a schema name, as given on a command line, as the schema. */
export function schemaOf(name: string): string {
  const schema = SERVICE_SCHEMAS[name] ?? name.replace(/-/g, '_');
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`not a service or schema: ${name}`);
  return schema;
}
