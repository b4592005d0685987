import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiClient, ApiError, type Me, problemOf, type Tenant } from './api.js';

const STORAGE_KEY = 'greenlink.apiKey';

export interface Session {
  me: Me;
  api: ApiClient;
  /** The key's tenant, when it is bound to one and the tenant is visible. */
  tenant?: Tenant;
}

type State = { status: 'checking' } | { status: 'signedOut'; notice?: string } | { status: 'signedIn'; session: Session };

interface SessionContextValue {
  state: State;
  /** Validates the key with `GET /v1/me`; throws the ApiError to show when it is refused. */
  signIn: (key: string) => Promise<void>;
  signOut: (notice?: string) => void;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

function readStoredKey(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function storeKey(key: string | null): void {
  try {
    if (key === null) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, key);
  } catch {
    // Private windows may refuse storage: the session then lasts until reload.
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>(() => (readStoredKey() ? { status: 'checking' } : { status: 'signedOut' }));

  const signOut = useCallback((notice?: string) => {
    storeKey(null);
    setState({ status: 'signedOut', notice });
  }, []);

  const open = useCallback(
    async (key: string): Promise<Session> => {
      const api = new ApiClient(key, {
        onUnauthorized: () => signOut('The server no longer accepts this API key. Sign in with a valid key.'),
      });
      // The first check runs without the sign-out hook, so a bad key shows its error on the form.
      const me = await new ApiClient(key).me();
      let tenant: Tenant | undefined;
      if (me.tenantId) {
        tenant = await api.get<Tenant>(`/v1/tenants/${encodeURIComponent(me.tenantId)}`).catch(() => undefined);
      }
      return { me, api, tenant };
    },
    [signOut],
  );

  const signIn = useCallback(
    async (key: string) => {
      const session = await open(key.trim());
      storeKey(key.trim());
      setState({ status: 'signedIn', session });
    },
    [open],
  );

  // A key kept from an earlier visit is checked again: it may have been revoked meanwhile.
  useEffect(() => {
    const key = readStoredKey();
    if (!key) return;
    open(key).then(
      (session) => setState({ status: 'signedIn', session }),
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401) signOut('Your saved API key is no longer valid. Sign in again.');
        // Any other failure (server down) keeps the key, so a reload retries it.
        else setState({ status: 'signedOut', notice: `Could not check your saved API key: ${problemOf(err).detail ?? ''}` });
      },
    );
  }, [open, signOut]);

  const value = useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSessionState must be used inside SessionProvider');
  return value;
}

/** The signed-in session; pages render only when there is one. */
export function useSession(): Session {
  const { state } = useSessionState();
  if (state.status !== 'signedIn') throw new Error('useSession needs a signed-in session');
  return state.session;
}
