// A Careflow page's sign-in (the worklist, the workspace): OpenID Connect authorization code flow
// with PKCE (S256) as a public client, against the issuer its settings route names (the script
// tag's data-config, e.g. /web/config); the page's own address is the redirect URI. Tokens live in sessionStorage (this tab
// only); the access token is renewed with the refresh token every sessionCheckSeconds and before
// it expires, and a refused renewal (the session ended at the identity provider) signs out.
(function () {
  'use strict';
  var SESSION_KEY = 'careflow.session';
  var PENDING_KEY = 'careflow.sign-in';
  var OTHER_TOKENS_KEY = 'careflow.other-tokens';
  var settings = null;
  var endpoints = null;
  var renewTimer = null;
  var renewing = null;
  var listeners = { signedOut: [] };
  var CONFIG_PATH = document.currentScript.dataset.config;

  function b64url(bytes) {
    var s = '';
    new Uint8Array(bytes).forEach(function (b) {
      s += String.fromCharCode(b);
    });
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function random() {
    return b64url(crypto.getRandomValues(new Uint8Array(32)));
  }
  function redirectUri() {
    return location.origin + location.pathname;
  }
  function stored() {
    try {
      return JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
    } catch (e) {
      return null;
    }
  }
  function store(answer) {
    var previous = stored() || {};
    var session = {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token || previous.refreshToken || null,
      idToken: answer.id_token || previous.idToken || null,
      expiresAt: Date.now() + (answer.expires_in || 300) * 1000,
    };
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    scheduleRenewal();
    return session;
  }
  function form(params) {
    var body = new URLSearchParams();
    Object.keys(params).forEach(function (k) {
      if (params[k]) body.set(k, params[k]);
    });
    return body;
  }
  function tokenRequest(params) {
    return fetch(endpoints.token_endpoint, { method: 'POST', body: form(params) }).then(
      function (r) {
        return r.json().then(function (answer) {
          if (!r.ok) {
            var error = new Error(answer.error || 'token request refused');
            error.refused = true;
            throw error;
          }
          return answer;
        });
      },
    );
  }

  function load() {
    return fetch(CONFIG_PATH)
      .then(function (r) {
        if (!r.ok) throw new Error('The sign-in settings could not be read (' + r.status + ').');
        return r.json();
      })
      .then(function (config) {
        settings = config;
        if (!config.issuer)
          throw new Error('This server has no identity provider to sign in with.');
        return fetch(config.issuer.replace(/\/$/, '') + '/.well-known/openid-configuration');
      })
      .then(function (r) {
        if (!r.ok) throw new Error('The identity provider cannot be reached.');
        return r.json();
      })
      .then(function (discovery) {
        endpoints = discovery;
        return completeSignIn();
      });
  }

  // Back from the identity provider with ?code=&state=: check the state (and issuer), then
  // exchange the code with the PKCE verifier that only this tab knows.
  function completeSignIn() {
    var query = new URLSearchParams(location.search);
    if (!query.has('code') && !query.has('error')) return Promise.resolve(stored());
    history.replaceState(null, '', location.pathname);
    var pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) || 'null');
    sessionStorage.removeItem(PENDING_KEY);
    if (query.has('error')) return Promise.reject(new Error('Sign-in was not completed.'));
    if (!pending || pending.state !== query.get('state')) {
      return Promise.reject(
        new Error('The sign-in answer does not match this tab; sign in again.'),
      );
    }
    if (query.has('iss') && query.get('iss') !== endpoints.issuer) {
      return Promise.reject(new Error('The sign-in answer came from another issuer.'));
    }
    return tokenRequest({
      grant_type: 'authorization_code',
      code: query.get('code'),
      redirect_uri: redirectUri(),
      client_id: settings.clientId,
      code_verifier: pending.verifier,
      resource: settings.resource,
    }).then(store);
  }

  function signIn() {
    var verifier = random();
    var state = random();
    return crypto.subtle
      .digest('SHA-256', new TextEncoder().encode(verifier))
      .then(function (digest) {
        sessionStorage.setItem(PENDING_KEY, JSON.stringify({ state: state, verifier: verifier }));
        var url = new URL(endpoints.authorization_endpoint);
        var query = form({
          response_type: 'code',
          client_id: settings.clientId,
          redirect_uri: redirectUri(),
          scope: settings.scope,
          state: state,
          nonce: random(),
          code_challenge: b64url(digest),
          code_challenge_method: 'S256',
          resource: settings.resource,
        });
        // The other services the page calls (RFC 8707): granted now, their tokens come later.
        (settings.additionalResources || []).forEach(function (r) {
          query.append('resource', r);
        });
        url.search = query.toString();
        location.assign(url.toString());
      });
  }

  function clear(reason) {
    if (renewTimer) clearTimeout(renewTimer);
    renewTimer = null;
    sessionStorage.removeItem(SESSION_KEY);
    sessionStorage.removeItem(OTHER_TOKENS_KEY);
    listeners.signedOut.forEach(function (listener) {
      listener(reason);
    });
  }

  // Every use of the refresh token, one at a time: the provider may rotate it on each use, and a
  // rotated token used twice ends the session. Answers the token endpoint's answer.
  var refreshQueue = Promise.resolve();
  function useRefreshToken(resource) {
    var run = refreshQueue.then(function () {
      var session = stored();
      if (!session || !session.refreshToken) throw new Error('signed out');
      return tokenRequest({
        grant_type: 'refresh_token',
        refresh_token: session.refreshToken,
        client_id: settings.clientId,
        resource: resource,
      });
    });
    refreshQueue = run.catch(function () {});
    return run;
  }

  // One renewal at a time; a refusal by the provider ends the session here too.
  function renew() {
    var session = stored();
    if (!session || !session.refreshToken) {
      clear('Your session ended. Sign in again.');
      return Promise.reject(new Error('signed out'));
    }
    renewing =
      renewing ||
      useRefreshToken(settings.resource)
        .then(store)
        .catch(function (error) {
          if (error.refused) clear('Your session ended. Sign in again.');
          else scheduleRenewal(15);
          throw error;
        })
        .finally(function () {
          renewing = null;
        });
    return renewing;
  }

  function scheduleRenewal(inSeconds) {
    var session = stored();
    if (!session) return;
    if (renewTimer) clearTimeout(renewTimer);
    var beforeExpiry = (session.expiresAt - Date.now()) / 1000 - 30;
    var delay = inSeconds || Math.max(1, Math.min(settings.sessionCheckSeconds, beforeExpiry));
    renewTimer = setTimeout(function () {
      renew().catch(function () {});
    }, delay * 1000);
  }

  function signOut() {
    var session = stored();
    clear('');
    if (!session) return;
    var done = endpoints.revocation_endpoint
      ? fetch(endpoints.revocation_endpoint, {
          method: 'POST',
          body: form({ token: session.refreshToken, client_id: settings.clientId }),
        }).catch(function () {})
      : Promise.resolve();
    done.then(function () {
      if (!endpoints.end_session_endpoint) return;
      var url = new URL(endpoints.end_session_endpoint);
      url.search = form({
        id_token_hint: session.idToken,
        post_logout_redirect_uri: redirectUri(),
        client_id: settings.clientId,
      }).toString();
      location.assign(url.toString());
    });
  }

  // A 401 renews the token once and retries; a failed renewal has signed the page out.
  function api(path, options, retried) {
    options = options || {};
    var session = stored();
    var headers = Object.assign(
      { Authorization: 'Bearer ' + (session ? session.accessToken : '') },
      options.headers || {},
    );
    return fetch(path, Object.assign({}, options, { headers: headers })).then(function (response) {
      if (response.status !== 401) return response;
      if (retried) {
        // A fresh token refused too: this service does not accept what the provider issues.
        clear(
          'This service does not accept your sign-in (a configuration problem); ask an administrator.',
        );
        throw new Error('unauthorized');
      }
      return renew().then(
        function () {
          return api(path, options, true);
        },
        function () {
          throw new Error('unauthorized');
        },
      );
    });
  }

  // An access token for another service granted at sign-in (settings.additionalResources): the
  // refresh token is exchanged for one with that resource (RFC 8707), keeping the rotated one.
  function otherTokens() {
    try {
      return JSON.parse(sessionStorage.getItem(OTHER_TOKENS_KEY) || '{}');
    } catch (e) {
      return {};
    }
  }
  function tokenFor(resource, fresh) {
    var cached = otherTokens()[resource];
    if (!fresh && cached && cached.expiresAt - Date.now() > 30000) {
      return Promise.resolve(cached.accessToken);
    }
    return useRefreshToken(resource).then(function (answer) {
      var session = stored();
      if (session && answer.refresh_token) {
        session.refreshToken = answer.refresh_token;
        sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
      }
      var tokens = otherTokens();
      tokens[resource] = {
        accessToken: answer.access_token,
        expiresAt: Date.now() + (answer.expires_in || 300) * 1000,
      };
      sessionStorage.setItem(OTHER_TOKENS_KEY, JSON.stringify(tokens));
      return answer.access_token;
    });
  }

  // A fetch to another service (its base URL and resource indicator) with its own token; a 401
  // fetches a fresh token once and retries.
  function apiAt(base, resource, path, options, retried) {
    options = options || {};
    return tokenFor(resource, retried).then(function (token) {
      var headers = Object.assign({ Authorization: 'Bearer ' + token }, options.headers || {});
      return fetch(
        base.replace(/\/$/, '') + path,
        Object.assign({}, options, { headers: headers }),
      ).then(function (response) {
        if (response.status !== 401 || retried) return response;
        return apiAt(base, resource, path, options, true);
      });
    });
  }

  // The access token's claims (name, roles) for the page header; the API checks the token.
  function claims() {
    var session = stored();
    try {
      var part = session.accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(part));
    } catch (e) {
      return null;
    }
  }

  window.careflowSession = {
    api: api,
    apiAt: apiAt,
    claims: claims,
    load: load,
    signIn: signIn,
    signOut: signOut,
    renew: renew,
    end: clear,
    resume: function () {
      scheduleRenewal();
    },
    accessToken: function () {
      var session = stored();
      return session ? session.accessToken : null;
    },
    onSignedOut: function (listener) {
      listeners.signedOut.push(listener);
    },
  };
})();
