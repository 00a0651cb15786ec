// The registered clients. The worklist is a public browser client (authorization code + PKCE
// S256 only); it is registered as `native` here only so its loopback redirect URI matches any
// port (RFC 8252 §7.3), as test instances of pcp-notification listen on random ports. A real
// identity provider registers it as a single-page application with its exact redirect URI.

export function isLoopback(origin) {
  try {
    return ['127.0.0.1', '[::1]'].includes(new URL(origin).hostname);
  } catch {
    return false;
  }
}

export function clientsOf(settings, secrets) {
  const worklistUris = settings.AUTH_IDP_WORKLIST_REDIRECT_URIS;
  return [
    {
      client_id: 'careflow-worklist',
      client_name: 'Careflow worklist',
      application_type: worklistUris.every(isLoopback) ? 'native' : 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: worklistUris,
      post_logout_redirect_uris: worklistUris,
      careflow_first_party: true,
      careflow_default_resource: 'urn:careflow:pcp-notification',
    },
    {
      client_id: 'careflow-integrator',
      client_name: 'Careflow integrator (development)',
      client_secret: secrets.clients['careflow-integrator'],
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      careflow_roles: ['integrator'],
      careflow_vendors: settings.AUTH_IDP_INTEGRATOR_VENDORS,
    },
    {
      client_id: 'careflow-dev-tools',
      client_name: 'Careflow development tools',
      client_secret: secrets.clients['careflow-dev-tools'],
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['urn:careflow:params:oauth:grant-type:development-token'],
      response_types: [],
      redirect_uris: [],
    },
  ];
}
