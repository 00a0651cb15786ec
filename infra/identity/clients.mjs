// The registered clients. The worklist (pcp-notification's page) and the workspace
// (case-management's) are public browser clients (authorization code + PKCE S256 only); they are
// registered as `native` here only so their loopback redirect URIs match any port (RFC 8252
// §7.3), as test instances listen on random ports. A real identity provider registers each as a
// single-page application with its exact redirect URI.

export function isLoopback(origin) {
  try {
    return ['127.0.0.1', '[::1]'].includes(new URL(origin).hostname);
  } catch {
    return false;
  }
}

/** A page of one service: a public client whose tokens are for that service by default. */
function browserPage(clientId, name, uris, resource) {
  return {
    client_id: clientId,
    client_name: name,
    application_type: uris.every(isLoopback) ? 'native' : 'web',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: uris,
    post_logout_redirect_uris: uris,
    careflow_first_party: true,
    careflow_default_resource: resource,
  };
}

export function clientsOf(settings, secrets) {
  return [
    browserPage(
      'careflow-worklist',
      'Careflow worklist',
      settings.AUTH_IDP_WORKLIST_REDIRECT_URIS,
      'urn:careflow:pcp-notification',
    ),
    browserPage(
      'careflow-workspace',
      'Careflow case managers’ workspace',
      settings.AUTH_IDP_WORKSPACE_REDIRECT_URIS,
      'urn:careflow:case-management',
    ),
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
