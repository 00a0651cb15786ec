// The shared sign-in script (libs/platform/static/sign-in.js) the page loads before itself.

export interface AccessClaims {
  readonly sub: string;
  readonly name?: string;
  readonly roles?: readonly string[];
}

export interface CareflowSession {
  /** Reads the settings and the provider's discovery; resolves to the session when signed in. */
  load(): Promise<unknown>;
  signIn(): Promise<void>;
  signOut(): void;
  /** Starts renewing the token. */
  resume(): void;
  /** A fetch with the access token; a 401 renews once and retries. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /**
   * A fetch to another service (`base` URL) with an access token for its `resource`, granted at
   * sign-in and obtained with the refresh token; a 401 gets a fresh token once and retries.
   */
  apiAt(base: string, resource: string, path: string, init?: RequestInit): Promise<Response>;
  claims(): AccessClaims | null;
  onSignedOut(listener: (reason: string) => void): void;
}

declare global {
  interface Window {
    readonly careflowSession: CareflowSession;
  }
}
